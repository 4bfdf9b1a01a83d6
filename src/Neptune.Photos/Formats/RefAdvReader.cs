using System.Globalization;
using System.Text.Json;
using Neptune.Perception;

namespace Neptune.Photos.Formats;

/// <summary>One adversarial expression of RefAdv (RefCOCOg-adv).</summary>
/// <param name="Key">The record's key in the file's dict.</param>
/// <param name="ImageId">The COCO image id (<c>imgID</c>).</param>
/// <param name="ImageFileName">The COCO file name (<c>img_file_name</c>).</param>
/// <param name="Expression">The adversarial description (<c>most_confused_bbox_GT_desc</c>), the expression evaluated.</param>
/// <param name="RawExpression">The RefCOCOg expression it was made from (<c>raw_str</c>), or null.</param>
/// <param name="TargetNumber">The number of the target among the candidates (<c>GT_bbox_number</c>).</param>
/// <param name="Candidates">The candidate boxes by number (<c>bbox_candidates_map</c>, [x, y, w, h] as corners).</param>
public sealed record RefAdvRecord(string Key, int ImageId, string ImageFileName, string Expression, string? RawExpression, int TargetNumber, IReadOnlyDictionary<int, BoundingBox> Candidates)
{
    /// <summary>The RefCOCOg ref id (<c>refID</c>), or null when the record gives none.</summary>
    public int? RefId { get; init; }

    /// <summary>The COCO annotation id of the target (<c>annID</c>), or null when the record gives none.</summary>
    public int? AnnId { get; init; }

    /// <summary>The target box.</summary>
    public BoundingBox Target => Candidates[TargetNumber];
}

/// <summary>
/// Reads RefAdv's <c>refcocog_adv_annotations.json</c>: a JSON object mapping a key to a record with
/// <c>most_confused_bbox_GT_desc</c>, <c>GT_bbox_number</c>, <c>bbox_candidates_map</c> (a JSON text mapping box
/// numbers to [x, y, w, h]), <c>imgID</c>, <c>img_file_name</c> and, when present, <c>raw_str</c>, <c>refID</c>,
/// <c>annID</c>. The file writes numbers as strings (<c>'GT_bbox_number': '3'</c>); numbers are accepted too.
/// Every record belongs to split <c>test</c> (RefAdv annotates part of RefCOCOg's test images).
/// </summary>
public static class RefAdvReader
{
    /// <summary>The split every RefAdv record belongs to.</summary>
    public const string Split = "test";

    /// <summary>Reads a file.</summary>
    /// <param name="path">The <c>refcocog_adv_annotations.json</c> file.</param>
    /// <returns>The records in file order.</returns>
    /// <exception cref="PhotoDataException">The file is missing or malformed.</exception>
    public static IReadOnlyList<RefAdvRecord> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return PhotoFiles.Read(path, stream => Read(stream, path));
    }

    /// <summary>Reads the records of a stream (not disposed).</summary>
    /// <param name="stream">The JSON data.</param>
    /// <param name="sourceName">A name for the data in error messages.</param>
    /// <returns>The records in file order.</returns>
    /// <exception cref="PhotoDataException">The data is malformed.</exception>
    public static IReadOnlyList<RefAdvRecord> Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new PhotoDataException($"{sourceName}: not JSON (line {(e.LineNumber ?? 0) + 1}): {e.Message}", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new PhotoDataException($"{sourceName}: expected a JSON object mapping keys to records");
            }

            var records = new List<RefAdvRecord>();
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                records.Add(Parse(p.Name, p.Value, $"{sourceName}: record '{p.Name}'"));
            }

            return records;
        }
    }

    private static RefAdvRecord Parse(string key, JsonElement item, string where)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new PhotoDataException($"{where}: expected an object");
        }

        string expression = Text(item, "most_confused_bbox_GT_desc", where);
        int imageId = Int(item, "imgID", where) ?? throw new PhotoDataException($"{where}: 'imgID' is missing");
        string fileName = Text(item, "img_file_name", where);
        int target = Int(item, "GT_bbox_number", where) ?? throw new PhotoDataException($"{where}: 'GT_bbox_number' is missing");
        string? raw = item.TryGetProperty("raw_str", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var candidates = new Dictionary<int, BoundingBox>();
        JsonElement map = item.TryGetProperty("bbox_candidates_map", out JsonElement m) ? m : throw new PhotoDataException($"{where}: 'bbox_candidates_map' is missing");
        JsonDocument? inner = null;
        try
        {
            if (map.ValueKind == JsonValueKind.String)
            {
                try
                {
                    inner = JsonDocument.Parse(map.GetString()!);
                }
                catch (JsonException e)
                {
                    throw new PhotoDataException($"{where}: 'bbox_candidates_map' is not a JSON text: {e.Message}", e);
                }

                map = inner.RootElement;
            }

            if (map.ValueKind != JsonValueKind.Object)
            {
                throw new PhotoDataException($"{where}: 'bbox_candidates_map' must map box numbers to [x, y, w, h]");
            }

            foreach (JsonProperty c in map.EnumerateObject())
            {
                if (!int.TryParse(c.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
                {
                    throw new PhotoDataException($"{where}: 'bbox_candidates_map' key '{c.Name}' is not a box number");
                }

                candidates[number] = Box(c.Value) ?? throw new PhotoDataException($"{where}: 'bbox_candidates_map' box {c.Name} must be [x, y, w, h] with w, h >= 0");
            }
        }
        finally
        {
            inner?.Dispose();
        }

        if (!candidates.ContainsKey(target))
        {
            throw new PhotoDataException($"{where}: 'GT_bbox_number' {target} is not a box of 'bbox_candidates_map' ({string.Join(", ", candidates.Keys.Order())})");
        }

        return new RefAdvRecord(key, imageId, fileName, expression, raw, target, candidates)
        {
            RefId = Int(item, "refID", where),
            AnnId = Int(item, "annID", where),
        };
    }

    private static BoundingBox? Box(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 4)
        {
            return null;
        }

        Span<double> b = stackalloc double[4];
        int i = 0;
        foreach (JsonElement v in value.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !double.IsFinite(b[i] = v.GetDouble()))
            {
                return null;
            }

            i++;
        }

        return b[2] < 0 || b[3] < 0 ? null : new BoundingBox((float)b[0], (float)b[1], (float)(b[0] + b[2]), (float)(b[1] + b[3]));
    }

    private static string Text(JsonElement item, string name, string where) =>
        item.TryGetProperty(name, out JsonElement v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new PhotoDataException($"{where}: '{name}' must be a string")
            : throw new PhotoDataException($"{where}: '{name}' is missing");

    /// <summary>An integer written as a number or as a string of digits; null when absent.</summary>
    private static int? Int(JsonElement item, string name, string where)
    {
        if (!item.TryGetProperty(name, out JsonElement v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt32(out int i) => i,
            JsonValueKind.String when int.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i) => i,
            _ => throw new PhotoDataException($"{where}: '{name}' must be an integer (or a string of digits)"),
        };
    }
}
