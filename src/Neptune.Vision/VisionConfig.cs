using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Neptune.Configuration;
using Neptune.Language;
using Neptune.Models;
using Neptune.Models.Middleware;
using Neptune.Vision.Caching;
using Neptune.Vision.Detection;
using Neptune.Vision.Endpoints;
using Neptune.Vision.Grounding;
using Neptune.Vision.Prompting;
using Neptune.Vision.Scoring;

namespace Neptune.Vision;

/// <summary>Which detector a config selects.</summary>
public enum DetectorKind
{
    /// <summary>The vision model itself, asked for <c>bbox_2d</c> boxes.</summary>
    Vlm = 0,

    /// <summary>Grounding DINO behind Roboflow Inference.</summary>
    Roboflow = 1,

    /// <summary>Boxes given with the image (dataset proposals or annotations).</summary>
    Annotations = 2,
}

/// <summary>
/// The perception part of a config file: <c>{"programs": "FILE", "vision": {…}, "detector": {…}}</c>. The
/// <c>vision</c> section lists <c>endpoints</c> (each read by <see cref="ModelEndpointOptionsJson"/>, all serving the
/// same model), the <c>pool</c> strategy, the score <c>cache</c> file and the scoring and prompt settings; the
/// <c>detector</c> section picks <c>vlm</c>, <c>roboflow</c> or <c>annotations</c> with their settings; <c>programs</c>
/// names a <c>neptune programs</c> config file (LLM backend, program cache, template). The fields are those of
/// <see cref="Schema"/> (snake_case; the old camelCase spellings still work with a deprecation note); unknown fields
/// are errors. Relative paths resolve against the config file's folder.
/// </summary>
public sealed record VisionConfig
{
    /// <summary>The endpoints of the vision model (one model, several servers).</summary>
    public required IReadOnlyList<ModelEndpointOptions> Endpoints { get; init; }

    /// <summary>How requests spread over the endpoints.</summary>
    public PoolStrategy Pool { get; init; } = PoolStrategy.LeastBusy;

    /// <summary>Failed requests in a row (after an endpoint's own retries) after which the pool skips that endpoint for <see cref="PoolCoolDown"/>.</summary>
    public int PoolFailureThreshold { get; init; } = 3;

