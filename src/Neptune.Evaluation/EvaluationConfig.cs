using System.Globalization;
using System.Text.Json;
using Neptune.Clevr;
using Neptune.Logic;

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
/// The JSON config is one object with the fields <c>questions</c>, <c>scenes</c>, <c>perception</c>, <c>images</c>, <c>programs</c>,
/// <c>program_cache</c>, <c>logic</c>, <c>threshold</c>, <c>noise</c> (an object with <c>seed</c>, <c>spread</c>,
/// <c>flip</c>), <c>limit</c>, <c>concurrency</c>, <c>shard</c>, <c>out</c> and <c>prepared_cache</c>. An unknown
/// field is an error naming it. Relative paths resolve against the current directory. Noise applies to the scene
/// annotations only: a nonzero noise spread or flip with <c>pixels</c> perception is an error, and so is <c>images</c>
/// with <c>scene</c>.
/// </remarks>
public sealed record EvaluationConfig
{
    private static readonly string[] Fields =
    [
        "questions", "scenes", "perception", "images", "programs", "program_cache", "logic", "threshold", "noise", "limit",
        "concurrency", "shard", "out", "prepared_cache",
    ];

    private static readonly string[] NoiseFields = ["seed", "spread", "flip"];

    /// <summary>The question file (<c>questions</c>, <c>--questions</c>).</summary>
    public string? Questions { get; init; }

    /// <summary>The scene file (<c>scenes</c>, <c>--scenes</c>).</summary>
    public string? Scenes { get; init; }

    /// <summary><c>scene</c>, <c>pixels</c> or <c>vlm</c> (<c>perception</c>, <c>--perception</c>).</summary>
    public string? Perception { get; init; }

    /// <summary>The directory of PNG or JPEG pictures for <c>pixels</c> perception (<c>images</c>, <c>--images</c>); unset to render each scene.</summary>
    public string? Images { get; init; }

    /// <summary><c>gt</c> or <c>cache</c> (<c>programs</c>, <c>--programs</c>).</summary>
    public string? Programs { get; init; }

    /// <summary>The program-cache file (<c>program_cache</c>, <c>--program-cache</c>).</summary>
    public string? ProgramCache { get; init; }

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

