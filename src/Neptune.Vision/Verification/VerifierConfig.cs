using System.Text.Json;
using Neptune.Configuration;
using Neptune.Models;
using Neptune.Vision.Caching;
using Neptune.Vision.Embeddings;

namespace Neptune.Vision.Verification;

/// <summary>
/// A verifier config file (<c>neptune calibrate --verifier FILE</c>): <c>{"kind": "clip", "embeddings": {…},
/// "temperature": 0.01, "bank": […], "cache": "…"}</c>. The fields are those of <see cref="Schema"/>; unknown fields are
/// errors; relative paths resolve against the file's folder.
/// </summary>
public sealed record VerifierConfig
{
    /// <summary>The embeddings server.</summary>
    public required EmbeddingsOptions Embeddings { get; init; }

    /// <summary>τ, the bank and the text templates.</summary>
    public ClipVerifierOptions Clip { get; init; } = ClipVerifierOptions.Default;

    /// <summary>The score-cache file for text and crop embeddings; null keeps them in memory.</summary>
    public string? CachePath { get; init; }

    /// <summary>The fields of a verifier config file.</summary>
    public static ConfigSchema Schema { get; } = new("verifier", "A region verifier (`neptune calibrate --verifier FILE`)", [
        ConfigField.Choice("kind", ["clip"], "clip: VIRO's eq. 2 over a CLIP-style embeddings server.", "clip"),
        ConfigField.Object("embeddings", EmbeddingsOptions.SectionSchema, "The embeddings server (required)."),
        ConfigField.Number("temperature", 0, 100, "τ of eq. 2.", "0.01", minimumExclusive: true),
        ConfigField.Json("bank", "The K common categories, a list of strings.", "the 80 COCO categories"),
        ConfigField.Path("bank_file", ConfigValueKind.ExistingFile, "A text file with one bank category per line (instead of bank)."),
        ConfigField.Text("object_template", "The text embedded for an object name and each bank category; {label} is replaced.", "a photo of a {label}."),
        ConfigField.Text("property_template", "The text embedded for a property; {label} is replaced.", "a photo of a {label} object."),
        ConfigField.Path("cache", ConfigValueKind.File, "The score-cache database for text and crop embeddings (SQLite, created when missing); null keeps them in memory.", "memory"),
        ConfigField.Text("description", "Free text describing the config."),
        ConfigField.Text("$schema", "A JSON-schema reference for editors; ignored."),
    ]);

    /// <summary>Loads a config file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelConfigurationException">The file is invalid; the message names the field and the file.</exception>
    /// <exception cref="InputFileException">The file is missing, a directory or not UTF-8 text.</exception>
    public static VerifierConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return Read(ConfigReader.ForFile(path, Schema));
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
    public static VerifierConfig Read(ConfigReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ConfigReader section = reader.Section("embeddings") ?? throw reader.Error("embeddings", "required: the embeddings server");
        ClipVerifierOptions clip = ClipVerifierOptions.Default;
        if (reader.Number("temperature") is double t)
        {
            clip = clip with { Temperature = (float)t };
        }

        if (reader.Json("bank") is { } bank)
        {
            if (bank.ValueKind != JsonValueKind.Array || bank.GetArrayLength() == 0 || bank.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString())))
            {
                throw reader.Error("bank", "expected a non-empty list of category names");
            }

            clip = clip with { Bank = [.. bank.EnumerateArray().Select(e => e.GetString()!.Trim())] };
        }

        if (reader.Path("bank_file") is { } bankFile)
        {
            if (reader.Has("bank"))
            {
                throw reader.Error("bank_file", "give bank or bank_file, not both");
            }

            string[] names = [.. InputFiles.ReadText(bankFile, "bank_file").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
            clip = names.Length > 0 ? clip with { Bank = names } : throw reader.Error("bank_file", "the file lists no category");
        }

        if (reader.String("object_template") is { } objectTemplate)
        {
            clip = clip with { ObjectTemplate = objectTemplate };
        }

        if (reader.String("property_template") is { } propertyTemplate)
        {
            clip = clip with { PropertyTemplate = propertyTemplate };
        }

        try
        {
            clip.Validate();
        }
        catch (ArgumentException e)
        {
            throw reader.Error(e.Message.Split(':')[0].Split(',')[0], e.Message);
        }

        return new VerifierConfig { Embeddings = EmbeddingsOptions.Read(section), Clip = clip, CachePath = reader.Path("cache") };
    }

    /// <summary>Opens the score cache (the file when configured, else memory).</summary>
    /// <returns>The cache.</returns>
    public ScoreCache OpenCache() => CachePath is null ? ScoreCache.InMemory() : ScoreCache.Open(CachePath);
}