    /// <summary>How long the pool skips an endpoint that failed <see cref="PoolFailureThreshold"/> requests in a row.</summary>
    public TimeSpan PoolCoolDown { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The score-cache file; null keeps answers in memory only.</summary>
    public string? CachePath { get; init; }

    /// <summary>Scoring and prompt options.</summary>
    public VlmOptions Vlm { get; init; } = VlmOptions.Default;

    /// <summary>The detector.</summary>
    public DetectorKind Detector { get; init; } = DetectorKind.Vlm;

    /// <summary>Options of the VLM grounding detector.</summary>
    public VlmGroundingOptions Grounding { get; init; } = new();

    /// <summary>Options of the Roboflow detector (required when <see cref="Detector"/> is <see cref="DetectorKind.Roboflow"/>).</summary>
    public RoboflowGroundingOptions? Roboflow { get; init; }

    /// <summary>Filtering of annotation boxes.</summary>
    public DetectionOptions AnnotationFilter { get; init; } = new() { MinConfidence = 0, IouThreshold = 1, MaxObjects = 10_000, MinSide = 0 };

    /// <summary>The <c>neptune programs</c> config file, when the config names one.</summary>
    public string? ProgramsConfigPath { get; init; }

    /// <summary>How programs make their model calls (<c>evaluation</c>).</summary>
    public EvaluationMode Evaluation { get; init; }

    /// <summary>The fields of the <c>vision</c> section.</summary>
    public static ConfigSchema VisionSchema { get; } = new("ask.vision", "The vision model: endpoints, score cache, scoring and visual prompts", [
        new ConfigField { Name = "endpoints", Kind = ConfigValueKind.ObjectList, Section = ModelEndpointOptionsJson.Schema, Required = true, Description = "The servers of the vision model (one model, several servers), each an endpoint object." },
        ConfigField.Choice("pool", ["least-busy", "round-robin"], "How requests spread over the endpoints.", "least-busy"),
        ConfigField.Integer("pool_failure_threshold", 1, 1_000_000, "Failed requests in a row (after an endpoint's own retries) after which the pool skips that endpoint for pool_cool_down_seconds; while every endpoint is skipped, requests fail at once as endpoint unavailable.", "3"),
        ConfigField.Number("pool_cool_down_seconds", 0, 86_400, "How long the pool skips an endpoint that failed pool_failure_threshold requests in a row; 0 never skips.", "30"),
        ConfigField.Choice("thinking", ["off", "server"], "off sends chat_template_kwargs.enable_thinking = false (vLLM, SGLang, llama.cpp with --jinja) unless an endpoint sets its own; server leaves it to the server.", "server"),
        ConfigField.Path("cache", ConfigValueKind.File, "The score-cache database (SQLite, created when missing; a .jsonl path names an older JSON-lines cache, imported into the .db beside it); null keeps answers in memory only.", "memory"),
        ConfigField.Boolean("crops", "Attach a crop of each box beside the full image.", "true"),
        ConfigField.Integer("max_image_side", 64, 16384, "Downscale images so their longer side is at most this; null sends them as they are.", "1280"),
        ConfigField.Text("system_prompt", "A system message sent first; null sends none."),
        ConfigField.Text("score_instruction", "The instruction after a score question.", "built in"),
        ConfigField.Text("query_instruction", "The instruction after a query question.", "built in"),
        ConfigField.Integer("top_logprobs", 1, 20, "Top log-probabilities requested per token.", "20"),
        ConfigField.Choice("aggregation", ["sum", "max"], "How the variants of Yes and No in the top log-probabilities combine.", "sum"),
        ConfigField.Number("missing_bucket_logprob", double.MinValue, 0, "The log-probability given to Yes or No when it is absent from the top list while the other is present; null fails such scores as malformed.", "ln(1e-6) ≈ −13.8"),
        ConfigField.Choice("when_both_missing", ["neutral", "answer-text", "fail"], "When neither Yes nor No is among the top log-probabilities.", "neutral"),
        ConfigField.Choice("when_no_logprobs", ["neutral", "answer-text", "fail"], "When the server returns no log-probabilities.", "neutral"),
        ConfigField.Integer("max_tuples_per_score", 1, 10_000_000, "The most object tuples one score call may ask about.", "20000"),
        ConfigField.Integer("max_pending_requests", 1, 100_000, "Requests queued at once.", "twice the endpoints' capacity, at least 256"),
        ConfigField.Integer("query_max_tokens", 1, 4096, "The completion limit of a query answer.", "16"),
    ]);

    /// <summary>The fields of the <c>detector</c> section.</summary>
    public static ConfigSchema DetectorSchema { get; } = new("ask.detector", "The detector that proposes the objects", [
        new ConfigField { Name = "kind", Kind = ConfigValueKind.Choice, Choices = ["vlm", "roboflow", "annotations"], Required = true, Description = "vlm: the vision model asked for bbox_2d boxes; roboflow: Grounding DINO behind Roboflow Inference; annotations: boxes given with the image (--boxes)." },
        ConfigField.Number("min_confidence", 0, 1, "Drop boxes below this confidence.", "0.3 (roboflow, annotations: 0)"),
        ConfigField.Number("iou_threshold", 0, 1, "Non-maximum suppression: drop a box overlapping a better one by more than this.", "0.7 (annotations: 1)", minimumExclusive: true),
        ConfigField.Boolean("class_agnostic", "Suppress overlapping boxes whatever their labels.", "true"),
        ConfigField.Integer("max_objects", 1, 10_000, "Keep at most this many boxes.", "50 (annotations: 10000)"),
        ConfigField.Choice("coordinates", ["relative-1000", "resized-pixels", "image-pixels"], "vlm only: how the model writes box coordinates (Qwen3-VL: relative-1000, Qwen2.5-VL: resized-pixels).", "relative-1000"),
        ConfigField.Integer("max_pixels", 56 * 56, int.MaxValue, "vlm only: the largest pixel count of the model's image resize rule.", "1003520"),
        ConfigField.Integer("min_pixels", 1, int.MaxValue, "vlm only: the smallest pixel count of the model's image resize rule.", "3136"),
        ConfigField.Text("prompt", "vlm only: the grounding prompt template.", "built in"),
        ConfigField.Url("endpoint", "roboflow only (required): the Roboflow Inference server."),
        ConfigField.Text("api_key_variable", "roboflow only: the environment variable holding the API key."),
        ConfigField.Number("box_threshold", 0, 1, "roboflow only: Grounding DINO's box threshold.", "0.35"),
        ConfigField.Number("text_threshold", 0, 1, "roboflow only: Grounding DINO's text threshold.", "0.25"),
        ConfigField.Number("timeout_seconds", 0, 3600, "roboflow only: the limit of one request.", "60", minimumExclusive: true),
        ConfigField.Integer("max_retries", 0, 20, "roboflow only: retries of a failed request.", "3"),
    ]);

    /// <summary>The fields of an ask config file (<c>neptune ask --config FILE</c>, <c>neptune eval --vision FILE</c>).</summary>
    public static ConfigSchema Schema { get; } = new("ask", "An ask config (`neptune ask --config FILE`, `neptune eval --vision FILE`)", [
        ConfigField.Path("programs", ConfigValueKind.ExistingFile, "The `neptune programs` config file (LLM backend, program cache, template) that writes the programs."),
        ConfigField.Object("vision", VisionSchema, "The vision model (required)."),
        ConfigField.Object("detector", DetectorSchema, "The detector.") with { Default = "vlm" },
        ConfigField.Choice("evaluation", [.. EvaluationModes.Available], "How the program makes its model calls (every mode gives the same answer): eager = each call when the program reaches it, one after another; prefetch = the `score()` calls written with literal arguments are issued together before the run (one shared round trip; those the run does not reach are counted as speculative); lazy = only the tuples that can change the result are scored (counts, quantifiers, `iota` and `given` refine interval bounds of the unscored cells).", "eager"),
        ConfigField.Text("description", "Free text describing the config."),
        ConfigField.Text("$schema", "A JSON-schema reference for editors; ignored."),
    ]);

    private static readonly Dictionary<string, DetectorKind[]> DetectorFieldKinds = new(StringComparer.Ordinal)
    {
        ["coordinates"] = [DetectorKind.Vlm],
        ["max_pixels"] = [DetectorKind.Vlm],
        ["min_pixels"] = [DetectorKind.Vlm],
        ["prompt"] = [DetectorKind.Vlm],
        ["endpoint"] = [DetectorKind.Roboflow],
        ["api_key_variable"] = [DetectorKind.Roboflow],
        ["box_threshold"] = [DetectorKind.Roboflow],
        ["text_threshold"] = [DetectorKind.Roboflow],
        ["timeout_seconds"] = [DetectorKind.Roboflow],
        ["max_retries"] = [DetectorKind.Roboflow],
    };

    /// <summary>Loads a config file; relative paths in it resolve against its folder.</summary>
    /// <param name="path">The file.</param>
    /// <param name="notes">Receives deprecation notes (old field spellings); null drops them.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelConfigurationException">The file is invalid; the message names the field and the file.</exception>
    /// <exception cref="InputFileException">The file is missing, a directory or not UTF-8 text.</exception>
    public static VisionConfig Load(string path, ConfigNotes? notes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return Read(ConfigReader.ForFile(path, Schema, notes));
        }
        catch (ConfigException e)
        {
            throw new ModelConfigurationException(e.Message, e);
        }
    }

