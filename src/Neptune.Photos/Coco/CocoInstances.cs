using Neptune.Perception;

namespace Neptune.Photos.Coco;

/// <summary>A COCO image.</summary>
/// <param name="Id">The image id.</param>
/// <param name="FileName">The file name (<c>COCO_train2014_000000581857.jpg</c>).</param>
/// <param name="Width">The width in pixels.</param>
/// <param name="Height">The height in pixels.</param>
public sealed record CocoImage(int Id, string FileName, int Width, int Height);

/// <summary>A COCO object annotation.</summary>
/// <param name="Id">The annotation id.</param>
/// <param name="ImageId">The image it belongs to.</param>
/// <param name="CategoryId">Its category.</param>
/// <param name="Box">Its box in pixels (COCO's <c>bbox</c> = [x, y, w, h] as left, top, right, bottom).</param>
public sealed record CocoAnnotation(int Id, int ImageId, int CategoryId, BoundingBox Box);

/// <summary>A COCO category.</summary>
/// <param name="Id">The category id.</param>
/// <param name="Name">Its name (<c>person</c>).</param>
/// <param name="Supercategory">Its super-category, or an empty string.</param>
public sealed record CocoCategory(int Id, string Name, string Supercategory);

/// <summary>The images, annotations and categories of a COCO <c>instances.json</c>, by id.</summary>
public sealed class CocoInstances
{
    /// <summary>Creates the set; ids must be unique within each kind.</summary>
    /// <param name="images">The images by id.</param>
    /// <param name="annotations">The annotations by id.</param>
    /// <param name="categories">The categories by id.</param>
    public CocoInstances(IReadOnlyDictionary<int, CocoImage> images, IReadOnlyDictionary<int, CocoAnnotation> annotations, IReadOnlyDictionary<int, CocoCategory> categories)
    {
        Images = images ?? throw new ArgumentNullException(nameof(images));
        Annotations = annotations ?? throw new ArgumentNullException(nameof(annotations));
        Categories = categories ?? throw new ArgumentNullException(nameof(categories));
    }

    /// <summary>The images by id.</summary>
    public IReadOnlyDictionary<int, CocoImage> Images { get; }

    /// <summary>The annotations by id.</summary>
    public IReadOnlyDictionary<int, CocoAnnotation> Annotations { get; }

    /// <summary>The categories by id.</summary>
    public IReadOnlyDictionary<int, CocoCategory> Categories { get; }
}
