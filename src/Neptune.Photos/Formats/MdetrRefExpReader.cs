using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Neptune.Perception;

namespace Neptune.Photos.Formats;

/// <summary>One target box of an MDETR referring expression.</summary>
/// <param name="AnnId">The COCO annotation id (the annotation's <c>original_id</c>).</param>
/// <param name="CategoryId">The COCO category id (0 when the file gives none).</param>
/// <param name="Box">The box in pixels (the file's <c>bbox</c> = [x, y, w, h] as corners).</param>
public sealed record MdetrTarget(int AnnId, int CategoryId, BoundingBox Box);

/// <summary>One expression of an MDETR file: an <c>images</c> entry and the annotations that point at it.</summary>
/// <param name="EntryId">The entry's <c>id</c> (MDETR's own image id, one per expression).</param>
/// <param name="ImageId">The COCO image id (the entry's <c>original_id</c>).</param>
/// <param name="FileName">The COCO file name (<c>COCO_train2014_….jpg</c>).</param>
/// <param name="Caption">The expression (the entry's <c>caption</c>).</param>
/// <param name="Targets">The referred boxes: one for RefCOCO/+/g, zero or more for gRefCOCO's MDETR files.</param>
public sealed record MdetrExpression(int EntryId, int ImageId, string FileName, string Caption, IReadOnlyList<MdetrTarget> Targets);

/// <summary>The expressions of one MDETR file and the split its name gives.</summary>
/// <param name="Split">The split (<c>finetune_refcoco_testA.json</c> → <c>testA</c>).</param>
/// <param name="Expressions">The expressions in file order.</param>
public sealed record MdetrRefExpFile(string Split, IReadOnlyList<MdetrExpression> Expressions);

