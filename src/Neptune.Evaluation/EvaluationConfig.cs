using System.Globalization;
using Neptune.Photos;
using System.Text.Json;
using Neptune.Caching;
using Neptune.Clevr;
using Neptune.Configuration;
using Neptune.Evaluation.Referring;
using Neptune.Language;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Evaluation;

/// <summary>A configuration value is missing, unknown or out of range. The CLI exits with code 2.</summary>
public sealed class EvaluationConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the field.</param>
    public EvaluationConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the field.</param>
    /// <param name="innerException">The cause.</param>
    public EvaluationConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Evaluation settings as written in a config file or on the command line: every value optional, enums as their
/// configuration names. Layer them with <see cref="Overlay"/> (config file first, flags on top) and turn the result
/// into checked <see cref="EvaluationSettings"/> with <see cref="Resolve"/>.
/// </summary>
/// <remarks>
/// The JSON config is one object with the fields of <see cref="Schema"/> (snake_case; the old camelCase spellings
/// still work with a deprecation note). An unknown field is an error naming it and the nearest known one. Relative
/// paths in a config file resolve against the file's folder. Noise applies to the scene annotations only: a nonzero
/// noise spread or flip with <c>pixels</c> perception is an error, and so is <c>images</c> with <c>scene</c>.
/// </remarks>
public sealed record EvaluationConfig
{
    /// <summary>The fields of the <c>noise</c> object.</summary>
    public static ConfigSchema NoiseSchema { get; } = new("eval.noise", "The seeded noise model over the scene annotations", [
        ConfigField.Integer("seed", long.MinValue, long.MaxValue, "Seed of the noise model.", "0"),
        ConfigField.Number("spread", 0, 1, "Standard deviation of score deviations.", "0"),
        ConfigField.Number("flip", 0, 1, "Probability that a fact (or a query answer) is perceived wrongly.", "0"),
    ]);