    /// <summary>Reads a config from JSON; relative paths resolve against the current directory.</summary>
    /// <param name="root">The config object.</param>
    /// <param name="where">Its origin, for messages.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelConfigurationException">A field is missing, unknown or out of range.</exception>
    public static VisionConfig Parse(JsonElement root, string where)
    {
        ArgumentNullException.ThrowIfNull(where);
        try
        {
            return Read(ConfigReader.ForElement(root, Schema, new ConfigSource { Name = where, BaseDirectory = Directory.GetCurrentDirectory() }));
        }
        catch (ConfigException e)
        {
            throw new ModelConfigurationException(e.Message, e);
        }
    }

    /// <summary>Reads a config object.</summary>
    /// <param name="reader">A reader over <see cref="Schema"/>.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ConfigException">A field is missing, unknown, mistyped or out of range.</exception>
    /// <exception cref="ModelConfigurationException">The fields are inconsistent.</exception>
    public static VisionConfig Read(ConfigReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ConfigReader vision = reader.Section("vision") ?? throw reader.Error("vision", "required: the vision model's endpoints");
        VisionConfig config = ReadVision(vision);
        config = config with { ProgramsConfigPath = reader.Path("programs") };
        if (reader.Choice("evaluation") is { } evaluation)
        {
            config = config with { Evaluation = ParseEvaluation(reader, evaluation) };
        }
        if (reader.Section("detector") is { } detector)
        {
            config = ReadDetector(config, detector);
        }

        try
        {
            config.Vlm.Validate();
            config.Grounding.Filter.Validate();
            config.Roboflow?.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ModelConfigurationException($"{reader.Source.Name}: {e.Message}", e);
        }

        return config;
    }