/// <summary>
/// Reads MDETR's COCO-format referring-expression files (<c>finetune_refcoco_testA.json</c>,
/// <c>finetune_refcocog_val.json</c>, …): <c>images</c> holds one entry per expression (<c>id</c>,
/// <c>original_id</c> = the COCO image id, <c>file_name</c>, <c>caption</c>), <c>annotations</c> the target boxes
/// (<c>image_id</c> = the entry's <c>id</c>, <c>original_id</c> = the COCO annotation id, <c>bbox</c> = [x, y, w, h],
/// <c>category_id</c>). The split is the last <c>_</c>-separated part of the file name.
/// </summary>
/// <remarks>
/// The file is parsed into typed records in buffered chunks; the fields not read (<c>tokens_positive</c>,
/// <c>tokens_negative</c>, <c>area</c>, <c>info</c>, <c>licenses</c>, <c>categories</c>, …) are skipped. Errors name
/// the file and the record (<c>images[3] (id 3)</c>).
/// </remarks>
public static partial class MdetrRefExpReader
{
    /// <summary>The split of an MDETR file name: <c>finetune_refcoco+_testA.json</c> → <c>testA</c>.</summary>
    /// <param name="path">The file's path or name.</param>
    /// <returns>The split, or null when the name does not end in <c>_{split}.json</c>.</returns>
    public static string? SplitOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Match m = SplitPattern().Match(Path.GetFileName(path));
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>Reads a file.</summary>
    /// <param name="path">The MDETR JSON file.</param>
    /// <returns>The split and the expressions.</returns>
    /// <exception cref="PhotoDataException">The file is missing or malformed, or its name gives no split.</exception>
    public static MdetrRefExpFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string split = SplitOf(path) ?? throw new PhotoDataException($"{path}: the split comes from the file name, which must end in _{{split}}.json (finetune_refcoco_testA.json)");
        return PhotoFiles.Read(path, stream => new MdetrRefExpFile(split, Read(stream, path)));
    }

    /// <summary>Reads the expressions of a stream (not disposed).</summary>
    /// <param name="stream">The JSON data.</param>
    /// <param name="sourceName">A name for the data in error messages.</param>
    /// <returns>The expressions in file order.</returns>
    /// <exception cref="PhotoDataException">The data is malformed.</exception>
    public static IReadOnlyList<MdetrExpression> Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        MdetrFile? file;
        try
        {
            file = JsonSerializer.Deserialize(stream, MdetrJsonContext.Default.MdetrFile);
        }
        catch (JsonException e)
        {
            string at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path[2..]}";
            string line = e.LineNumber is { } l ? $" (line {l + 1})" : "";
            int cut = e.Message.IndexOf(" Path:", StringComparison.Ordinal);
            throw new PhotoDataException($"{sourceName}: not an MDETR referring-expression file{at}{line}: {(cut > 0 ? e.Message[..cut] : e.Message)}", e);
        }

        if (file is null)
        {
            throw new PhotoDataException($"{sourceName}: expected a JSON object with 'images' and 'annotations'");
        }

        List<MdetrImage> images = file.Images ?? throw new PhotoDataException($"{sourceName}: 'images' is missing");
        List<MdetrAnnotation> annotations = file.Annotations ?? throw new PhotoDataException($"{sourceName}: 'annotations' is missing");
        var index = new Dictionary<int, int>(images.Count);
        var targets = new List<MdetrTarget>?[images.Count];
        for (int i = 0; i < images.Count; i++)
        {
            MdetrImage e = images[i] ?? throw new PhotoDataException($"{sourceName}: images[{i}]: expected an object");
            int id = e.Id ?? throw new PhotoDataException($"{sourceName}: images[{i}]: 'id' is missing");
            string where = $"{sourceName}: images[{i}] (id {id})";
            _ = e.OriginalId ?? throw new PhotoDataException($"{where}: 'original_id' is missing");
            if (e.Caption is null)
            {
                throw new PhotoDataException($"{where}: 'caption' is missing");
            }

            if (string.IsNullOrEmpty(e.FileName))
            {
                throw new PhotoDataException($"{where}: 'file_name' is missing");
            }

            if (!index.TryAdd(id, i))
            {
                throw new PhotoDataException($"{where}: the id appears twice");
            }
        }

        for (int i = 0; i < annotations.Count; i++)
        {
            MdetrAnnotation a = annotations[i] ?? throw new PhotoDataException($"{sourceName}: annotations[{i}]: expected an object");
            string where = $"{sourceName}: annotations[{i}]" + (a.Id is { } aid ? $" (id {aid})" : "");
            int imageId = a.ImageId ?? throw new PhotoDataException($"{where}: 'image_id' is missing");
            int annId = a.OriginalId ?? throw new PhotoDataException($"{where}: 'original_id' is missing");
            if (!index.TryGetValue(imageId, out int entry))
            {
                throw new PhotoDataException($"{where}: 'image_id' {imageId} is not the id of an entry of 'images'");
            }

            if (a.Bbox is not { Length: 4 } b || !b.All(double.IsFinite) || b[2] < 0 || b[3] < 0)
            {
                throw new PhotoDataException($"{where}: 'bbox' must be [x, y, w, h] with w, h >= 0");
            }

            (targets[entry] ??= []).Add(new MdetrTarget(annId, a.CategoryId ?? 0, new BoundingBox((float)b[0], (float)b[1], (float)(b[0] + b[2]), (float)(b[1] + b[3]))));
        }

        var expressions = new List<MdetrExpression>(images.Count);
        for (int i = 0; i < images.Count; i++)
        {
            MdetrImage e = images[i];
            expressions.Add(new MdetrExpression(e.Id!.Value, e.OriginalId!.Value, e.FileName!, e.Caption!, (IReadOnlyList<MdetrTarget>?)targets[i] ?? []));
        }

        return expressions;
    }

    [GeneratedRegex(@"_([A-Za-z0-9]+)\.json$")]
    private static partial Regex SplitPattern();
}

internal sealed class MdetrFile
{
    public List<MdetrImage>? Images { get; set; }

    public List<MdetrAnnotation>? Annotations { get; set; }
}

internal sealed class MdetrImage
{
    public int? Id { get; set; }

    public int? OriginalId { get; set; }

    public string? FileName { get; set; }

    public string? Caption { get; set; }
}

internal sealed class MdetrAnnotation
{
    public int? Id { get; set; }

    public int? ImageId { get; set; }

    public int? OriginalId { get; set; }

    public int? CategoryId { get; set; }

    public double[]? Bbox { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(MdetrFile))]
internal sealed partial class MdetrJsonContext : JsonSerializerContext;
