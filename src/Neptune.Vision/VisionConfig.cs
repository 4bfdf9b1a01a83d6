using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
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
/// names a <c>neptune programs</c> config file (LLM backend, program cache, template). Unknown fields are errors.
/// Relative paths are relative to the working directory.
/// </summary>
public sealed record VisionConfig
{
    /// <summary>The endpoints of the vision model (one model, several servers).</summary>
    public required IReadOnlyList<ModelEndpointOptions> Endpoints { get; init; }

    /// <summary>How requests spread over the endpoints.</summary>
    public PoolStrategy Pool { get; init; } = PoolStrategy.LeastBusy;

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

    /// <summary>Loads a config file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelConfigurationException">The file is invalid; the message names the field.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static VisionConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return Parse(doc.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new ModelConfigurationException($"{path}: not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads a config from JSON.</summary>
    /// <param name="root">The config object.</param>
    /// <param name="where">Its origin, for messages.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelConfigurationException">A field is missing, unknown or out of range.</exception>
    public static VisionConfig Parse(JsonElement root, string where)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("vision", out JsonElement vision))
        {
            throw new ModelConfigurationException($"{where}: expected an object with a 'vision' section");
        }

        VisionConfig config = ReadVision(vision, $"{where}: vision");
        foreach (JsonProperty p in root.EnumerateObject())
        {
            config = p.Name switch
            {
                "vision" or "$schema" or "description" => config,
                "programs" => config with { ProgramsConfigPath = Str(p.Value, $"{where}: programs") },
                "detector" => ReadDetector(config, p.Value, $"{where}: detector"),
                _ => throw new ModelConfigurationException($"{where}: unknown section '{p.Name}'"),
            };
        }

        try
        {
            config.Vlm.Validate();
            config.Grounding.Filter.Validate();
            config.Roboflow?.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ModelConfigurationException($"{where}: {e.Message}", e);
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
        return new EndpointPool(members, Pool);
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

    private static VisionConfig ReadVision(JsonElement section, string where)
    {
        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new ModelConfigurationException($"{where}: expected a JSON object");
        }

        List<ModelEndpointOptions>? endpoints = null;
        var config = new VisionConfig { Endpoints = [] };
        YesNoScoringOptions scoring = YesNoScoringOptions.Default;
        VisualPromptOptions prompt = VisualPromptOptions.Default;
        VlmOptions vlm = VlmOptions.Default;
        bool thinkingOff = false;
        foreach (JsonProperty p in section.EnumerateObject())
        {
            string field = $"{where}.{p.Name}";
            switch (p.Name)
            {
                case "endpoints":
                    if (p.Value.ValueKind != JsonValueKind.Array || p.Value.GetArrayLength() == 0)
                    {
                        throw new ModelConfigurationException($"{field}: expected a non-empty list of endpoint objects");
                    }

                    endpoints = [.. p.Value.EnumerateArray().Select((e, i) => ModelEndpointOptionsJson.Parse(e, $"{field}[{i}]"))];
                    if (endpoints.Select(e => e.Model).Distinct(StringComparer.Ordinal).Count() > 1)
                    {
                        throw new ModelConfigurationException($"{field}: every endpoint of a pool must serve the same model");
                    }

                    break;
                case "pool":
                    config = config with
                    {
                        Pool = Str(p.Value, field) switch
                        {
                            "least-busy" => PoolStrategy.LeastBusy,
                            "round-robin" => PoolStrategy.RoundRobin,
                            _ => throw new ModelConfigurationException($"{field}: expected 'least-busy' or 'round-robin'"),
                        },
                    };
                    break;
                case "thinking":
                    thinkingOff = Str(p.Value, field) switch
                    {
                        "off" => true,
                        "server" => false,
                        _ => throw new ModelConfigurationException($"{field}: expected 'off' (send chat_template_kwargs.enable_thinking = false) or 'server'"),
                    };
                    break;
                case "cache":
                    config = config with { CachePath = p.Value.ValueKind == JsonValueKind.Null ? null : Str(p.Value, field) };
                    break;
                case "crops":
                    prompt = prompt with { AttachCrops = Bool(p.Value, field) };
                    break;
                case "maxImageSide":
                    prompt = prompt with { MaxImageSide = p.Value.ValueKind == JsonValueKind.Null ? null : Int(p.Value, field, 64, 16384) };
                    break;
                case "systemPrompt":
                    prompt = prompt with { SystemPrompt = p.Value.ValueKind == JsonValueKind.Null ? null : Str(p.Value, field) };
                    break;
                case "scoreInstruction":
                    prompt = prompt with { ScoreInstruction = Str(p.Value, field) };
                    break;
                case "queryInstruction":
                    prompt = prompt with { QueryInstruction = Str(p.Value, field) };
                    break;
                case "topLogprobs":
                    scoring = scoring with { TopLogprobs = Int(p.Value, field, 1, 20) };
                    break;
                case "aggregation":
                    scoring = scoring with { Aggregation = Str(p.Value, field) switch { "sum" => BucketAggregation.Sum, "max" => BucketAggregation.Max, _ => throw new ModelConfigurationException($"{field}: expected 'sum' or 'max'") } };
                    break;
                case "missingBucketLogprob":
                    scoring = scoring with { MissingBucketLogprob = p.Value.ValueKind == JsonValueKind.Null ? null : Num(p.Value, field, double.MinValue, 0) };
                    break;
                case "whenBothMissing":
                    scoring = scoring with { WhenBothMissing = Action(p.Value, field) };
                    break;
                case "whenNoLogprobs":
                    scoring = scoring with { WhenNoLogprobs = Action(p.Value, field) };
                    break;
                case "maxTuplesPerScore":
                    vlm = vlm with { MaxTuplesPerScore = Int(p.Value, field, 1, 10_000_000) };
                    break;
                case "maxPendingRequests":
                    vlm = vlm with { MaxPendingRequests = Int(p.Value, field, 1, 100_000) };
                    break;
                case "queryMaxTokens":
                    vlm = vlm with { QueryMaxTokens = Int(p.Value, field, 1, 4096) };
                    break;
                default:
                    throw new ModelConfigurationException($"{field}: unknown field");
            }
        }

        if (endpoints is null)
        {
            throw new ModelConfigurationException($"{where}.endpoints: required");
        }

        if (thinkingOff)
        {
            endpoints = [.. endpoints.Select(WithoutThinking)];
        }

        if (!section.TryGetProperty("maxPendingRequests", out _))
        {
            // Keep every endpoint busy: twice the pool's capacity, at least the default window.
            vlm = vlm with { MaxPendingRequests = Math.Max(VlmOptions.Default.MaxPendingRequests, 2 * endpoints.Sum(e => e.MaxConcurrentRequests)) };
        }

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

    private static VisionConfig ReadDetector(VisionConfig config, JsonElement section, string where)
    {
        if (section.ValueKind != JsonValueKind.Object || !section.TryGetProperty("kind", out JsonElement kindValue))
        {
            throw new ModelConfigurationException($"{where}: expected an object with a 'kind'");
        }

        DetectorKind kind = Str(kindValue, $"{where}.kind") switch
        {
            "vlm" => DetectorKind.Vlm,
            "roboflow" => DetectorKind.Roboflow,
            "annotations" => DetectorKind.Annotations,
            _ => throw new ModelConfigurationException($"{where}.kind: expected 'vlm', 'roboflow' or 'annotations'"),
        };
        DetectionOptions filter = kind == DetectorKind.Annotations ? config.AnnotationFilter : DetectionOptions.Default;
        VlmGroundingOptions grounding = config.Grounding;
        Uri? endpoint = null;
        RoboflowGroundingOptions roboflow = new() { Endpoint = new Uri("http://localhost:9001") };
        foreach (JsonProperty p in section.EnumerateObject())
        {
            string field = $"{where}.{p.Name}";
            switch (p.Name)
            {
                case "kind":
                    break;
                case "minConfidence":
                    filter = filter with { MinConfidence = (float)Num(p.Value, field, 0, 1) };
                    break;
                case "iouThreshold":
                    filter = filter with { IouThreshold = (float)Num(p.Value, field, 1e-6, 1) };
                    break;
                case "classAgnostic":
                    filter = filter with { ClassAgnostic = Bool(p.Value, field) };
                    break;
                case "maxObjects":
                    filter = filter with { MaxObjects = Int(p.Value, field, 1, 10_000) };
                    break;
                case "coordinates" when kind == DetectorKind.Vlm:
                    grounding = grounding with
                    {
                        Coordinates = Str(p.Value, field) switch
                        {
                            "relative-1000" => GroundingCoordinates.Relative1000,
                            "resized-pixels" => GroundingCoordinates.ResizedPixels,
                            "image-pixels" => GroundingCoordinates.ImagePixels,
                            _ => throw new ModelConfigurationException($"{field}: expected 'relative-1000' (Qwen3-VL), 'resized-pixels' (Qwen2.5-VL) or 'image-pixels'"),
                        },
                    };
                    break;
                case "maxPixels" when kind == DetectorKind.Vlm:
                    grounding = grounding with { ResizeRule = grounding.ResizeRule with { MaxPixels = Int(p.Value, field, 56 * 56, int.MaxValue) } };
                    break;
                case "minPixels" when kind == DetectorKind.Vlm:
                    grounding = grounding with { ResizeRule = grounding.ResizeRule with { MinPixels = Int(p.Value, field, 1, int.MaxValue) } };
                    break;
                case "prompt" when kind == DetectorKind.Vlm:
                    grounding = grounding with { PromptTemplate = Str(p.Value, field) };
                    break;
                case "endpoint" when kind == DetectorKind.Roboflow:
                    endpoint = Uri.TryCreate(Str(p.Value, field), UriKind.Absolute, out Uri? u) ? u : throw new ModelConfigurationException($"{field}: expected an absolute URL");
                    break;
                case "apiKeyVariable" when kind == DetectorKind.Roboflow:
                    roboflow = roboflow with { ApiKeyVariable = Str(p.Value, field) };
                    break;
                case "boxThreshold" when kind == DetectorKind.Roboflow:
                    roboflow = roboflow with { BoxThreshold = (float)Num(p.Value, field, 0, 1) };
                    break;
                case "textThreshold" when kind == DetectorKind.Roboflow:
                    roboflow = roboflow with { TextThreshold = (float)Num(p.Value, field, 0, 1) };
                    break;
                case "timeoutSeconds" when kind == DetectorKind.Roboflow:
                    roboflow = roboflow with { Timeout = TimeSpan.FromSeconds(Num(p.Value, field, 0.001, 3600)) };
                    break;
                case "maxRetries" when kind == DetectorKind.Roboflow:
                    roboflow = roboflow with { MaxRetries = Int(p.Value, field, 0, 20) };
                    break;
                default:
                    throw new ModelConfigurationException($"{field}: unknown field for the '{Str(kindValue, where)}' detector");
            }
        }

        return kind switch
        {
            DetectorKind.Vlm => config with { Detector = kind, Grounding = grounding with { Filter = filter } },
            DetectorKind.Roboflow => config with
            {
                Detector = kind,
                Roboflow = roboflow with { Endpoint = endpoint ?? throw new ModelConfigurationException($"{where}.endpoint: required for the roboflow detector"), Filter = filter },
            },
            _ => config with { Detector = kind, AnnotationFilter = filter },
        };
    }

    private static MissingLogprobsAction Action(JsonElement value, string field) => Str(value, field) switch
    {
        "neutral" => MissingLogprobsAction.Neutral,
        "answer-text" => MissingLogprobsAction.AnswerText,
        "fail" => MissingLogprobsAction.Fail,
        _ => throw new ModelConfigurationException($"{field}: expected 'neutral', 'answer-text' or 'fail'"),
    };

    private static string Str(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new ModelConfigurationException($"{field}: expected a string");

    private static bool Bool(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ModelConfigurationException($"{field}: expected true or false"),
    };

    private static int Int(JsonElement value, string field, int min, int max) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int v) && v >= min && v <= max
            ? v
            : throw new ModelConfigurationException(string.Create(CultureInfo.InvariantCulture, $"{field}: expected an integer from {min} to {max}"));

    private static double Num(JsonElement value, string field, double min, double max) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double v) && double.IsFinite(v) && v >= min && v <= max
            ? v
            : throw new ModelConfigurationException(string.Create(CultureInfo.InvariantCulture, $"{field}: expected a number from {min} to {max}"));
}
