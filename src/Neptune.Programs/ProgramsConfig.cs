using System.Text.Json;
using Microsoft.Extensions.AI;
using Neptune.Language;
using Neptune.Models;
using Neptune.Models.Middleware;
using Neptune.Programs.Caching;
using Neptune.Programs.Generation;
using Neptune.Programs.Prompting;

namespace Neptune.Programs;

/// <summary>
/// A program-generation config file: <c>{"backend": {…}, "programs": {…}}</c>. The backend section is read by
/// <see cref="ModelEndpointOptionsJson"/>; the programs section has <c>cache</c> (file path), <c>repairRounds</c>,
/// <c>repairRuntimeErrors</c>, <c>concurrency</c> and <c>template</c> (a template JSON file). Relative paths are
/// relative to the working directory.
/// </summary>
public sealed record ProgramsConfig
{
    /// <summary>The model server.</summary>
    public required ModelEndpointOptions Backend { get; init; }

    /// <summary>The program-cache file; null disables caching.</summary>
    public string? CachePath { get; init; } = "artifacts/programs/cache.jsonl";

    /// <summary>Repair rounds after the first answer.</summary>
    public int RepairRounds { get; init; } = 3;

    /// <summary>Whether runtime errors on a probe image are repaired.</summary>
    public bool RepairRuntimeErrors { get; init; } = true;

    /// <summary>Questions generated at once by <c>programs generate</c>.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>The prompt template.</summary>
    public PromptTemplate Template { get; init; } = PromptTemplate.Default;

    /// <summary>Loads a config file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelConfigurationException">The file is invalid; the message names the field.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ProgramsConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ModelConfigurationException($"{path}: not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("backend", out JsonElement backend))
            {
                throw new ModelConfigurationException($"{path}: expected an object with a 'backend' section");
            }

            var config = new ProgramsConfig { Backend = ModelEndpointOptionsJson.Parse(backend, $"{path}: backend") };
            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (p.Name is not ("backend" or "programs" or "$schema" or "description"))
                {
                    throw new ModelConfigurationException($"{path}: unknown section '{p.Name}'");
                }
            }

            if (root.TryGetProperty("programs", out JsonElement programs))
            {
                config = ReadPrograms(config, programs, path);
            }

            return config;
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

    private static ProgramsConfig ReadPrograms(ProgramsConfig config, JsonElement section, string path)
    {
        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new ModelConfigurationException($"{path}: 'programs' must be an object");
        }

        foreach (JsonProperty p in section.EnumerateObject())
        {
            string field = $"{path}: programs.{p.Name}";
            config = p.Name switch
            {
                "cache" => config with { CachePath = p.Value.ValueKind == JsonValueKind.Null ? null : Str(p.Value, field) },
                "repairRounds" => config with { RepairRounds = Int(p.Value, field, 0, 20) },
                "repairRuntimeErrors" => config with { RepairRuntimeErrors = p.Value.ValueKind == JsonValueKind.True || (p.Value.ValueKind == JsonValueKind.False ? false : throw new ModelConfigurationException($"{field}: expected true or false")) },
                "concurrency" => config with { Concurrency = Int(p.Value, field, 1, 1024) },
                "template" => config with { Template = LoadTemplate(Str(p.Value, field), field) },
                _ => throw new ModelConfigurationException($"{field}: unknown field"),
            };
        }

        return config;
    }

    private static PromptTemplate LoadTemplate(string file, string field)
    {
        try
        {
            return PromptTemplate.Load(file);
        }
        catch (Exception e) when (e is PromptTemplateException or IOException)
        {
            throw new ModelConfigurationException($"{field}: {e.Message}", e);
        }
    }

    private static string Str(JsonElement v, string field) =>
        v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0 ? v.GetString()! : throw new ModelConfigurationException($"{field}: expected a non-empty string");

    private static int Int(JsonElement v, string field, int min, int max) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n >= min && n <= max
            ? n
            : throw new ModelConfigurationException($"{field}: expected an integer from {min} to {max}");
}
