using System.Collections;
using System.Numerics;
using System.Text;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;

namespace Neptune.Photos;

/// <summary>
/// Reads the refer toolkit's <c>refs(unc).p</c>, <c>refs(google).p</c> and <c>refs(umd).p</c> (RefCOCO, RefCOCO+,
/// RefCOCOg): a Python pickle, written under Python 2, of a list of ref dicts. The pickle is decoded by a real pickle
/// library (Razorvine.Pickle, protocols 0 to 5); this class only checks and maps the decoded records.
/// </summary>
/// <remarks>
/// Required per ref: <c>ref_id</c>, <c>ann_id</c> (an integer), <c>image_id</c>, <c>split</c> and <c>sentences</c>
/// (each with <c>sent_id</c>, <c>sent</c>, <c>raw</c>, and optionally <c>tokens</c>); <c>category_id</c>,
/// <c>file_name</c> and <c>sent_ids</c> are read when present (<c>sent_ids</c> must then match the sentences).
/// Python 2 <c>str</c> values are bytes; the library hands them over one char per byte, and a value whose bytes form
/// valid UTF-8 is decoded as UTF-8 (the encoding the datasets' raw sentences use). Unknown fields are ignored. The
/// library never runs pickled code: an instance of a Python class comes back as a class dict, which is refused as a
/// record, naming its class (the datasets hold only lists, dicts, strings and numbers).
/// </remarks>
public static class ReferRefsReader
{
    /// <summary>Reads the refs of a file.</summary>
    /// <param name="path">The <c>refs(…).p</c> file.</param>
    /// <returns>The refs in file order.</returns>
    /// <exception cref="PhotoDataException">The file is missing or malformed.</exception>
    public static IReadOnlyList<PhotoRef> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return PhotoFiles.Read(path, stream => Read(stream, path));
    }

    /// <summary>Reads refs from a stream (not disposed).</summary>
    /// <param name="stream">The pickle data.</param>
    /// <param name="sourceName">A name for the data in error messages.</param>
    /// <returns>The refs in order.</returns>
    /// <exception cref="PhotoDataException">The data is malformed.</exception>
    public static IReadOnlyList<PhotoRef> Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        object? root;
        using (var unpickler = new Unpickler())
        {
            try
            {
                root = unpickler.load(stream);
            }
            catch (Exception e) when (e is PickleException or InvalidOperationException or InvalidCastException or ArgumentException or FormatException or OverflowException or IOException or IndexOutOfRangeException or KeyNotFoundException)
            {
                throw new PhotoDataException($"{sourceName}: not a readable Python pickle: {e.Message}", e);
            }
        }

        if (root is IDictionary or string || root is not IList list)
        {
            throw new PhotoDataException($"{sourceName}: expected a pickled list of refs, got {Describe(root)}");
        }

        var refs = new List<PhotoRef>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            refs.Add(Parse(list[i], $"{sourceName}: ref {i}"));
        }

        return refs;
    }

    private static PhotoRef Parse(object? item, string where)
    {
        if (item is ClassDict instance)
        {
            throw new PhotoDataException($"{where}: expected a dict, got an instance of the Python class '{instance.ClassName}'");
        }

        if (item is not IDictionary record)
        {
            throw new PhotoDataException($"{where}: expected a dict, got {Describe(item)}");
        }

        int refId = Int(record, "ref_id", where);
        where = $"{where} (ref_id {refId})";
        int imageId = Int(record, "image_id", where);
        int annId = Int(record, "ann_id", where);
        string split = Str(record, "split", where);
        int[] categories = record.Contains("category_id") ? [Int(record, "category_id", where)] : [];
        string? fileName = record.Contains("file_name") ? Str(record, "file_name", where) : null;
        var sentences = new List<RefSentence>();
        IList raw = List(record, "sentences", where);
        for (int s = 0; s < raw.Count; s++)
        {
            string at = $"{where}: sentence {s}";
            if (raw[s] is not IDictionary sentence)
            {
                throw new PhotoDataException($"{at}: expected a dict, got {Describe(raw[s])}");
            }

            var tokens = new List<string>();
            if (sentence.Contains("tokens"))
            {
                foreach (object? t in List(sentence, "tokens", at))
                {
                    tokens.Add(t is string token ? Text(token) : throw new PhotoDataException($"{at}: 'tokens' must hold strings"));
                }
            }

            sentences.Add(new RefSentence(Int(sentence, "sent_id", at), Str(sentence, "sent", at), Str(sentence, "raw", at)) { Tokens = tokens });
        }

        if (record.Contains("sent_ids"))
        {
            IList ids = List(record, "sent_ids", where);
            bool same = ids.Count == sentences.Count;
            for (int s = 0; same && s < ids.Count; s++)
            {
                same = TryInt(ids[s], out int id) && id == sentences[s].SentId;
            }

            if (!same)
            {
                throw new PhotoDataException($"{where}: 'sent_ids' does not list the sentences' sent_id values in order");
            }
        }

        return new PhotoRef
        {
            RefId = refId,
            ImageId = imageId,
            Split = split,
            AnnIds = [annId],
            CategoryIds = categories,
            FileName = fileName,
            Sentences = sentences,
        };
    }

    private static int Int(IDictionary record, string name, string where) =>
        record.Contains(name) && TryInt(record[name], out int value)
            ? value
            : throw new PhotoDataException(record.Contains(name)
                ? $"{where}: '{name}' must be an integer, got {Describe(record[name])}"
                : $"{where}: '{name}' is missing");

    private static string Str(IDictionary record, string name, string where) =>
        record.Contains(name) && record[name] is string s
            ? Text(s)
            : throw new PhotoDataException(record.Contains(name)
                ? $"{where}: '{name}' must be a string, got {Describe(record[name])}"
                : $"{where}: '{name}' is missing");

    private static IList List(IDictionary record, string name, string where) =>
        record.Contains(name) && record[name] is IList list
            ? list
            : throw new PhotoDataException(record.Contains(name)
                ? $"{where}: '{name}' must be a list, got {Describe(record[name])}"
                : $"{where}: '{name}' is missing");

    private static bool TryInt(object? value, out int result)
    {
        switch (value)
        {
            case int i:
                result = i;
                return true;
            case long l when l is >= int.MinValue and <= int.MaxValue:
                result = (int)l;
                return true;
            case BigInteger b when b >= int.MinValue && b <= int.MaxValue:
                result = (int)b;
                return true;
            default:
                result = 0;
                return false;
        }
    }

    /// <summary>A Python 2 byte string (one char per byte) as text: UTF-8 when its bytes are valid UTF-8.</summary>
    private static string Text(string value)
    {
        bool ascii = true;
        foreach (char c in value)
        {
            if (c > 0x7F)
            {
                ascii = false;
                if (c > 0xFF)
                {
                    return value;
                }
            }
        }

        if (ascii)
        {
            return value;
        }

        byte[] bytes = Encoding.Latin1.GetBytes(value);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return value;
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string => "a string",
        IDictionary => "a dict",
        IList => "a list",
        int or long or BigInteger => "an integer",
        double => "a float",
        bool => "a bool",
        _ => $"a {value.GetType().Name}",
    };
}
