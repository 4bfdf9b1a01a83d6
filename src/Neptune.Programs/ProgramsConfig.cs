using Neptune.Configuration;
using Microsoft.Extensions.AI;
using Neptune.Language;
using Neptune.Models;
using Neptune.Models.Middleware;
using Neptune.Programs.Caching;
using Neptune.Programs.Generation;
using Neptune.Programs.Prompting;

namespace Neptune.Programs;

/// <summary>
/// A program-generation config file: <c>{"backend": {…}, "programs": {…}}</c> with the fields of <see cref="Schema"/>
/// (snake_case; the old camelCase spellings still work with a deprecation note). The backend section is read by
/// <see cref="ModelEndpointOptionsJson"/>. Relative paths resolve against the config file's folder.
/// </summary>
public sealed record ProgramsConfig
{
    /// <summary>The model server.</summary>
    public required ModelEndpointOptions Backend { get; init; }

    /// <summary>The program-cache file; null disables caching.</summary>
    public string? CachePath { get; init; } = "artifacts/programs/cache.db";

    /// <summary>Repair rounds after the first answer.</summary>
    public int RepairRounds { get; init; } = 3;

    /// <summary>Whether runtime errors on a probe image are repaired.</summary>
    public bool RepairRuntimeErrors { get; init; } = true;

    /// <summary>Questions generated at once by <c>programs generate</c>.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>The prompt template.</summary>
    public PromptTemplate Template { get; init; } = PromptTemplate.Default;

    /// <summary>The fields of the <c>programs</c> section.</summary>
    public static ConfigSchema ProgramsSchema { get; } = new("programs.programs", "Program generation: cache, repair loop, template", [
        ConfigField.Path("cache", ConfigValueKind.File, "The program-cache database (SQLite, created when missing; a .jsonl path names an older JSON-lines cache, imported into the .db beside it); null disables caching.", "artifacts/programs/cache.db") with { Flag = "programs generate --cache" },
        ConfigField.Integer("repair_rounds", 0, 20, "Repair rounds after the first answer.", "3"),
        ConfigField.Boolean("repair_runtime_errors", "Whether a runtime error on the probe image is sent back for repair.", "true"),
        ConfigField.Integer("concurrency", 1, 1024, "Questions generated at once by `programs generate`.", "4") with { Flag = "programs generate --concurrency" },
        ConfigField.Path("template", ConfigValueKind.ExistingFile, "A prompt-template JSON file (`neptune programs template` prints the built-in one).", "built in"),
    ]);

    /// <summary>The fields of a programs config file (<c>neptune programs generate --config FILE</c>, <c>eval --llm-config FILE</c>).</summary>
    public static ConfigSchema Schema { get; } = new("programs", "A programs config (`neptune programs … --config FILE`, `neptune eval --llm-config FILE`)", [
        ConfigField.Object("backend", ModelEndpointOptionsJson.Schema, "The model server that writes the programs (required).") with { Required = true },
        ConfigField.Object("programs", ProgramsSchema, "Program generation settings."),
        ConfigField.Text("description", "Free text describing the config."),
        ConfigField.Text("$schema", "A JSON-schema reference for editors; ignored."),
    ]);

    /// <summary>Loads a config file; relative paths in it resolve against its folder.</summary>
    /// <param name="path">The file.</param>
    /// <param name="notes">Receives deprecation notes (old field spellings); null drops them.</param>
    /// <param name="template">
    /// The template when the file names none, and the one whose parts a template file's missing parts keep
    /// (an application passes its datasets' template here); <see cref="PromptTemplate.Default"/> when null.
    /// </param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelConfigurationException">The file is invalid; the message names the field and the file.</exception>
    /// <exception cref="InputFileException">The file is missing, a directory or not UTF-8 text.</exception>
    public static ProgramsConfig Load(string path, ConfigNotes? notes = null, PromptTemplate? template = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            ConfigReader root = ConfigReader.ForFile(path, Schema, notes);
            var config = new ProgramsConfig { Backend = ModelEndpointOptionsJson.Read(root.Section("backend")!), Template = template ?? PromptTemplate.Default };
            if (root.Section("programs") is not { } programs)
            {
                return config;
            }

            if (programs.Has("cache") || programs.IsNull("cache"))
            {
                config = config with { CachePath = programs.Path("cache") };
            }

            config = config with
            {
                RepairRounds = programs.Int32("repair_rounds") ?? config.RepairRounds,
                RepairRuntimeErrors = programs.Boolean("repair_runtime_errors") ?? config.RepairRuntimeErrors,
                Concurrency = programs.Int32("concurrency") ?? config.Concurrency,
            };
            if (programs.Path("template") is { } file)
            {
                try
                {
                    config = config with { Template = PromptTemplate.Load(file, notes, config.Template) };
                }
                catch (PromptTemplateException e)
                {
                    throw new ModelConfigurationException($"{programs.Where("template")}: {e.Message}", e);
                }
            }

            return config;
        }
        catch (ConfigException e)
        {
            throw new ModelConfigurationException(e.Message, e);
        }
    }

    /// <summary>The cache-key function of this config.</summary>
    /// <returns>The key function.</returns>
    public ProgramCacheKey CacheKey() => new(Template, Backend, RepairRounds, RepairRuntimeErrors);

    /// <summary>Builds the generator: the chat pipeline for the backend, the repair loop and, when configured, the cache.</summary>
    /// <param name="engine">The engine that validates programs.</param>
    /// <param name="usage">Counters for model calls, or null.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="chatClient">A chat client to use instead of one built from <see cref="Backend"/> (any <see cref="IChatClient"/>).</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ModelConfigurationException">The backend is invalid or its key variable is not set.</exception>
    /// <exception cref="ProgramCacheCorruptException">The cache file is damaged.</exception>
    public IProgramGenerator CreateGenerator(ProgramEngine engine, ModelUsage? usage = null, TimeProvider? timeProvider = null, IChatClient? chatClient = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        IChatClient client = chatClient ?? ModelClientBuilder.ForEndpoint(Backend, usage, timeProvider);
        IProgramGenerator generator = new ProgramGenerator(
            client,
            engine,
            new ProgramGeneratorOptions { Template = Template, RepairRounds = RepairRounds, RepairRuntimeErrors = RepairRuntimeErrors },
            timeProvider);
        return CachePath is null ? generator : new CachingProgramGenerator(generator, ProgramCache.Open(CachePath), CacheKey(), timeProvider);
    }
}
