using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Neptune.Configuration;
using Neptune.Language;

namespace Neptune.Service;

/// <summary>A <c>serve</c> setting is missing, unknown or out of range. The CLI exits with code 2.</summary>
/// <param name="message">What is wrong, naming the field or flag.</param>
/// <param name="innerException">The underlying error, if any.</param>
public sealed class ServiceConfigException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The checked settings of a server.</summary>
public sealed record ServiceSettings
{
    /// <summary>The addresses Kestrel listens on.</summary>
    public required IReadOnlyList<string> Urls { get; init; }

    /// <summary>A CLEVR scenes file whose scenes programs can run over by <c>image_index</c>, or null.</summary>
    public string? ScenesPath { get; init; }

    /// <summary>The largest request body accepted, in bytes (413 above it).</summary>
    public required long MaxRequestBytes { get; init; }

    /// <summary>The longest program accepted, in characters (400 above it).</summary>
    public required int MaxProgramChars { get; init; }

    /// <summary>The time budget of one program run.</summary>
    public required TimeSpan RunTimeout { get; init; }

    /// <summary>How long a stopping server lets requests in flight finish.</summary>
    public required TimeSpan ShutdownTimeout { get; init; }

    /// <summary>The largest image accepted, in pixels (width × height, read from the header before decoding).</summary>
    public long MaxImagePixels { get; init; } = ServiceConfig.DefaultMaxImagePixels;

    /// <summary>The most images one <c>/v1/find</c> request may send.</summary>
    public int MaxImages { get; init; } = 64;

    /// <summary>A programs config: questions without a program get one from its model server; null when programs must be sent.</summary>
    public string? ProgramsPath { get; init; }

    /// <summary>An ask config: <c>/v1/ask</c> perceives through its detector and vision-language model; null for the embedded world.</summary>
    public string? AskConfigPath { get; init; }

    /// <summary>
    /// The SHA-256 hashes of the accepted API keys (the keys themselves are not kept); empty when <c>/v1</c> is open to
    /// every caller.
    /// </summary>
    public IReadOnlyList<byte[]> ApiKeyHashes { get; init; } = [];

    /// <summary>Requests each caller (API key, or address without keys) may make to <c>/v1</c> per minute; 0 for no limit.</summary>
    public int RateLimitPerMinute { get; init; }

    /// <summary>How many <c>/v1</c> requests run at once; more wait in the queue.</summary>
    public int MaxConcurrentRequests { get; init; } = Environment.ProcessorCount;

    /// <summary>How many <c>/v1</c> requests may wait for a turn; more get 503.</summary>
    public int MaxQueuedRequests { get; init; } = 64;

    /// <summary>How program runs make their model calls; every mode gives the same answers.</summary>
    public EvaluationMode Evaluation { get; init; }

    /// <summary>The directory of evaluation jobs (<c>jobs.db</c> and one output directory per job); null when the server runs no jobs.</summary>
    public string? JobsDirectory { get; init; }

    /// <summary>How many evaluation jobs run at once; more wait, in the order they were submitted.</summary>
    public int MaxConcurrentJobs { get; init; } = 1;
    /// <summary>A folder of evaluation runs (each a folder with <c>results.jsonl</c>) the viewer and <c>/v1/runs</c> list; null for none.</summary>
    public string? RunsPath { get; init; }
}

/// <summary>
/// The settings of <c>neptune serve</c> as written in a config file or given as flags (every field is both); every
/// value optional until <see cref="Resolve()"/>.
/// </summary>
public sealed record ServiceConfig
{
    /// <summary>The default listening address: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>The environment variable read for API keys unless <c>api_keys_variable</c> names another.</summary>
    public const string DefaultApiKeysVariable = "NEPTUNE_API_KEYS";

    /// <summary>The default of <c>max_image_pixels</c>: 16 Mi pixels (64 MiB of RGBA).</summary>
    public const long DefaultMaxImagePixels = 16L * 1024 * 1024;

    /// <summary>The default of <c>max_request_bytes</c>: 8 MiB, room for a photo or a batch of CLEVR-2D pictures.</summary>
    public const long DefaultMaxRequestBytes = 8L * 1024 * 1024;

