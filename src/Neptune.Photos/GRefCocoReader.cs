using System.Text.Json;

namespace Neptune.Photos;

/// <summary>A gRefCOCO file or record is malformed; the message names the file and the record.</summary>
public sealed class PhotoDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file and record.</param>
    public PhotoDataException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What is wrong, naming the file and record.</param>
    /// <param name="inner">The cause.</param>
    public PhotoDataException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>One sentence of a ref.</summary>
/// <param name="SentId">The sentence id.</param>
/// <param name="Sent">The normalised sentence.</param>
/// <param name="Raw">The sentence as written.</param>
public sealed record RefSentence(int SentId, string Sent, string Raw);

/// <summary>One gRefCOCO ref: zero (no target), one or several annotations referred to by its sentences.</summary>
public sealed record GRef
{
    /// <summary>The ref id.</summary>
    public required int RefId { get; init; }

    /// <summary>The COCO image id.</summary>
    public required int ImageId { get; init; }

    /// <summary>The split: train, val, testA or testB.</summary>
    public required string Split { get; init; }

    /// <summary>The referred annotations; empty for a no-target ref (<c>ann_id == [-1]</c>).</summary>
    public required IReadOnlyList<int> AnnIds { get; init; }

    /// <summary>The sentences.</summary>
    public required IReadOnlyList<RefSentence> Sentences { get; init; }

    /// <summary>Whether nothing in the image is referred to.</summary>
    public bool NoTarget => AnnIds.Count == 0;
}

/// <summary>Reads gRefCOCO's <c>grefs(unc).json</c>: a JSON array of refs.</summary>
/// <remarks>
/// Required per ref: <c>ref_id</c>, <c>image_id</c>, <c>split</c>, <c>ann_id</c> (a list; <c>[-1]</c> means no
/// target) and <c>sentences</c> (each with <c>sent_id</c>, <c>sent</c>, <c>raw</c>). When <c>no_target</c> is present
/// it must agree with <c>ann_id</c>. Unknown fields are ignored.
/// </remarks>
public static class GRefCocoReader
{
    /// <summary>Reads the refs of a file.</summary>
    /// <param name="path">The <c>grefs(unc).json</c> file.</param>
    /// <returns>The refs in file order.</returns>
    /// <exception cref="PhotoDataException">The file is missing or malformed.</exception>
    public static IReadOnlyList<GRef> Read(string path)
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
    public static IReadOnlyList<GRef> Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new PhotoDataException($"{sourceName}: not JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new PhotoDataException($"{sourceName}: expected a JSON array of refs");
            }

            var refs = new List<GRef>();
            int index = 0;
            foreach (JsonElement item in document.RootElement.EnumerateArray())
            {
                refs.Add(Parse(item, $"{sourceName}: ref {index}"));
                index++;
            }

            return refs;
        }
    }

    private static GRef Parse(JsonElement item, string where)
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

        var sentences = new List<RefSentence>();
        foreach (JsonElement s in Array(item, "sentences", where).EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Object)
            {
                throw new PhotoDataException($"{where}: each sentence must be an object");
            }

            sentences.Add(new RefSentence(Int(s, "sent_id", where), Str(s, "sent", where), Str(s, "raw", where)));
        }

        return new GRef { RefId = refId, ImageId = imageId, Split = split, AnnIds = annIds, Sentences = sentences };
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
