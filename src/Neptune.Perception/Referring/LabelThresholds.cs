using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Neptune.Perception;

/// <summary>A thresholds file is missing, not JSON, or holds a threshold that is not a number in [0, 1]. The CLI exits with code 2.</summary>
public sealed class LabelThresholdsException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file (and the label).</param>
    /// <param name="innerException">The cause, if any.</param>
    public LabelThresholdsException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The per-label verifier thresholds δ_l of VIRO's adaptive thresholding (A.1.3), as <c>neptune calibrate</c> writes
/// them: a JSON object whose <c>thresholds</c> object maps each label to its δ in [0, 1]; other fields (how the
/// thresholds were made) are kept for people and ignored here. Labels are trimmed; two spellings of one label that
/// differ only in case are an error.
/// </summary>
public static class LabelThresholds
{
    /// <summary>Reads the thresholds of a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>δ_l per label.</returns>
    /// <exception cref="LabelThresholdsException">The file is missing, unreadable, not JSON or has an out-of-range threshold.</exception>
    public static IReadOnlyDictionary<string, float> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LabelThresholdsException($"{path}: cannot read the thresholds file ({e.Message})", e);
        }

        return Parse(bytes, path);
    }

    /// <summary>Reads thresholds from JSON text.</summary>
    /// <param name="json">The JSON bytes (UTF-8).</param>
    /// <param name="source">The file name, for messages.</param>
    /// <returns>δ_l per label.</returns>
    /// <exception cref="LabelThresholdsException">The text is not JSON or has an out-of-range threshold.</exception>
    public static IReadOnlyDictionary<string, float> Parse(ReadOnlySpan<byte> json, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            using JsonDocument doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("thresholds", out JsonElement thresholds) || thresholds.ValueKind != JsonValueKind.Object)
            {
                throw new LabelThresholdsException($"{source}: expected a JSON object with a 'thresholds' object mapping labels to numbers (as neptune calibrate writes it)");
            }

            var result = new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase);
            foreach (JsonProperty p in thresholds.EnumerateObject())
            {
                string label = p.Name.Trim();
                if (label.Length == 0)
                {
                    throw new LabelThresholdsException($"{source}: thresholds: a label is empty");
                }

                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDouble(out double value) || !(value >= 0 && value <= 1))
                {
                    throw new LabelThresholdsException($"{source}: thresholds.{label}: expected a number in [0, 1], got {p.Value.GetRawText()}");
                }

                if (!result.TryAdd(label, (float)value))
                {
                    throw new LabelThresholdsException($"{source}: thresholds.{label}: the label is given twice");
                }
            }

            return result;
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? string.Create(CultureInfo.InvariantCulture, $"({line + 1},{(e.BytePositionInLine ?? 0) + 1})") : "";
            throw new LabelThresholdsException($"{source}{where}: not valid JSON: {e.Message.Split('.')[0]}", e);
        }
    }

    /// <summary>Writes a thresholds file atomically (a temporary file renamed over the target).</summary>
    /// <param name="path">The file.</param>
    /// <param name="write">Writes the object's other fields, before <c>thresholds</c>.</param>
    /// <param name="thresholds">δ_l per label, in the order written.</param>
    public static void Write(string path, Action<Utf8JsonWriter> write, IEnumerable<KeyValuePair<string, float>> thresholds)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(thresholds);
        string full = Path.GetFullPath(path);
        string temporary = full + ".tmp";
        using (var stream = File.Create(temporary))
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            write(w);
            w.WriteStartObject("thresholds");
            foreach ((string label, float t) in thresholds)
            {
                w.WriteNumber(label, Math.Round(t, 6));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>A stable text of the thresholds (sorted labels), for run manifests.</summary>
    /// <param name="thresholds">δ_l per label.</param>
    /// <returns>The text.</returns>
    public static string Canonical(IReadOnlyDictionary<string, float> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var sb = new StringBuilder();
        foreach ((string label, float t) in thresholds.OrderBy(p => p.Key.ToLowerInvariant(), StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{label.ToLowerInvariant()}={t:R};");
        }

        return sb.ToString();
    }
}