    /// <summary>Builds the client: one pipeline per endpoint (concurrency limit, retries) in a pool (which also cools down failing endpoints).</summary>
    /// <param name="usage">Counters for model calls, or null.</param>
    /// <returns>The client.</returns>
    /// <exception cref="ModelConfigurationException">An endpoint is invalid or its key variable is not set.</exception>
    public IChatClient CreateClient(ModelUsage? usage = null)
    {
        PoolMember[] members = [.. Endpoints.Select(e => new PoolMember(e.Endpoint.ToString(), ModelClientBuilder.ForEndpoint(e, usage), e.MaxConcurrentRequests))];
        return new EndpointPool(members, Pool, PoolFailureThreshold, PoolCoolDown);
    }

    /// <summary>Opens the score cache (the file when configured, else memory).</summary>
    /// <returns>The cache.</returns>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public ScoreCache OpenCache() => CachePath is null ? ScoreCache.InMemory() : ScoreCache.Open(CachePath);

    /// <summary>Builds the vision model over a client.</summary>
    /// <param name="client">The client (from <see cref="CreateClient"/>).</param>
    /// <param name="cache">The score cache.</param>
    /// <returns>The model.</returns>
    public VisionLanguageModel CreateModel(IChatClient client, ScoreCache? cache) =>
        new(client, Endpoints[0].Model, Vlm, cache);

    /// <summary>Builds the configured detector.</summary>
    /// <param name="model">The vision model (for VLM grounding).</param>
    /// <param name="annotations">The boxes for <see cref="DetectorKind.Annotations"/>.</param>
    /// <returns>The detector.</returns>
    /// <exception cref="ModelConfigurationException">The detector needs settings or boxes that are missing.</exception>
    public IObjectDetector CreateDetector(VisionLanguageModel model, IEnumerable<Perception.DetectedObject>? annotations = null) => Detector switch
    {
        DetectorKind.Vlm => new VlmGroundingDetector(model, Grounding),
        DetectorKind.Roboflow => new RoboflowGroundingDinoDetector(Roboflow ?? throw new ModelConfigurationException("detector: the roboflow detector needs an 'endpoint'")),
        _ => new AnnotationDetector(annotations ?? throw new ModelConfigurationException("detector: the annotations detector needs boxes (--boxes FILE)"), AnnotationFilter),
    };

