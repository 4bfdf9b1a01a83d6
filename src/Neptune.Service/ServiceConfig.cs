using System.Globalization;
using Neptune.Configuration;

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
}

/// <summary>
/// The settings of <c>neptune serve</c> as written in a config file or given as flags (every field is both); every
/// value optional until <see cref="Resolve"/>.
/// </summary>
public sealed record ServiceConfig
{
    /// <summary>The default listening address: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>The fields of a <c>serve</c> config file.</summary>
    public static ConfigSchema Schema { get; } = new("serve", "The HTTP service (`neptune serve --config FILE`)", [
        ConfigField.Text("urls", "The addresses to listen on, separated by ';' (http://HOST:PORT; port 0 picks a free port).", DefaultUrl),
        ConfigField.Path("scenes", ConfigValueKind.ExistingFile, "A CLEVR scenes file: `/v1/programs/run` runs over its scene `image_index`, loaded once at start-up.", "none"),
        ConfigField.Integer("max_request_bytes", 1024, 1L << 30, "The largest request body accepted, in bytes; larger requests get 413.", "1048576"),
        ConfigField.Integer("max_program_chars", 1, 1_000_000, "The longest program accepted, in characters; longer ones get 400.", "20000"),
        ConfigField.Integer("run_timeout_ms", 1, 600_000, "The time budget of one program run, in milliseconds (a run over it fails with a budget error).", "10000"),
        ConfigField.Integer("shutdown_timeout_seconds", 0, 600, "On Ctrl+C or SIGTERM: how long requests in flight may finish before the server stops.", "10"),
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
        };
    }

    /// <summary>Applies the defaults and checks the addresses.</summary>
    /// <returns>The settings.</returns>
    /// <exception cref="ServiceConfigException">An address is not an absolute http URL.</exception>
    public ServiceSettings Resolve()
    {
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

        return new ServiceSettings
        {
            Urls = urls,
            ScenesPath = Scenes,
            MaxRequestBytes = MaxRequestBytes ?? 1L << 20,
            MaxProgramChars = MaxProgramChars ?? 20_000,
            RunTimeout = TimeSpan.FromMilliseconds(RunTimeoutMs ?? 10_000),
            ShutdownTimeout = TimeSpan.FromSeconds(ShutdownTimeoutSeconds ?? 10),
        };
    }
}