    /// <summary>The fields of an evaluation config file (<c>neptune eval --config FILE</c>); every one is also a flag.</summary>
    public static ConfigSchema Schema { get; } = new("eval", "An evaluation run (`neptune eval --config FILE`)", [
        ConfigField.Choice("task", ["vqa", "rec"], "What is judged: vqa = questions (`questions`), answered by a word or number; rec = referring expressions (`refexps`), answered by a set of objects or boxes, or no target.", "vqa"),
        ConfigField.Path("questions", ConfigValueKind.ExistingFile, "The CLEVR v1.0 question file (streamed).", "the shared CLEVR_train1000_questions_dev.json"),
        ConfigField.Path("refexps", ConfigValueKind.ExistingFile, "For `task: rec`: the CLEVR-Ref+ referring-expression file (streamed).", "the shared clevr_ref_train1000_dev.json"),
        ConfigField.Choice("dataset", ["clevr-ref", "refcoco", "refcoco+", "refcocog", "grefcoco", "refadv"], "For `task: rec`: where the referring expressions come from: clevr-ref = CLEVR-Ref+ (`refexps`, over CLEVR scenes); refcoco, refcoco+, refcocog, grefcoco, refadv = a photo dataset (`annotations`) over COCO photos (`images`), perceived by a detector, a verifier and a vision-language model (`vision`, `verifier`), with programs from `programs: llm` or `cache`.", "clevr-ref"),
        ConfigField.Path("annotations", ConfigValueKind.ExistingPath, "For a photo `dataset`: the dataset folder or file, as `neptune data stats` reads it — the refer toolkit's folder (`instances.json` + `refs(unc).p`, `refs(google).p` or `refs(umd).p`) or gRefCOCO's (`instances.json` + `grefs(unc).json`); an MDETR file `finetune_{dataset}_{split}.json`; a parquet export (`.parquet` file or a folder of them, with the target's `bbox`); for refadv the file `refcocog_adv_annotations.json`."),
        ConfigField.Choice("split_by", ["unc", "google", "umd"], "For a photo `dataset` in the refer toolkit's layout: which refs file to read (RefCOCO: unc or google; RefCOCO+: unc; RefCOCOg: umd or google; gRefCOCO: unc).", "umd for refcocog, else unc"),
        ConfigField.Text("split", "For a photo `dataset`: the split to evaluate (val, testA, testB, test, train).", "the MDETR file's split (from its name); test for refadv; else val"),
        ConfigField.Path("verifier", ConfigValueKind.ExistingFile, "For a photo `dataset`: a region-verifier config (CLIP-style embeddings, VIRO's eq. 2; see docs/REC.md); unset, FIND and PROPERTY ask the vision model yes/no about each marked region.", "the vision model"),
        ConfigField.Path("scenes", ConfigValueKind.ExistingFile, "The CLEVR v1.0 scene file (loaded once).", "the shared CLEVR_train_scenes_1000.json"),
        ConfigField.Choice("perception", ["scene", "pixels", "vlm"], "Where scores come from: scene = the annotations (+ noise); pixels = each scene's picture, perceived from its pixels; vlm = a vision-language model over the picture with the annotated boxes (needs `vision`).", "scene"),
        ConfigField.Path("images", ConfigValueKind.ExistingDirectory, "For pixels or vlm perception: a directory of JPEG, PNG, WebP, GIF or BMP pictures named by each scene's image_filename; unset renders each scene.", "rendered"),
        ConfigField.Choice("programs", ["gt", "cache", "llm"], "Where programs come from: gt = translated official programs; cache = a program-cache file (`program_cache`); llm = generated by a model (`llm_config`).", "gt"),
        ConfigField.Path("program_cache", ConfigValueKind.ExistingFile, "The program-cache file (JSON lines {\"question\", \"program\"}); required for `programs: cache`."),
        ConfigField.Path("llm_config", ConfigValueKind.ExistingFile, "For `programs: llm`: the programs config (model backend, program cache, template; see docs/BACKENDS.md)."),
        ConfigField.Path("judge_config", ConfigValueKind.ExistingFile, "For `task: vqa`: a judge config (an OpenAI-compatible model and a verdict cache; see docs/BACKENDS.md): after the run, answers that are not an exact match are judged by the model, and summary.json reports exact-match and judged accuracy side by side."),
        ConfigField.Path("vision", ConfigValueKind.ExistingFile, "For `perception: vlm`: the config of `neptune ask` (vision endpoints, score cache, scoring)."),
        ConfigField.Choice("style", ["neptune", "viro"], "For `task: rec` with `programs: gt`: the style the official programs are translated into: neptune = soft logic (`score`, `&`, `iota`); viro = verified operators (`FIND`, `PROPERTY`, ... `RESULT`).", "neptune"),
        ConfigField.Number("detector_threshold", 0, 1, "For `task: rec`: the detector score a verified operator's candidate needs (VIRO's 0.2).", "0.2"),
        ConfigField.Number("verifier_threshold", 0, 1, "For `task: rec`: the verifier score δ a candidate needs to be kept.", "0.5", minimumExclusive: true),
        ConfigField.Path("thresholds", ConfigValueKind.ExistingFile, "For `task: rec`: per-label verifier thresholds δ_l (the JSON file `neptune calibrate` writes); labels it does not list keep `verifier_threshold`.", "none"),
        ConfigField.Choice("relations", ["perception", "geometry"], "How `score()` answers a spatial relation between two boxes (left of, right of, above, below, in front of, behind): perception = asks the perception like every question (NePTune; what a VQA run measures); geometry = from the boxes and depth, as `is_left_of()` and the other geometric primitives (VIRO), with no model call.", "perception for task vqa, geometry for task rec"),
        ConfigField.Choice("evaluation", [.. EvaluationModes.Available], "How programs make their model calls (every mode gives the same answers): eager = each call when the program reaches it, one after another; prefetch = the `score()` calls written with literal arguments are issued together before the run (one shared round trip; those the run does not reach are counted as speculative); lazy = only the tuples that can change the result are scored (counts, quantifiers, `iota` and `given` refine interval bounds of the unscored cells).", "eager"),
        ConfigField.Choice("logic", ["godel", "product", "lukasiewicz", "crisp"], "The soft logic.", "godel"),
        ConfigField.Number("threshold", 0, 1, "The yes/no cut of a soft truth value (and the crisp logic's threshold).", "0.5", minimumExclusive: true),
        ConfigField.Object("noise", NoiseSchema, "The noise model (scene perception only)."),
        ConfigField.Integer("limit", 1, int.MaxValue, "Evaluate at most this many questions (the first of the shard, in file order).", "all"),
        ConfigField.Integer("concurrency", 1, 1024, "Worker threads.", "the processor count"),
        ConfigField.Text("shard", "Evaluate shard K of N (K/N, 1-based): the questions whose id mod N is K − 1.", "1/1") with { Placeholder = "K/N" },
        ConfigField.Path("out", ConfigValueKind.Directory, "The output directory (results.jsonl, summary.json, run.json); required."),
        ConfigField.Integer("prepared_cache", 0, int.MaxValue, "Prepared programs kept in memory; 0 disables the cache.", "4096"),
    ]);

    /// <summary><c>vqa</c> or <c>rec</c> (<c>task</c>, <c>--task</c>).</summary>
    public string? Task { get; init; }

    /// <summary>The CLEVR-Ref+ file for <c>rec</c> (<c>refexps</c>, <c>--refexps</c>).</summary>
    public string? Refexps { get; init; }

    /// <summary><c>clevr-ref</c> or a photo dataset: <c>refcoco</c>, <c>refcoco+</c>, <c>refcocog</c>, <c>grefcoco</c> (<c>dataset</c>, <c>--dataset</c>).</summary>
    public string? Dataset { get; init; }

    /// <summary>The photo dataset's folder (<c>annotations</c>, <c>--annotations</c>).</summary>
    public string? Annotations { get; init; }

    /// <summary>The photo dataset's split-by: <c>unc</c>, <c>google</c> or <c>umd</c> (<c>split_by</c>, <c>--split-by</c>).</summary>
    public string? SplitBy { get; init; }

    /// <summary>The photo dataset's split (<c>split</c>, <c>--split</c>).</summary>
    public string? Split { get; init; }

    /// <summary>The region-verifier config for photos (<c>verifier</c>, <c>--verifier</c>).</summary>
    public string? Verifier { get; init; }

