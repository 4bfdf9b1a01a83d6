using System.Text.Json;
using System.Text.Json.Serialization;
using Neptune.Perception;

namespace Neptune.Photos.Coco;

/// <summary>
/// Reads a COCO <c>instances.json</c> (the refer toolkit's and gRefCOCO's): <c>images</c> (<c>id</c>,
/// <c>file_name</c>, <c>width</c>, <c>height</c>), <c>annotations</c> (<c>id</c>, <c>image_id</c>,
/// <c>category_id</c>, <c>bbox</c> = [x, y, w, h]) and <c>categories</c> (<c>id</c>, <c>name</c>,
/// <c>supercategory</c>).
/// </summary>
/// <remarks>
/// The file is streamed: it is parsed in buffered chunks into typed records, and the fields not read (the
/// <c>segmentation</c> polygons and masks that make most of its size, <c>area</c>, <c>info</c>, <c>licenses</c>, …)
/// are skipped rather than kept. Errors name the file and the record (<c>annotations[12] (id 1719310)</c>).
/// </remarks>
public static class CocoInstancesReader
{
    /// <summary>Reads a file.</summary>
    /// <param name="path">The <c>instances.json</c> file.</param>
    /// <returns>The instances.</returns>
    /// <exception cref="PhotoDataException">The file is missing or malformed.</exception>
    public static CocoInstances Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return PhotoFiles.Read(path, stream => Read(stream, path));
    }

    /// <summary>Reads instances from a stream (not disposed).</summary>
    /// <param name="stream">The JSON data.</param>
    /// <param name="sourceName">A name for the data in error messages.</param>
    /// <returns>The instances.</returns>
    /// <exception cref="PhotoDataException">The data is malformed.</exception>
    public static CocoInstances Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        InstancesFile? file;
        try
        {
            file = JsonSerializer.Deserialize(stream, CocoJsonContext.Default.InstancesFile);
        }
        catch (JsonException e)
        {
            string at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path[2..]}";
            string line = e.LineNumber is { } l ? $" (line {l + 1})" : "";
            throw new PhotoDataException($"{sourceName}: not a COCO instances file{at}{line}: {FirstSentence(e.Message)}", e);
        }

        if (file is null)
        {
            throw new PhotoDataException($"{sourceName}: expected a JSON object with 'images', 'annotations' and 'categories'");
        }

        var images = new Dictionary<int, CocoImage>();
        List<ImageEntry> imageEntries = file.Images ?? throw new PhotoDataException($"{sourceName}: 'images' is missing");
        for (int i = 0; i < imageEntries.Count; i++)
        {
            ImageEntry e = imageEntries[i] ?? throw new PhotoDataException($"{sourceName}: images[{i}]: expected an object");
            string where = $"{sourceName}: images[{i}]";
            int id = e.Id ?? throw new PhotoDataException($"{where}: 'id' is missing");
            where = $"{where} (id {id})";
            string name = string.IsNullOrEmpty(e.FileName) ? throw new PhotoDataException($"{where}: 'file_name' is missing") : e.FileName;
            if (!images.TryAdd(id, new CocoImage(id, name, e.Width ?? 0, e.Height ?? 0)))
            {
                throw new PhotoDataException($"{where}: the image id appears twice");
            }
        }

        var categories = new Dictionary<int, CocoCategory>();
        List<CategoryEntry> categoryEntries = file.Categories ?? throw new PhotoDataException($"{sourceName}: 'categories' is missing");
        for (int i = 0; i < categoryEntries.Count; i++)
        {
            CategoryEntry e = categoryEntries[i] ?? throw new PhotoDataException($"{sourceName}: categories[{i}]: expected an object");
            string where = $"{sourceName}: categories[{i}]";
            int id = e.Id ?? throw new PhotoDataException($"{where}: 'id' is missing");
            where = $"{where} (id {id})";
            string name = string.IsNullOrWhiteSpace(e.Name) ? throw new PhotoDataException($"{where}: 'name' is missing") : e.Name;
            if (!categories.TryAdd(id, new CocoCategory(id, name, e.Supercategory ?? "")))
            {
                throw new PhotoDataException($"{where}: the category id appears twice");
            }
        }

        var annotations = new Dictionary<int, CocoAnnotation>();
        List<AnnotationEntry> annotationEntries = file.Annotations ?? throw new PhotoDataException($"{sourceName}: 'annotations' is missing");
        for (int i = 0; i < annotationEntries.Count; i++)
        {
            AnnotationEntry e = annotationEntries[i] ?? throw new PhotoDataException($"{sourceName}: annotations[{i}]: expected an object");
            string where = $"{sourceName}: annotations[{i}]";
            int id = e.Id ?? throw new PhotoDataException($"{where}: 'id' is missing");
            where = $"{where} (id {id})";
            int imageId = e.ImageId ?? throw new PhotoDataException($"{where}: 'image_id' is missing");
            int categoryId = e.CategoryId ?? throw new PhotoDataException($"{where}: 'category_id' is missing");
            if (!images.ContainsKey(imageId))
            {
                throw new PhotoDataException($"{where}: 'image_id' {imageId} is not in 'images'");
            }

            if (!categories.ContainsKey(categoryId))
            {
                throw new PhotoDataException($"{where}: 'category_id' {categoryId} is not in 'categories'");
            }

            if (e.Bbox is not { Length: 4 } b || !b.All(double.IsFinite) || b[2] < 0 || b[3] < 0)
            {
                throw new PhotoDataException($"{where}: 'bbox' must be [x, y, w, h] with w, h >= 0");
            }

            var box = new BoundingBox((float)b[0], (float)b[1], (float)(b[0] + b[2]), (float)(b[1] + b[3]));
            if (!annotations.TryAdd(id, new CocoAnnotation(id, imageId, categoryId, box)))
            {
                throw new PhotoDataException($"{where}: the annotation id appears twice");
            }
        }

        return new CocoInstances(images, annotations, categories);
    }

    private static string FirstSentence(string message)
    {
        int path = message.IndexOf(" Path:", StringComparison.Ordinal);
        return path > 0 ? message[..path] : message;
    }
}

internal sealed class InstancesFile
{
    public List<ImageEntry>? Images { get; set; }

    public List<AnnotationEntry>? Annotations { get; set; }

    public List<CategoryEntry>? Categories { get; set; }
}

internal sealed class ImageEntry
{
    public int? Id { get; set; }

    public string? FileName { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }
}

internal sealed class AnnotationEntry
{
    public int? Id { get; set; }

    public int? ImageId { get; set; }

    public int? CategoryId { get; set; }

    public double[]? Bbox { get; set; }
}

internal sealed class CategoryEntry
{
    public int? Id { get; set; }

    public string? Name { get; set; }

    public string? Supercategory { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(InstancesFile))]
internal sealed partial class CocoJsonContext : JsonSerializerContext;