    /// <summary>The fields of a <c>serve</c> config file.</summary>
    public static ConfigSchema Schema { get; } = new("serve", "The HTTP service (`neptune serve --config FILE`)", [
        ConfigField.Text("urls", "The addresses to listen on, separated by ';' (http://HOST:PORT; port 0 picks a free port).", DefaultUrl),
        ConfigField.Path("scenes", ConfigValueKind.ExistingFile, "A CLEVR scenes file: `/v1/programs/run` runs over its scene `image_index`, loaded once at start-up.", "none"),
        ConfigField.Integer("max_request_bytes", 1024, 1L << 30, "The largest request body accepted, in bytes; larger requests get 413.", "8388608"),
        ConfigField.Integer("max_image_pixels", 1, 1L << 28, "The largest image accepted, in pixels (width × height, read from the header before any decoding); larger images get 413.", "16777216"),
        ConfigField.Integer("max_images", 1, 10_000, "The most images one `/v1/find` request may send.", "64"),
        ConfigField.Path("programs", ConfigValueKind.ExistingFile, "A programs config (`configs/programs/`): `/v1/ask` and `/v1/find` requests without a `program` get one written by its model server, through its program cache; jobs with `programs: llm` use the same generator.", "none"),
        ConfigField.Path("ask", ConfigValueKind.ExistingFile, "An ask config (`configs/ask/`): `/v1/ask` detects and scores through its vision-language model (and score cache) instead of the embedded world, and writes programs through its programs config unless `programs` is set; jobs with `perception: vlm` score through the same model.", "none"),
        ConfigField.Text("api_keys_variable", "The environment variable holding the API keys (separated by ';' or ','); `/v1` then needs `Authorization: Bearer KEY`.", DefaultApiKeysVariable),
        ConfigField.Path("api_keys_file", ConfigValueKind.ExistingFile, "A file of API keys, one a line (blank lines and lines starting with # skipped), added to those of `api_keys_variable`.", "none"),
        ConfigField.Integer("rate_limit_per_minute", 0, 1_000_000, "Requests each caller (API key, or client address without keys) may make to `/v1` per minute; more get 429 with Retry-After. 0: no limit.", "0"),
        ConfigField.Integer("max_concurrent_requests", 1, 1024, "How many `/v1` requests run at once; the next ones wait in a queue.", "the processor count"),
        ConfigField.Integer("max_queued_requests", 0, 100_000, "How many `/v1` requests may wait for a turn; more get 503 with Retry-After.", "64"),
        ConfigField.Choice("evaluation", [.. EvaluationModes.Available], "How program runs make their model calls (every mode gives the same answers): eager = each call when the program reaches it, one after another; prefetch = the `score()` calls written with literal arguments are issued together before the run (one shared round trip; those the run does not reach are counted as speculative); lazy = only the tuples that can change the result are scored (counts, quantifiers, `iota` and `given` refine interval bounds of the unscored cells).", "eager"),
        ConfigField.Path("runs", ConfigValueKind.ExistingDirectory, "A folder of evaluation runs (the `--out` folders of `neptune eval`, each with `results.jsonl` and `summary.json`): `/v1/runs` lists them and the viewer at `/` browses them.", "none"),
        ConfigField.Integer("max_program_chars", 1, 1_000_000, "The longest program accepted, in characters; longer ones get 400.", "20000"),
        ConfigField.Integer("run_timeout_ms", 1, 600_000, "The time budget of one program run, in milliseconds (a run over it fails with a budget error).", "10000"),
        ConfigField.Integer("shutdown_timeout_seconds", 0, 600, "On Ctrl+C or SIGTERM: how long requests in flight may finish before the server stops.", "10"),
        ConfigField.Path("jobs", ConfigValueKind.Directory, "The directory of evaluation jobs (`/v1/jobs`): their state database `jobs.db` and one output directory per job; jobs survive a restart and resume. Without it the server runs no jobs.", "none"),
        ConfigField.Integer("max_concurrent_jobs", 1, 64, "How many evaluation jobs run at once; the next ones wait, oldest first.", "1"),
    ]);

    /// <summary><c>urls</c>.</summary>
    public string? Urls { get; init; }

    /// <summary><c>scenes</c>.</summary>
    public string? Scenes { get; init; }

    /// <summary><c>max_request_bytes</c>.</summary>
    public long? MaxRequestBytes { get; init; }

    /// <summary><c>max_program_chars</c>.</summary>
    public int? MaxProgramChars { get; init; }

    /// <summary><c>run_timeout_ms</c>.</summary>
    public int? RunTimeoutMs { get; init; }

    /// <summary><c>shutdown_timeout_seconds</c>.</summary>
    public int? ShutdownTimeoutSeconds { get; init; }

    /// <summary><c>max_image_pixels</c>.</summary>
    public long? MaxImagePixels { get; init; }

    /// <summary><c>max_images</c>.</summary>
    public int? MaxImages { get; init; }

    /// <summary><c>programs</c>.</summary>
    public string? Programs { get; init; }