    /// <summary>Reads an evaluation mode's name for the field <c>evaluation</c>.</summary>
    /// <param name="reader">The reader, for the message.</param>
    /// <param name="text">The name.</param>
    /// <returns>The mode.</returns>
    /// <exception cref="ConfigException">The mode is not available.</exception>
    public static EvaluationMode ParseEvaluation(ConfigReader reader, string text)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return EvaluationModes.TryParse(text, out EvaluationMode mode, out string? error) ? mode : throw reader.Error("evaluation", error!);
    }

    /// <summary>
    /// Builds the configured detector to feed the referring-expression operators: its own confidence cut is the
    /// operators' detector threshold (VIRO's 0.2 by default; <c>detector_threshold</c>), so FIND sees every box at or
    /// above it and none below — Grounding DINO's <c>box_threshold</c> and the detector's <c>min_confidence</c> are set
    /// to it — and its answers are kept in the score cache (<see cref="CachedObjectDetector"/>).
    /// </summary>
    /// <param name="model">The vision model (for VLM grounding).</param>
    /// <param name="cache">The score cache the detections are kept in.</param>
    /// <param name="detectorThreshold">The operators' detector threshold, in [0, 1].</param>
    /// <param name="annotations">The boxes for <see cref="DetectorKind.Annotations"/>.</param>
    /// <returns>The detector.</returns>
    /// <exception cref="ModelConfigurationException">The detector needs settings or boxes that are missing.</exception>
    public IObjectDetector CreateReferringDetector(VisionLanguageModel model, ScoreCache cache, float detectorThreshold = 0.2f, IEnumerable<Perception.DetectedObject>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cache);
        if (!(detectorThreshold is >= 0f and <= 1f))
        {
            throw new ModelConfigurationException($"detector_threshold: must be in [0, 1], got {detectorThreshold.ToString(CultureInfo.InvariantCulture)}");
        }

        switch (Detector)
        {
            case DetectorKind.Vlm:
                VlmGroundingOptions grounding = Grounding with { Filter = Grounding.Filter with { MinConfidence = detectorThreshold } };
                return new CachedObjectDetector(new VlmGroundingDetector(model, grounding), cache, CachedObjectDetector.Fingerprint(
                    "vlm", model.ModelId, model.Options.Fingerprint(), grounding.Coordinates, grounding.ResizeRule, grounding.PromptTemplate, grounding.MaxTokens, grounding.DefaultConfidence, grounding.Filter));
            case DetectorKind.Roboflow:
                RoboflowGroundingOptions roboflow = (Roboflow ?? throw new ModelConfigurationException("detector: the roboflow detector needs an 'endpoint'")) is var r
                    ? r with { BoxThreshold = detectorThreshold, Filter = r.Filter with { MinConfidence = detectorThreshold } }
                    : null!;
                return new CachedObjectDetector(new RoboflowGroundingDinoDetector(roboflow), cache, CachedObjectDetector.Fingerprint(
                    "roboflow", roboflow.Endpoint, roboflow.BoxThreshold, roboflow.TextThreshold, roboflow.ClassAgnosticNms, roboflow.Filter));
            default:
                return CreateDetector(model, annotations);
        }
    }

    private static VisionConfig ReadVision(ConfigReader section)
    {
        List<ModelEndpointOptions> endpoints = [.. section.Sections("endpoints")!.Select(ModelEndpointOptionsJson.Read)];
        if (endpoints.Select(e => e.Model).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw section.Error("endpoints", "every endpoint of a pool must serve the same model");
        }

        var config = new VisionConfig { Endpoints = [] };
        YesNoScoringOptions scoring = YesNoScoringOptions.Default;
        VisualPromptOptions prompt = VisualPromptOptions.Default;
        VlmOptions vlm = VlmOptions.Default;
        if (section.Choice("pool") is { } pool)
        {
            config = config with { Pool = pool == "round-robin" ? PoolStrategy.RoundRobin : PoolStrategy.LeastBusy };
        }

        if (section.Int32("pool_failure_threshold") is int threshold)
        {
            config = config with { PoolFailureThreshold = threshold };
        }

        if (section.Number("pool_cool_down_seconds") is double coolDown)
        {
            config = config with { PoolCoolDown = TimeSpan.FromSeconds(coolDown) };
        }

        config = config with { CachePath = section.Path("cache") };
        if (section.Boolean("crops") is bool crops)
        {
            prompt = prompt with { AttachCrops = crops };
        }

        if (section.Has("max_image_side") || section.IsNull("max_image_side"))
        {
            prompt = prompt with { MaxImageSide = section.Int32("max_image_side") };
        }

        if (section.Has("system_prompt") || section.IsNull("system_prompt"))
        {
            prompt = prompt with { SystemPrompt = section.String("system_prompt") };
        }

        if (section.String("score_instruction") is { } scoreInstruction)
        {
            prompt = prompt with { ScoreInstruction = scoreInstruction };
        }

        if (section.String("query_instruction") is { } queryInstruction)
        {
            prompt = prompt with { QueryInstruction = queryInstruction };
        }

        if (section.Int32("top_logprobs") is int top)
        {
            scoring = scoring with { TopLogprobs = top };
        }

        if (section.Choice("aggregation") is { } aggregation)
        {
            scoring = scoring with { Aggregation = aggregation == "max" ? BucketAggregation.Max : BucketAggregation.Sum };
        }

        if (section.Has("missing_bucket_logprob") || section.IsNull("missing_bucket_logprob"))
        {
            scoring = scoring with { MissingBucketLogprob = section.Number("missing_bucket_logprob") };
        }

        if (section.Choice("when_both_missing") is { } both)
        {
            scoring = scoring with { WhenBothMissing = Action(both) };
        }

        if (section.Choice("when_no_logprobs") is { } none)
        {
            scoring = scoring with { WhenNoLogprobs = Action(none) };
        }

        if (section.Int32("max_tuples_per_score") is int tuples)
        {
            vlm = vlm with { MaxTuplesPerScore = tuples };
        }

        if (section.Int32("query_max_tokens") is int queryTokens)
        {
            vlm = vlm with { QueryMaxTokens = queryTokens };
        }

        if (section.Choice("thinking") == "off")
        {
            endpoints = [.. endpoints.Select(WithoutThinking)];
        }

        // Keep every endpoint busy: twice the pool's capacity, at least the default window.
        vlm = vlm with
        {
            MaxPendingRequests = section.Int32("max_pending_requests")
                ?? Math.Max(VlmOptions.Default.MaxPendingRequests, 2 * endpoints.Sum(e => e.MaxConcurrentRequests)),
        };

        return config with { Endpoints = endpoints, Vlm = vlm with { Scoring = scoring, Prompt = prompt } };
    }

    /// <summary>Adds <c>chat_template_kwargs: {"enable_thinking": false}</c> (vLLM, SGLang, llama.cpp with --jinja) unless the endpoint sets its own.</summary>
    private static ModelEndpointOptions WithoutThinking(ModelEndpointOptions endpoint)
    {
        if (endpoint.ExtraBody.ContainsKey("chat_template_kwargs"))
        {
            return endpoint;
        }

        using JsonDocument kwargs = JsonDocument.Parse("{\"enable_thinking\": false}");
        var extra = new Dictionary<string, JsonElement>(endpoint.ExtraBody) { ["chat_template_kwargs"] = kwargs.RootElement.Clone() };
        return endpoint with { ExtraBody = extra };
    }

    private static VisionConfig ReadDetector(VisionConfig config, ConfigReader section)
    {
        DetectorKind kind = section.Choice("kind") switch
        {
            "roboflow" => DetectorKind.Roboflow,
            "annotations" => DetectorKind.Annotations,
            _ => DetectorKind.Vlm,
        };
        foreach (string name in section.Present)
        {
            if (DetectorFieldKinds.TryGetValue(name, out DetectorKind[]? kinds) && !kinds.Contains(kind))
            {
                throw section.Error(name, $"not a field of the '{section.Choice("kind")}' detector (only of {string.Join(", ", kinds.Select(k => k.ToString().ToLowerInvariant()))})");
            }
        }

        DetectionOptions filter = kind == DetectorKind.Annotations ? config.AnnotationFilter : DetectionOptions.Default;
        if (section.Number("min_confidence") is double minConfidence)
        {
            filter = filter with { MinConfidence = (float)minConfidence };
        }

        if (section.Number("iou_threshold") is double iou)
        {
            filter = filter with { IouThreshold = (float)iou };
        }

        if (section.Boolean("class_agnostic") is bool agnostic)
        {
            filter = filter with { ClassAgnostic = agnostic };
        }

        if (section.Int32("max_objects") is int maxObjects)
        {
            filter = filter with { MaxObjects = maxObjects };
        }

        switch (kind)
        {
            case DetectorKind.Vlm:
                VlmGroundingOptions grounding = config.Grounding;
                if (section.Choice("coordinates") is { } coordinates)
                {
                    grounding = grounding with
                    {
                        Coordinates = coordinates switch
                        {
                            "resized-pixels" => GroundingCoordinates.ResizedPixels,
                            "image-pixels" => GroundingCoordinates.ImagePixels,
                            _ => GroundingCoordinates.Relative1000,
                        },
                    };
                }

                if (section.Int32("max_pixels") is int maxPixels)
                {
                    grounding = grounding with { ResizeRule = grounding.ResizeRule with { MaxPixels = maxPixels } };
                }

                if (section.Int32("min_pixels") is int minPixels)
                {
                    grounding = grounding with { ResizeRule = grounding.ResizeRule with { MinPixels = minPixels } };
                }

                if (section.String("prompt") is { } promptTemplate)
                {
                    grounding = grounding with { PromptTemplate = promptTemplate };
                }

                return config with { Detector = kind, Grounding = grounding with { Filter = filter } };
            case DetectorKind.Roboflow:
                RoboflowGroundingOptions roboflow = new() { Endpoint = section.Url("endpoint") ?? throw section.Error("endpoint", "required for the roboflow detector") };
                if (section.String("api_key_variable") is { } key)
                {
                    roboflow = roboflow with { ApiKeyVariable = key };
                }

                if (section.Number("box_threshold") is double box)
                {
                    roboflow = roboflow with { BoxThreshold = (float)box };
                }

                if (section.Number("text_threshold") is double text)
                {
                    roboflow = roboflow with { TextThreshold = (float)text };
                }

                if (section.Number("timeout_seconds") is double timeout)
                {
                    roboflow = roboflow with { Timeout = TimeSpan.FromSeconds(timeout) };
                }

                if (section.Int32("max_retries") is int retries)
                {
                    roboflow = roboflow with { MaxRetries = retries };
                }

                return config with { Detector = kind, Roboflow = roboflow with { Filter = filter } };
            default:
                return config with { Detector = kind, AnnotationFilter = filter };
        }
    }

    private static MissingLogprobsAction Action(string value) => value switch
    {
        "answer-text" => MissingLogprobsAction.AnswerText,
        "fail" => MissingLogprobsAction.Fail,
        _ => MissingLogprobsAction.Neutral,
    };
}
