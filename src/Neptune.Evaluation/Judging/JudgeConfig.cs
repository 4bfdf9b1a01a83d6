using Neptune.Configuration;
using Neptune.Models;

namespace Neptune.Evaluation.Judging;

/// <summary>
/// A judge config file (<c>neptune eval --judge-config FILE</c>): <c>{"backend": {…}, "judge": {…}}</c>. The backend
/// is any OpenAI-compatible chat model (read by <see cref="ModelEndpointOptionsJson"/>); the <c>judge</c> section
/// names the verdict cache and how many verdicts are asked for at once. Relative paths resolve against the file's folder.
/// </summary>
public sealed record JudgeConfig
{
    /// <summary>The model server that judges.</summary>
    public required ModelEndpointOptions Backend { get; init; }

    /// <summary>The verdict cache (SQLite); null disables it.</summary>
    public string? CachePath { get; init; } = "artifacts/judge/cache.db";

    /// <summary>Verdicts asked for at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>The fields of the <c>judge</c> section.</summary>
    public static ConfigSchema JudgeSchema { get; } = new("judge.judge", "Answer judging: verdict cache and concurrency", [
        ConfigField.Path("cache", ConfigValueKind.File, "The verdict cache (SQLite, created when missing); null disables it.", "artifacts/judge/cache.db"),
        ConfigField.Integer("concurrency", 1, 1024, "Verdicts asked for at once (the backend's max_concurrent_requests still bounds the requests in flight).", "8"),
    ]);

    /// <summary>The fields of a judge config file.</summary>
    public static ConfigSchema Schema { get; } = new("judge", "A judge config (`neptune eval --judge-config FILE`, `neptune eval judge --judge-config FILE`)", [
        ConfigField.Object("backend", ModelEndpointOptionsJson.Schema, "The model server that judges answers (required).") with { Required = true },
        ConfigField.Object("judge", JudgeSchema, "Judging settings."),
        ConfigField.Text("description", "Free text describing the config."),
        ConfigField.Text("$schema", "A JSON-schema reference for editors; ignored."),
    ]);

    /// <summary>Loads a config file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="notes">Receives deprecation notes; null drops them.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelConfigurationException">The file is invalid; the message names the field and the file.</exception>
    /// <exception cref="InputFileException">The file is missing, a directory or not UTF-8 text.</exception>
    public static JudgeConfig Load(string path, ConfigNotes? notes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            ConfigReader root = ConfigReader.ForFile(path, Schema, notes);
            var config = new JudgeConfig { Backend = ModelEndpointOptionsJson.Read(root.Section("backend")!) };
            if (root.Section("judge") is not { } judge)
            {
                return config;
            }

            if (judge.Has("cache") || judge.IsNull("cache"))
            {
                config = config with { CachePath = judge.Path("cache") };
            }

            return config with { Concurrency = judge.Int32("concurrency") ?? config.Concurrency };
        }
        catch (ConfigException e)
        {
            throw new ModelConfigurationException(e.Message, e);
        }
    }
}