    /// <summary><c>ask</c>.</summary>
    public string? Ask { get; init; }

    /// <summary><c>api_keys_variable</c>: the variable's name (never a key).</summary>
    public string? ApiKeysVariable { get; init; }

    /// <summary><c>api_keys_file</c>.</summary>
    public string? ApiKeysFile { get; init; }

    /// <summary><c>rate_limit_per_minute</c>.</summary>
    public int? RateLimitPerMinute { get; init; }

    /// <summary><c>max_concurrent_requests</c>.</summary>
    public int? MaxConcurrentRequests { get; init; }

    /// <summary><c>max_queued_requests</c>.</summary>
    public int? MaxQueuedRequests { get; init; }

    /// <summary><c>evaluation</c>.</summary>
    public string? Evaluation { get; init; }

    /// <summary><c>jobs</c>.</summary>
    public string? Jobs { get; init; }

    /// <summary><c>max_concurrent_jobs</c>.</summary>
    public int? MaxConcurrentJobs { get; init; }
    /// <summary><c>runs</c>.</summary>
    public string? Runs { get; init; }

    /// <summary>Reads a config file; relative paths resolve against its folder.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="notes">Receives deprecation notes; null drops them.</param>
    /// <returns>The values it sets.</returns>
    /// <exception cref="ServiceConfigException">The file is missing or has a bad field.</exception>
    public static ServiceConfig Load(string path, ConfigNotes? notes = null)
    {
        try
        {
            return Read(ConfigReader.ForFile(path, Schema, notes));
        }
        catch (Exception e) when (e is ConfigException or InputFileException)
        {
            throw new ServiceConfigException(e.Message, e);
        }
    }