    /// <summary><c>neptune</c> or <c>viro</c> (<c>style</c>, <c>--style</c>).</summary>
    public string? Style { get; init; }

    /// <summary>The verified operators' detector threshold (<c>detector_threshold</c>, <c>--detector-threshold</c>).</summary>
    public double? DetectorThreshold { get; init; }

    /// <summary>The verified operators' verifier threshold δ (<c>verifier_threshold</c>, <c>--verifier-threshold</c>).</summary>
    public double? VerifierThreshold { get; init; }

    /// <summary>The per-label thresholds file (<c>thresholds</c>, <c>--thresholds</c>).</summary>
    public string? Thresholds { get; init; }

    /// <summary><c>perception</c> or <c>geometry</c> (<c>relations</c>, <c>--relations</c>).</summary>
    public string? Relations { get; init; }

    /// <summary>The evaluation mode, e.g. <c>eager</c> (<c>evaluation</c>, <c>--evaluation</c>).</summary>
    public string? Evaluation { get; init; }

    /// <summary>The question file (<c>questions</c>, <c>--questions</c>).</summary>
    public string? Questions { get; init; }

    /// <summary>The scene file (<c>scenes</c>, <c>--scenes</c>).</summary>
    public string? Scenes { get; init; }

    /// <summary><c>scene</c>, <c>pixels</c> or <c>vlm</c> (<c>perception</c>, <c>--perception</c>).</summary>
    public string? Perception { get; init; }

    /// <summary>The directory of JPEG, PNG, WebP, GIF or BMP pictures for <c>pixels</c> perception (<c>images</c>, <c>--images</c>); unset to render each scene.</summary>
    public string? Images { get; init; }

    /// <summary><c>gt</c>, <c>cache</c> or <c>llm</c> (<c>programs</c>, <c>--programs</c>).</summary>
    public string? Programs { get; init; }

    /// <summary>The program-cache file (<c>program_cache</c>, <c>--program-cache</c>).</summary>
    public string? ProgramCache { get; init; }

    /// <summary>The programs config for <c>llm</c> programs (<c>llm_config</c>, <c>--llm-config</c>).</summary>
    public string? LlmConfig { get; init; }

    /// <summary>The judge config (<c>judge_config</c>, <c>--judge-config</c>).</summary>
    public string? JudgeConfig { get; init; }

    /// <summary>The vision config for <c>vlm</c> perception (<c>vision</c>, <c>--vision</c>).</summary>
    public string? Vision { get; init; }

    /// <summary><c>godel</c>, <c>product</c>, <c>lukasiewicz</c> or <c>crisp</c> (<c>logic</c>, <c>--logic</c>).</summary>
    public string? Logic { get; init; }

    /// <summary>The yes/no cut, in (0, 1] (<c>threshold</c>, <c>--threshold</c>).</summary>
    public double? Threshold { get; init; }

    /// <summary>The noise seed (<c>noise.seed</c>, <c>--noise-seed</c>).</summary>
    public long? NoiseSeed { get; init; }

    /// <summary>The noise spread, in [0, 1] (<c>noise.spread</c>, <c>--noise-spread</c>).</summary>
    public double? NoiseSpread { get; init; }

    /// <summary>The noise flip rate, in [0, 1] (<c>noise.flip</c>, <c>--noise-flip</c>).</summary>
    public double? NoiseFlip { get; init; }

    /// <summary>The largest number of questions (<c>limit</c>, <c>--limit</c>).</summary>
    public int? Limit { get; init; }

    /// <summary>The number of workers (<c>concurrency</c>, <c>--concurrency</c>).</summary>
    public int? Concurrency { get; init; }

    /// <summary><c>K/N</c> (<c>shard</c>, <c>--shard</c>).</summary>
    public string? Shard { get; init; }

    /// <summary>The output directory (<c>out</c>, <c>--out</c>).</summary>
    public string? Out { get; init; }

    /// <summary>The number of prepared programs kept in memory (<c>prepared_cache</c>, <c>--prepared-cache</c>).</summary>
    public int? PreparedCache { get; init; }

