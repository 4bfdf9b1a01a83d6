using System.Text.Json;
using System.Text.Json.Serialization;

namespace Neptune.Photos;

/// <summary>Reads gRefCOCO's <c>grefs(unc).json</c>: a JSON array of refs.</summary>
/// <remarks>
/// Required per ref: <c>ref_id</c>, <c>image_id</c>, <c>split</c>, <c>ann_id</c> (a list; <c>[-1]</c> means no
/// target) and <c>sentences</c> (each with <c>sent_id</c>, <c>sent</c>, <c>raw</c>). When <c>no_target</c> is present
/// it must agree with <c>ann_id</c>; <c>category_id</c> (a list, <c>[-1]</c> for no target) and <c>file_name</c> are
/// read when present. The file is streamed one ref at a time. Unknown fields are ignored.
/// </remarks>
public static class GRefCocoReader
{
    /// <summary>Reads the refs of a file.</summary>
    /// <param name="path">The <c>grefs(unc).json</c> file.</param>
    /// <returns>The refs in file order.</returns>
    /// <exception cref="PhotoDataException">The file is missing or malformed.</exception>
    public static IReadOnlyList<PhotoRef> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using FileStream stream = File.OpenRead(path);
            return Read(stream, path);
        }
        catch (IOException e)
        {
            throw new PhotoDataException($"{path}: cannot read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PhotoDataException($"{path}: cannot read: {e.Message}", e);
        }
    }

    /// <summary>Reads refs from a stream (not disposed).</summary>
    /// <param name="stream">The JSON data.</param>
    /// <param name="sourceName">A name for the data in error messages.</param>
    /// <returns>The refs in order.</returns>
    /// <exception cref="PhotoDataException">The data is malformed.</exception>
    public static IReadOnlyList<PhotoRef> Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var refs = new List<PhotoRef>();
        int index = 0;
        try
        {
            if (!StartsWithArray(stream))
            {
                throw new PhotoDataException($"{sourceName}: expected a JSON array of refs");
            }

            foreach (JsonElement item in JsonSerializer.DeserializeAsyncEnumerable(stream, GRefJsonContext.Default.JsonElement).ToBlockingEnumerable())
            {
                refs.Add(Parse(item, $"{sourceName}: ref {index}"));
                index++;
            }
        }
        catch (JsonException e)
        {
            throw new PhotoDataException($"{sourceName}: not JSON after ref {index}: {e.Message}", e);
        }

        return refs;
    }

    /// <summary>Whether the first non-blank byte is '[' (the stream is rewound when it can seek).</summary>
    private static bool StartsWithArray(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return true;
        }

        long start = stream.Position;
        int b;
        do
        {
            b = stream.ReadByte();
        }
        while (b is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF);
        stream.Position = start;
        return b == '[';
    }

    private static PhotoRef Parse(JsonElement item, string where)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new PhotoDataException($"{where}: expected an object");
        }

        int refId = Int(item, "ref_id", where);
        where = $"{where} (ref_id {refId})";
        int imageId = Int(item, "image_id", where);
        string split = Str(item, "split", where);
        List<int> annIds = [];
        foreach (JsonElement a in Array(item, "ann_id", where).EnumerateArray())
        {
            if (a.ValueKind != JsonValueKind.Number || !a.TryGetInt32(out int id))
            {
                throw new PhotoDataException($"{where}: 'ann_id' must hold integers");
            }

            annIds.Add(id);
        }

        if (annIds.Contains(-1))
        {
            if (annIds.Count != 1)
            {
                throw new PhotoDataException($"{where}: 'ann_id' mixes -1 (no target) with annotations");
            }

            annIds.Clear();
        }
        else if (annIds.Count == 0)
        {
            throw new PhotoDataException($"{where}: 'ann_id' is empty; a no-target ref has [-1]");
        }

        if (item.TryGetProperty("no_target", out JsonElement noTarget))
        {
            if (noTarget.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new PhotoDataException($"{where}: 'no_target' must be true or false");
            }

            if (noTarget.GetBoolean() != (annIds.Count == 0))
            {
                throw new PhotoDataException($"{where}: 'no_target' is {noTarget.GetBoolean().ToString().ToLowerInvariant()} but 'ann_id' says otherwise");
            }
        }

        var categories = new List<int>();
        if (item.TryGetProperty("category_id", out JsonElement cats) && cats.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement c in cats.EnumerateArray())
            {
                if (c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out int cat) && cat >= 0)
                {
                    categories.Add(cat);
                }
            }
        }

        string? fileName = item.TryGetProperty("file_name", out JsonElement fn) && fn.ValueKind == JsonValueKind.String ? fn.GetString() : null;
        var sentences = new List<RefSentence>();
        foreach (JsonElement s in Array(item, "sentences", where).EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Object)
            {
                throw new PhotoDataException($"{where}: each sentence must be an object");
            }

            var tokens = new List<string>();
            if (s.TryGetProperty("tokens", out JsonElement t) && t.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement token in t.EnumerateArray())
                {
                    tokens.Add(token.ValueKind == JsonValueKind.String ? token.GetString()! : throw new PhotoDataException($"{where}: 'tokens' must hold strings"));
                }
            }

            sentences.Add(new RefSentence(Int(s, "sent_id", where), Str(s, "sent", where), Str(s, "raw", where)) { Tokens = tokens });
        }

        return new PhotoRef { RefId = refId, ImageId = imageId, Split = split, AnnIds = annIds, CategoryIds = categories, FileName = fileName, Sentences = sentences };
    }

    private static int Int(JsonElement item, string name, string where) =>
        item.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i)
            ? i
            : throw new PhotoDataException($"{where}: '{name}' must be an integer");

    private static string Str(JsonElement item, string name, string where) =>
        item.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new PhotoDataException($"{where}: '{name}' must be a string");

    private static JsonElement Array(JsonElement item, string name, string where) =>
        item.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Array
            ? v
            : throw new PhotoDataException($"{where}: '{name}' must be a list");
}

[JsonSerializable(typeof(JsonElement))]
internal sealed partial class GRefJsonContext : JsonSerializerContext;