    /// <summary>Reads the values of a config object over <see cref="Schema"/> (a file or the flags).</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The values it sets.</returns>
    /// <exception cref="ServiceConfigException">A field is bad.</exception>
    public static ServiceConfig Read(ConfigReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            return new ServiceConfig
            {
                Urls = reader.String("urls"),
                Scenes = reader.Path("scenes"),
                MaxRequestBytes = reader.Integer("max_request_bytes"),
                MaxProgramChars = reader.Int32("max_program_chars"),
                RunTimeoutMs = reader.Int32("run_timeout_ms"),
                ShutdownTimeoutSeconds = reader.Int32("shutdown_timeout_seconds"),
                MaxImagePixels = reader.Integer("max_image_pixels"),
                MaxImages = reader.Int32("max_images"),
                Programs = reader.Path("programs"),
                Ask = reader.Path("ask"),
                ApiKeysVariable = reader.String("api_keys_variable"),
                ApiKeysFile = reader.Path("api_keys_file"),
                RateLimitPerMinute = reader.Int32("rate_limit_per_minute"),
                MaxConcurrentRequests = reader.Int32("max_concurrent_requests"),
                MaxQueuedRequests = reader.Int32("max_queued_requests"),
                Evaluation = reader.Choice("evaluation"),
                Jobs = reader.Path("jobs"),
                MaxConcurrentJobs = reader.Int32("max_concurrent_jobs"),
                Runs = reader.Path("runs"),
            };
        }
        catch (Exception e) when (e is ConfigException or InputFileException)
        {
            throw new ServiceConfigException(e.Message, e);
        }
    }

    /// <summary>Layers values: every value set in <paramref name="top"/> wins.</summary>
    /// <param name="top">The values on top (the flags).</param>
    /// <returns>The combined values.</returns>
    public ServiceConfig Overlay(ServiceConfig top)
    {
        ArgumentNullException.ThrowIfNull(top);
        return new ServiceConfig
        {
            Urls = top.Urls ?? Urls,
            Scenes = top.Scenes ?? Scenes,
            MaxRequestBytes = top.MaxRequestBytes ?? MaxRequestBytes,
            MaxProgramChars = top.MaxProgramChars ?? MaxProgramChars,
            RunTimeoutMs = top.RunTimeoutMs ?? RunTimeoutMs,
            ShutdownTimeoutSeconds = top.ShutdownTimeoutSeconds ?? ShutdownTimeoutSeconds,
            MaxImagePixels = top.MaxImagePixels ?? MaxImagePixels,
            MaxImages = top.MaxImages ?? MaxImages,
            Programs = top.Programs ?? Programs,
            Ask = top.Ask ?? Ask,
            ApiKeysVariable = top.ApiKeysVariable ?? ApiKeysVariable,
            ApiKeysFile = top.ApiKeysFile ?? ApiKeysFile,
            RateLimitPerMinute = top.RateLimitPerMinute ?? RateLimitPerMinute,
            MaxConcurrentRequests = top.MaxConcurrentRequests ?? MaxConcurrentRequests,
            MaxQueuedRequests = top.MaxQueuedRequests ?? MaxQueuedRequests,
            Evaluation = top.Evaluation ?? Evaluation,
            Jobs = top.Jobs ?? Jobs,
            MaxConcurrentJobs = top.MaxConcurrentJobs ?? MaxConcurrentJobs,
            Runs = top.Runs ?? Runs,
        };
    }

    /// <summary>Applies the defaults, checks the addresses and reads the API keys (from the environment and the keys file).</summary>
    /// <returns>The settings.</returns>
    /// <exception cref="ServiceConfigException">An address is not an absolute http URL, or the API keys cannot be read.</exception>
    public ServiceSettings Resolve() => Resolve(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="Resolve()"/>, reading environment variables through <paramref name="environment"/>.</summary>
    /// <param name="environment">Returns a variable's value, or null when it is not set.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ServiceConfigException">An address is not an absolute http URL, or the API keys cannot be read.</exception>
    public ServiceSettings Resolve(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string[] urls = (Urls ?? DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            throw new ServiceConfigException("urls: no address given; expected for example " + DefaultUrl);
        }

        foreach (string url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
            {
                throw new ServiceConfigException(string.Create(CultureInfo.InvariantCulture, $"urls: '{url}' is not an address like {DefaultUrl} (http, a host, a port, no path)"));
            }
        }

        if (!EvaluationModes.TryParse(Evaluation, out EvaluationMode evaluation, out string? evaluationError))
        {
            throw new ServiceConfigException($"evaluation: {evaluationError}");
        }

        return new ServiceSettings
        {
            Urls = urls,
            ScenesPath = Scenes,
            MaxRequestBytes = MaxRequestBytes ?? DefaultMaxRequestBytes,
            MaxProgramChars = MaxProgramChars ?? 20_000,
            RunTimeout = TimeSpan.FromMilliseconds(RunTimeoutMs ?? 10_000),
            ShutdownTimeout = TimeSpan.FromSeconds(ShutdownTimeoutSeconds ?? 10),
            MaxImagePixels = MaxImagePixels ?? DefaultMaxImagePixels,
            MaxImages = MaxImages ?? 64,
            ProgramsPath = Programs,
            AskConfigPath = Ask,
            ApiKeyHashes = ReadApiKeys(environment),
            RateLimitPerMinute = RateLimitPerMinute ?? 0,
            MaxConcurrentRequests = MaxConcurrentRequests ?? Environment.ProcessorCount,
            MaxQueuedRequests = MaxQueuedRequests ?? 64,
            Evaluation = evaluation,
            JobsDirectory = Jobs is null ? null : Path.GetFullPath(Jobs),
            MaxConcurrentJobs = MaxConcurrentJobs ?? 1,
            RunsPath = Runs,
        };
    }

    /// <summary>The hashes of the keys of the variable and the file; a key is never kept, printed or logged.</summary>
    private List<byte[]> ReadApiKeys(Func<string, string?> environment)
    {
        var keys = new List<string>();
        string variable = ApiKeysVariable ?? DefaultApiKeysVariable;
        if (string.IsNullOrWhiteSpace(variable))
        {
            throw new ServiceConfigException("api_keys_variable: empty; name an environment variable such as " + DefaultApiKeysVariable);
        }

        string? value = environment(variable);
        if (string.IsNullOrWhiteSpace(value) && ApiKeysVariable is not null)
        {
            throw new ServiceConfigException($"api_keys_variable: the environment variable '{variable}' is not set or empty");
        }

        keys.AddRange((value ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (ApiKeysFile is { } file)
        {
            try
            {
                keys.AddRange(File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ServiceConfigException($"api_keys_file: cannot read '{ConfigSource.Display(file)}': {e.Message}", e);
            }

            if (keys.Count == 0)
            {
                throw new ServiceConfigException($"api_keys_file: '{ConfigSource.Display(file)}' holds no key");
            }
        }

        foreach (string key in keys)
        {
            if (key.Length < 16 || key.Any(char.IsWhiteSpace))
            {
                // Says which source, never the key.
                throw new ServiceConfigException($"API keys: a key of {key.Length} characters is too short or holds white space; keys are at least 16 characters without spaces (from {(ApiKeysFile is null ? $"${variable}" : $"${variable} or api_keys_file")})");
            }
        }

        return [.. keys.Distinct(StringComparer.Ordinal).Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))];
    }
}