    /// <summary>Reads a config file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The values it sets.</returns>
    /// <exception cref="EvaluationConfigException">The file is missing, is not JSON, or has an unknown or mistyped field.</exception>
    public static EvaluationConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EvaluationConfigException($"cannot read config file '{path}': {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses config JSON.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="sourceName">A name for the text, used in messages.</param>
    /// <returns>The values it sets.</returns>
    /// <exception cref="EvaluationConfigException">The text is not a JSON object, or has an unknown or mistyped field.</exception>
    public static EvaluationConfig Parse(string json, string sourceName = "config")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new EvaluationConfigException($"{sourceName}: not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new EvaluationConfigException($"{sourceName}: the config must be a JSON object, found {root.ValueKind}.");
            }

            var config = new EvaluationConfig();
            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (Array.IndexOf(Fields, p.Name) < 0)
                {
                    throw new EvaluationConfigException($"{sourceName}: unknown field '{p.Name}'; known fields: {string.Join(", ", Fields)}.");
                }

                if (p.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                config = p.Name switch
                {
                    "questions" => config with { Questions = String(p, sourceName) },
                    "scenes" => config with { Scenes = String(p, sourceName) },
                    "perception" => config with { Perception = String(p, sourceName) },
                    "images" => config with { Images = String(p, sourceName) },
                    "programs" => config with { Programs = String(p, sourceName) },
                    "program_cache" => config with { ProgramCache = String(p, sourceName) },
                    "logic" => config with { Logic = String(p, sourceName) },
                    "threshold" => config with { Threshold = Number(p.Value, p.Name, sourceName) },
                    "noise" => ParseNoise(config, p.Value, sourceName),
                    "limit" => config with { Limit = Integer(p.Value, p.Name, sourceName) },
                    "concurrency" => config with { Concurrency = Integer(p.Value, p.Name, sourceName) },
                    "shard" => config with { Shard = String(p, sourceName) },
                    "out" => config with { Out = String(p, sourceName) },
                    "prepared_cache" => config with { PreparedCache = Integer(p.Value, p.Name, sourceName) },
                    _ => config,
                };
            }

            return config;
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
            Questions = top.Questions ?? Questions,
            Scenes = top.Scenes ?? Scenes,
            Perception = top.Perception ?? Perception,
            Images = top.Images ?? Images,
            Programs = top.Programs ?? Programs,
            ProgramCache = top.ProgramCache ?? ProgramCache,
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
        string questions = ExistingFile(Questions ?? DefaultData(ClevrDataFiles.TrainQuestions10000, "questions"), "questions");
        string scenes = ExistingFile(Scenes ?? DefaultData(ClevrDataFiles.TrainScenes1000, "scenes"), "scenes");
        if (string.IsNullOrWhiteSpace(Out))
        {
            throw new EvaluationConfigException("no output directory: set 'out' in the config or pass --out DIR.");
        }

        PerceptionKind perception = (Perception ?? "scene").Trim().ToLowerInvariant() switch
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

        ProgramSourceKind programs = (Programs ?? "gt").Trim().ToLowerInvariant() switch
        {
            "gt" => ProgramSourceKind.GroundTruth,
            "cache" => ProgramSourceKind.Cache,
            "llm" => ProgramSourceKind.Llm,
            _ => throw new EvaluationConfigException($"programs: unknown value '{Programs}'; expected: gt, cache, llm."),
        };

        string? cache = null;
        if (programs == ProgramSourceKind.Cache)
        {
            if (string.IsNullOrWhiteSpace(ProgramCache))
            {
                throw new EvaluationConfigException("programs: 'cache' needs a program-cache file: set 'program_cache' or pass --program-cache FILE.");
            }

            cache = ExistingFile(ProgramCache, "program_cache");
        }
        else if (!string.IsNullOrWhiteSpace(ProgramCache))
        {
            cache = ExistingFile(ProgramCache, "program_cache");
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
        };
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

    private static EvaluationConfig ParseNoise(EvaluationConfig config, JsonElement value, string sourceName)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new EvaluationConfigException($"{sourceName}: field 'noise' must be an object with seed, spread and flip, found {value.ValueKind}.");
        }

        foreach (JsonProperty p in value.EnumerateObject())
        {
            if (Array.IndexOf(NoiseFields, p.Name) < 0)
            {
                throw new EvaluationConfigException($"{sourceName}: unknown field 'noise.{p.Name}'; known fields: {string.Join(", ", NoiseFields)}.");
            }

            if (p.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            string name = "noise." + p.Name;
            config = p.Name switch
            {
                "seed" => config with { NoiseSeed = Long(p.Value, name, sourceName) },
                "spread" => config with { NoiseSpread = Number(p.Value, name, sourceName) },
                _ => config with { NoiseFlip = Number(p.Value, name, sourceName) },
            };
        }

        return config;
    }

    private static string String(JsonProperty p, string sourceName) =>
        p.Value.ValueKind == JsonValueKind.String
            ? p.Value.GetString()!
            : throw new EvaluationConfigException($"{sourceName}: field '{p.Name}' must be a string, found {p.Value.ValueKind}.");

    private static double Number(JsonElement value, string name, string sourceName) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d)
            ? d
            : throw new EvaluationConfigException($"{sourceName}: field '{name}' must be a number, found {value.ValueKind}.");

    private static int Integer(JsonElement value, string name, string sourceName) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int i)
            ? i
            : throw new EvaluationConfigException($"{sourceName}: field '{name}' must be a whole number, found {Describe(value)}.");

    private static long Long(JsonElement value, string name, string sourceName) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long i)
            ? i
            : throw new EvaluationConfigException($"{sourceName}: field '{name}' must be a whole number, found {Describe(value)}.");

    private static string Describe(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.ValueKind.ToString();
}