    /// <summary>Reads a config file; relative paths in it resolve against its folder.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="notes">Receives deprecation notes (old field spellings); null drops them.</param>
    /// <returns>The values it sets, paths absolute.</returns>
    /// <exception cref="EvaluationConfigException">The file is missing, is not JSON, or has an unknown, mistyped or out-of-range field, or names a missing file.</exception>
    public static EvaluationConfig Load(string path, ConfigNotes? notes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return Read(ConfigReader.ForFile(path, Schema, notes));
        }
        catch (Exception e) when (e is ConfigException or InputFileException)
        {
            throw new EvaluationConfigException(e.Message, e);
        }
    }

    /// <summary>Parses config JSON; relative paths resolve against the current directory.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="sourceName">A name for the text, used in messages.</param>
    /// <returns>The values it sets.</returns>
    /// <exception cref="EvaluationConfigException">The text is not a JSON object, or has an unknown, mistyped or out-of-range field.</exception>
    public static EvaluationConfig Parse(string json, string sourceName = "config")
    {
        ArgumentNullException.ThrowIfNull(json);
        var source = new ConfigSource { Name = sourceName, BaseDirectory = Directory.GetCurrentDirectory() };
        try
        {
            return Read(ConfigReader.ForJson(json, Schema, source));
        }
        catch (Exception e) when (e is ConfigException or InputFileException)
        {
            throw new EvaluationConfigException(e.Message, e);
        }
    }

    /// <summary>Reads the values of a config object (a file, or the flags of <c>neptune eval</c>).</summary>
    /// <param name="reader">A reader over <see cref="Schema"/>.</param>
    /// <returns>The values it sets.</returns>
    /// <exception cref="ConfigException">A field is mistyped or out of range.</exception>
    /// <exception cref="InputFileException">A path names a missing file or a file of the wrong kind.</exception>
    public static EvaluationConfig Read(ConfigReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!ReferenceEquals(reader.Schema, Schema))
        {
            throw new ArgumentException("the reader is not over EvaluationConfig.Schema", nameof(reader));
        }

        ConfigReader? noise = reader.Section("noise");
        return new EvaluationConfig
        {
            Task = reader.Choice("task"),
            Refexps = reader.Path("refexps"),
            Dataset = reader.Choice("dataset"),
            Annotations = reader.Path("annotations"),
            SplitBy = reader.Choice("split_by"),
            Split = reader.String("split"),
            Verifier = reader.Path("verifier"),
            Style = reader.Choice("style"),
            DetectorThreshold = reader.Number("detector_threshold"),
            VerifierThreshold = reader.Number("verifier_threshold"),
            Thresholds = reader.Path("thresholds"),
            Relations = reader.Choice("relations"),
            Evaluation = reader.Choice("evaluation"),
            Questions = reader.Path("questions"),
            Scenes = reader.Path("scenes"),
            Perception = reader.Choice("perception"),
            Images = reader.Path("images"),
            Programs = reader.Choice("programs"),
            ProgramCache = reader.Path("program_cache"),
            LlmConfig = reader.Path("llm_config"),
            JudgeConfig = reader.Path("judge_config"),
            Vision = reader.Path("vision"),
            Logic = reader.Choice("logic"),
            Threshold = reader.Number("threshold"),
            NoiseSeed = noise?.Integer("seed"),
            NoiseSpread = noise?.Number("spread"),
            NoiseFlip = noise?.Number("flip"),
            Limit = reader.Int32("limit"),
            Concurrency = reader.Int32("concurrency"),
            Shard = reader.String("shard"),
            Out = reader.Path("out"),
            PreparedCache = reader.Int32("prepared_cache"),
        };
    }

    /// <summary>
    /// The values as a config file's JSON (snake_case fields, unset fields left out): <see cref="Parse"/> reads it back
    /// to equal values. Relative paths stay relative; resolve them first to send the config elsewhere.
    /// </summary>
    /// <returns>The JSON object.</returns>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteFields(w);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void WriteFields(System.Text.Json.Utf8JsonWriter w)
    {
        if (Task is { } taskValue)
        {
            w.WriteString("task", taskValue);
        }

        if (Refexps is { } refexpsValue)
        {
            w.WriteString("refexps", refexpsValue);
        }

        if (Dataset is { } datasetValue)
        {
            w.WriteString("dataset", datasetValue);
        }

        if (Annotations is { } annotationsValue)
        {
            w.WriteString("annotations", annotationsValue);
        }

        if (SplitBy is { } splitByValue)
        {
            w.WriteString("split_by", splitByValue);
        }

        if (Split is { } splitValue)
        {
            w.WriteString("split", splitValue);
        }

        if (Verifier is { } verifierValue)
        {
            w.WriteString("verifier", verifierValue);
        }

        if (Style is { } styleValue)
        {
            w.WriteString("style", styleValue);
        }

        if (DetectorThreshold is { } detectorThresholdValue)
        {
            w.WriteNumber("detector_threshold", detectorThresholdValue);
        }

        if (VerifierThreshold is { } verifierThresholdValue)
        {
            w.WriteNumber("verifier_threshold", verifierThresholdValue);
        }

        if (Thresholds is { } thresholdsValue)
        {
            w.WriteString("thresholds", thresholdsValue);
        }

        if (Relations is { } relationsValue)
        {
            w.WriteString("relations", relationsValue);
        }

        if (Evaluation is { } evaluationValue)
        {
            w.WriteString("evaluation", evaluationValue);
        }

        if (Questions is { } questionsValue)
        {
            w.WriteString("questions", questionsValue);
        }

        if (Scenes is { } scenesValue)
        {
            w.WriteString("scenes", scenesValue);
        }

        if (Perception is { } perceptionValue)
        {
            w.WriteString("perception", perceptionValue);
        }

        if (Images is { } imagesValue)
        {
            w.WriteString("images", imagesValue);
        }

        if (Programs is { } programsValue)
        {
            w.WriteString("programs", programsValue);
        }

        if (ProgramCache is { } programCacheValue)
        {
            w.WriteString("program_cache", programCacheValue);
        }

        if (LlmConfig is { } llmConfigValue)
        {
            w.WriteString("llm_config", llmConfigValue);
        }

        if (JudgeConfig is { } judgeConfigValue)
        {
            w.WriteString("judge_config", judgeConfigValue);
        }

        if (Vision is { } visionValue)
        {
            w.WriteString("vision", visionValue);
        }

        if (Logic is { } logicValue)
        {
            w.WriteString("logic", logicValue);
        }

        if (Threshold is { } thresholdValue)
        {
            w.WriteNumber("threshold", thresholdValue);
        }

        if (Limit is { } limitValue)
        {
            w.WriteNumber("limit", limitValue);
        }

        if (Concurrency is { } concurrencyValue)
        {
            w.WriteNumber("concurrency", concurrencyValue);
        }

        if (Shard is { } shardValue)
        {
            w.WriteString("shard", shardValue);
        }

        if (Out is { } outValue)
        {
            w.WriteString("out", outValue);
        }

        if (PreparedCache is { } preparedCacheValue)
        {
            w.WriteNumber("prepared_cache", preparedCacheValue);
        }
        if (NoiseSeed is not null || NoiseSpread is not null || NoiseFlip is not null)
        {
            w.WriteStartObject("noise");
            if (NoiseSeed is { } seed)
            {
                w.WriteNumber("seed", seed);
            }

            if (NoiseSpread is { } spread)
            {
                w.WriteNumber("spread", spread);
            }

            if (NoiseFlip is { } flip)
            {
                w.WriteNumber("flip", flip);
            }

            w.WriteEndObject();
        }
    }

    /// <summary>Layers values: every value set in <paramref name="top"/> replaces this one.</summary>
    /// <param name="top">The values that win (for example the command-line flags).</param>
    /// <returns>The combined values.</returns>
    public EvaluationConfig Overlay(EvaluationConfig top)
    {
        ArgumentNullException.ThrowIfNull(top);
        return new EvaluationConfig
        {
            Task = top.Task ?? Task,
            Refexps = top.Refexps ?? Refexps,
            Dataset = top.Dataset ?? Dataset,
            Annotations = top.Annotations ?? Annotations,
            SplitBy = top.SplitBy ?? SplitBy,
            Split = top.Split ?? Split,
            Verifier = top.Verifier ?? Verifier,
            Style = top.Style ?? Style,
            DetectorThreshold = top.DetectorThreshold ?? DetectorThreshold,
            VerifierThreshold = top.VerifierThreshold ?? VerifierThreshold,
            Thresholds = top.Thresholds ?? Thresholds,
            Relations = top.Relations ?? Relations,
            Evaluation = top.Evaluation ?? Evaluation,
            Questions = top.Questions ?? Questions,
            Scenes = top.Scenes ?? Scenes,
            Perception = top.Perception ?? Perception,
            Images = top.Images ?? Images,
            Programs = top.Programs ?? Programs,
            ProgramCache = top.ProgramCache ?? ProgramCache,
            LlmConfig = top.LlmConfig ?? LlmConfig,
            JudgeConfig = top.JudgeConfig ?? JudgeConfig,
            Vision = top.Vision ?? Vision,
            Logic = top.Logic ?? Logic,
            Threshold = top.Threshold ?? Threshold,
            NoiseSeed = top.NoiseSeed ?? NoiseSeed,
            NoiseSpread = top.NoiseSpread ?? NoiseSpread,
            NoiseFlip = top.NoiseFlip ?? NoiseFlip,
            Limit = top.Limit ?? Limit,
            Concurrency = top.Concurrency ?? Concurrency,
            Shard = top.Shard ?? Shard,
            Out = top.Out ?? Out,
            PreparedCache = top.PreparedCache ?? PreparedCache,
        };
    }

    /// <summary>
    /// Checks every value and builds the settings. Missing question and scene files default to the shared CLEVR dev
    /// data (<see cref="ClevrDataFiles"/>) found above the current directory.
    /// </summary>
    /// <param name="forceRestart">Whether a run with different settings in the output directory is cleared.</param>
    /// <returns>The settings, with absolute paths.</returns>
    /// <exception cref="EvaluationConfigException">A value is missing, unknown or out of range, or a file does not exist.</exception>
    public EvaluationSettings Resolve(bool forceRestart = false)
    {
        EvaluationTask task = (Task ?? "vqa").Trim().ToLowerInvariant() switch
        {
            "vqa" => EvaluationTask.Vqa,
            "rec" => EvaluationTask.Rec,
            _ => throw new EvaluationConfigException($"task: unknown value '{Task}'; expected: vqa, rec."),
        };

        PhotoRun? photos = ResolvePhotos(task);
        string questions;
        if (photos is not null)
        {
            questions = photos.Layout == PhotoLayout.Refer ? ReferDataset.RefsFile(photos.Annotations, photos.Dataset, photos.SplitBy!) : photos.Annotations;
        }
        else if (task == EvaluationTask.Rec)
        {
            if (!string.IsNullOrWhiteSpace(Questions))
            {
                throw new EvaluationConfigException("questions: a 'rec' run reads referring expressions; pass them with --refexps FILE (or 'refexps'), not --questions.");
            }

            questions = ExistingFile(Refexps ?? DefaultRefexps(), "refexps");
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(Refexps))
            {
                throw new EvaluationConfigException("refexps: referring expressions are read only with --task rec; pass --task rec or remove --refexps.");
            }

            questions = ExistingFile(Questions ?? DefaultData(ClevrDataFiles.TrainQuestions10000, "questions"), "questions");
        }

        ReferringStyle style = (Style ?? "neptune").Trim().ToLowerInvariant() switch
        {
            "neptune" => ReferringStyle.Neptune,
            "viro" => ReferringStyle.Viro,
            _ => throw new EvaluationConfigException($"style: unknown value '{Style}'; expected: neptune, viro."),
        };
        if (task != EvaluationTask.Rec && (Style is not null || DetectorThreshold is not null || VerifierThreshold is not null || Thresholds is not null))
        {
            string field = Style is not null ? "style" : DetectorThreshold is not null ? "detector_threshold" : VerifierThreshold is not null ? "verifier_threshold" : "thresholds";
            throw new EvaluationConfigException($"{field}: applies to referring expressions only; pass --task rec or remove it.");
        }

        if (task == EvaluationTask.Rec && JudgeConfig is not null)
        {
            throw new EvaluationConfigException("judge_config: judges answers to questions; a referring-expression run is judged by its boxes or object sets, so remove it or use --task vqa.");
        }

        double detector = DetectorThreshold ?? VerificationSettings.Default.DetectorThreshold;
        if (!(detector >= 0 && detector <= 1))
        {
            throw new EvaluationConfigException($"detector_threshold: must be in [0, 1], got {Format(detector)}.");
        }

        double verifier = VerifierThreshold ?? VerificationSettings.Default.VerifierThreshold;
        if (!(verifier > 0 && verifier <= 1))
        {
            throw new EvaluationConfigException($"verifier_threshold: must be in (0, 1], got {Format(verifier)}.");
        }

        IReadOnlyDictionary<string, float> labelThresholds = new Dictionary<string, float>();
        if (!string.IsNullOrWhiteSpace(Thresholds))
        {
            try
            {
                labelThresholds = LabelThresholds.Read(ExistingFile(Thresholds, "thresholds"));
            }
            catch (LabelThresholdsException e)
            {
                throw new EvaluationConfigException($"thresholds: {e.Message}", e);
            }
        }

        bool geometricRelations = (Relations ?? (task == EvaluationTask.Rec ? "geometry" : "perception")).Trim().ToLowerInvariant() switch
        {
            "perception" => false,
            "geometry" => true,
            _ => throw new EvaluationConfigException($"relations: unknown value '{Relations}'; expected: perception, geometry."),
        };

        if (!EvaluationModes.TryParse(Evaluation, out EvaluationMode evaluation, out string? evaluationError))
        {
            throw new EvaluationConfigException($"evaluation: {evaluationError}.");
        }

        string scenes = photos is not null ? (photos.Layout == PhotoLayout.Refer ? Path.Combine(photos.Annotations, "instances.json") : photos.Annotations) : ExistingFile(Scenes ?? DefaultData(ClevrDataFiles.TrainScenes1000, "scenes"), "scenes");
        if (string.IsNullOrWhiteSpace(Out))
        {
            throw new EvaluationConfigException("no output directory: set 'out' in the config or pass --out DIR.");
        }

        PerceptionKind perception = (Perception ?? (photos is not null ? "vlm" : "scene")).Trim().ToLowerInvariant() switch
        {
            "scene" => PerceptionKind.Scene,
            "pixels" => PerceptionKind.Pixels,
            "vlm" => PerceptionKind.Vlm,
            _ => throw new EvaluationConfigException($"perception: unknown value '{Perception}'; expected: scene, pixels, vlm."),
        };

        string? images = null;
        if (perception is PerceptionKind.Pixels or PerceptionKind.Vlm)
        {
            if (!string.IsNullOrWhiteSpace(Images))
            {
                images = ExistingDirectory(Images, "images");
            }
        }
        else if (!string.IsNullOrWhiteSpace(Images))
        {
            throw new EvaluationConfigException("images: pictures are read only with 'pixels' perception; pass --perception pixels or remove --images.");
        }

        ProgramSourceKind programs = (Programs ?? (photos is not null ? "llm" : "gt")).Trim().ToLowerInvariant() switch
        {
            "gt" => ProgramSourceKind.GroundTruth,
            "cache" => ProgramSourceKind.Cache,
            "llm" => ProgramSourceKind.Llm,
            _ => throw new EvaluationConfigException($"programs: unknown value '{Programs}'; expected: gt, cache, llm."),
        };

        if (photos is not null)
        {
            if (perception != PerceptionKind.Vlm)
            {
                throw new EvaluationConfigException($"perception: a photo dataset is perceived by a detector, a verifier and a vision-language model; use 'vlm' (the default for --dataset {Dataset}), not '{Perception}'.");
            }

            if (images is null)
            {
                throw new EvaluationConfigException("images: a photo dataset needs its pictures: pass --images DIR (COCO's train2014 folder).");
            }

            if (string.IsNullOrWhiteSpace(Vision))
            {
                throw new EvaluationConfigException("vision: a photo dataset needs a vision config (the detector and the vision model): set 'vision' or pass --vision FILE.");
            }

            if (programs == ProgramSourceKind.GroundTruth)
            {
                throw new EvaluationConfigException("programs: a photo dataset has no ground-truth programs; use 'llm' (with --llm-config) or 'cache' (with --program-cache).");
            }

            if ((NoiseSpread ?? 0) > 0 || (NoiseFlip ?? 0) > 0)
            {
                throw new EvaluationConfigException("noise (--noise-spread, --noise-flip): the noise model perturbs CLEVR scene annotations and does not apply to photos; remove it.");
            }
        }

        string? cache = null;
        if (programs == ProgramSourceKind.Cache)
        {
            if (string.IsNullOrWhiteSpace(ProgramCache))
            {
                throw new EvaluationConfigException("programs: 'cache' needs a program-cache file: set 'program_cache' or pass --program-cache FILE.");
            }

            cache = ExistingCache(ProgramCache);
        }
        else if (!string.IsNullOrWhiteSpace(ProgramCache))
        {
            cache = ExistingCache(ProgramCache);
        }

        LogicKind logic = (Logic ?? "godel").Trim().ToLowerInvariant() switch
        {
            "godel" or "gödel" => LogicKind.Godel,
            "product" => LogicKind.Product,
            "lukasiewicz" or "łukasiewicz" => LogicKind.Lukasiewicz,
            "crisp" => LogicKind.Crisp,
            _ => throw new EvaluationConfigException($"logic: unknown value '{Logic}'; expected: godel, product, lukasiewicz, crisp."),
        };

        double threshold = Threshold ?? 0.5;
        if (!(threshold > 0 && threshold <= 1))
        {
            throw new EvaluationConfigException($"threshold: must be in (0, 1], got {Format(threshold)}.");
        }

        double spread = NoiseSpread ?? 0;
        if (!(spread >= 0 && spread <= 1))
        {
            throw new EvaluationConfigException($"noise.spread (--noise-spread): must be in [0, 1], got {Format(spread)}.");
        }

        double flip = NoiseFlip ?? 0;
        if (!(flip >= 0 && flip <= 1))
        {
            throw new EvaluationConfigException($"noise.flip (--noise-flip): must be in [0, 1], got {Format(flip)}.");
        }

        if (perception == PerceptionKind.Pixels && (spread > 0 || flip > 0))
        {
            // A seed alone changes nothing, so a config that spells out "no noise" works with either perception.
            throw new EvaluationConfigException(
                "noise (--noise-spread, --noise-flip): the noise model perturbs the scene annotations and does not apply to 'pixels' perception; set spread and flip to 0 or remove them.");
        }

        if (Limit is < 1)
        {
            throw new EvaluationConfigException($"limit: must be at least 1, got {Limit}.");
        }

        int concurrency = Concurrency ?? Environment.ProcessorCount;
        if (concurrency is < 1 or > 1024)
        {
            throw new EvaluationConfigException($"concurrency: must be between 1 and 1024, got {concurrency}.");
        }

        ShardSpec shard = ShardSpec.All;
        if (Shard is not null && !ShardSpec.TryParse(Shard, out shard, out string? shardError))
        {
            throw new EvaluationConfigException($"shard: {shardError}.");
        }

        int prepared = PreparedCache ?? 4096;
        if (prepared < 0)
        {
            throw new EvaluationConfigException($"prepared_cache: must not be negative, got {prepared}.");
        }

        return new EvaluationSettings
        {
            Task = task,
            Style = style,
            Verification = VerificationSettings.Default with { DetectorThreshold = (float)detector, VerifierThreshold = (float)verifier, LabelThresholds = labelThresholds },
            GeometricRelations = geometricRelations,
            Evaluation = evaluation,
            QuestionsPath = questions,
            ScenesPath = scenes,
            OutputDirectory = Path.GetFullPath(Out),
            Perception = perception,
            ImagesDirectory = images,
            Programs = programs,
            ProgramCachePath = cache,
            Logic = logic,
            Threshold = (float)threshold,
            Noise = perception is PerceptionKind.Pixels or PerceptionKind.Vlm ? NoiseOptions.None : new NoiseOptions { Seed = NoiseSeed ?? 0, Spread = spread, FlipRate = flip },
            Limit = Limit,
            Concurrency = concurrency,
            Shard = shard,
            ForceRestart = forceRestart,
            ProgramCacheCapacity = prepared,
            Photos = photos,
        };
    }

    /// <summary>The photo dataset of a run, checked; null for CLEVR-Ref+ and question runs.</summary>
    private PhotoRun? ResolvePhotos(EvaluationTask task)
    {
        string dataset = (Dataset ?? "clevr-ref").Trim().ToLowerInvariant();
        PhotoDatasetKind? kind = dataset switch
        {
            "clevr-ref" => null,
            "refcoco" => PhotoDatasetKind.RefCoco,
            "refcoco+" => PhotoDatasetKind.RefCocoPlus,
            "refcocog" => PhotoDatasetKind.RefCocoG,
            "grefcoco" => PhotoDatasetKind.GRefCoco,
            "refadv" => PhotoDatasetKind.RefCocoG,
            _ => throw new EvaluationConfigException($"dataset: unknown value '{Dataset}'; expected: clevr-ref, refcoco, refcoco+, refcocog, grefcoco, refadv."),
        };
        if (kind is null)
        {
            string? photoField = Annotations is not null ? "annotations" : SplitBy is not null ? "split_by" : Split is not null ? "split" : Verifier is not null ? "verifier" : null;
            if (photoField is not null)
            {
                throw new EvaluationConfigException($"{photoField}: applies to photo datasets only; pass --task rec --dataset refcoco|refcoco+|refcocog|grefcoco|refadv, or remove it.");
            }

            return null;
        }

        if (task != EvaluationTask.Rec)
        {
            throw new EvaluationConfigException($"dataset: '{dataset}' holds referring expressions; pass --task rec.");
        }

        string? clevrField = !string.IsNullOrWhiteSpace(Refexps) ? "refexps" : !string.IsNullOrWhiteSpace(Questions) ? "questions" : !string.IsNullOrWhiteSpace(Scenes) ? "scenes" : null;
        if (clevrField is not null)
        {
            throw new EvaluationConfigException($"{clevrField}: a photo dataset reads its expressions and images from --annotations and --images; remove --{clevrField.Replace('_', '-')}.");
        }

        if (string.IsNullOrWhiteSpace(Annotations))
        {
            throw new EvaluationConfigException($"annotations: --dataset {dataset} needs the dataset folder or file: set 'annotations' or pass --annotations PATH.");
        }

        string path = Path.GetFullPath(Annotations);
        PhotoLayout layout;
        string? defaultSplit;
        try
        {
            layout = PhotoLayouts.Detect(dataset, path);
            defaultSplit = Split is null ? PhotoLayouts.DefaultSplit(layout, path) : null;
        }
        catch (PhotoDataException e)
        {
            throw new EvaluationConfigException($"annotations: {e.Message}.", e);
        }

        string? verifier = string.IsNullOrWhiteSpace(Verifier) ? null : ExistingFile(Verifier, "verifier");
        string split = (Split ?? defaultSplit!).Trim();
        if (split.Length == 0)
        {
            throw new EvaluationConfigException("split: must not be empty.");
        }

        if (layout != PhotoLayout.Refer)
        {
            if (SplitBy is not null)
            {
                throw new EvaluationConfigException($"split_by: applies to the refer toolkit's folder only, not to {(layout == PhotoLayout.Mdetr ? "an MDETR file (its split comes from its name)" : layout == PhotoLayout.Parquet ? "a parquet export" : "RefAdv's annotation file")}; remove it.");
            }

            return new PhotoRun(kind.Value, dataset, path, layout, null, split, verifier);
        }

        string folder = path;
        string splitBy = (SplitBy ?? ReferDataset.DefaultSplitBy(kind.Value)).Trim().ToLowerInvariant();
        string[] allowed = kind switch
        {
            PhotoDatasetKind.RefCoco => ["unc", "google"],
            PhotoDatasetKind.RefCocoG => ["umd", "google"],
            _ => ["unc"],
        };
        if (!allowed.Contains(splitBy, StringComparer.Ordinal))
        {
            throw new EvaluationConfigException($"split_by: '{splitBy}' does not exist for {dataset}; use {string.Join(" or ", allowed)}.");
        }

        string refs = ReferDataset.RefsFile(folder, kind.Value, splitBy);
        foreach (string required in new[] { refs, Path.Combine(folder, "instances.json") })
        {
            if (!File.Exists(required))
            {
                throw new EvaluationConfigException($"annotations: '{required}' does not exist; the folder must hold instances.json and {Path.GetFileName(refs)}.");
            }
        }

        return new PhotoRun(kind.Value, dataset, folder, PhotoLayout.Refer, splitBy, split, verifier);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string DefaultData(string file, string field)
    {
        try
        {
            return Path.Combine(ClevrDataFiles.LocateDataDirectory(Directory.GetCurrentDirectory()), file);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new EvaluationConfigException($"{field}: no file given and the shared CLEVR data was not found ({e.Message}); set '{field}' or pass --{field} FILE.", e);
        }
    }

    private static string DefaultRefexps()
    {
        try
        {
            return ClevrDataFiles.RefexpsBeside(ClevrDataFiles.LocateDataDirectory(Directory.GetCurrentDirectory()));
        }
        catch (DirectoryNotFoundException e)
        {
            throw new EvaluationConfigException($"refexps: no file given and the shared CLEVR data was not found ({e.Message}); set 'refexps' or pass --refexps FILE.", e);
        }
    }

    /// <summary>A program cache: the file, or for a JSON-lines path whose file is gone, the database beside it.</summary>
    private static string ExistingCache(string path)
    {
        if (!File.Exists(path) && CacheFiles.JsonLinesPath(path) is not null && File.Exists(CacheFiles.DatabasePath(path)))
        {
            return Path.GetFullPath(path);
        }

        return ExistingFile(path, "program_cache");
    }

    private static string ExistingFile(string path, string field)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new EvaluationConfigException($"{field}: '{path}' is not a valid path ({e.Message}).", e);
        }

        return File.Exists(full)
            ? full
            : throw new EvaluationConfigException($"{field}: file '{full}' does not exist.");
    }

    private static string ExistingDirectory(string path, string field)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new EvaluationConfigException($"{field}: '{path}' is not a valid path ({e.Message}).", e);
        }

        return Directory.Exists(full)
            ? full
            : throw new EvaluationConfigException($"{field}: directory '{full}' does not exist.");
    }
}
