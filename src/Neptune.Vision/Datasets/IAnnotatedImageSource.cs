using Neptune.Imaging;
using Neptune.Perception;

namespace Neptune.Vision.Datasets;

/// <summary>
/// What a dataset gives <see cref="AnnotatedImagePerception{TItem}"/> about one of its items (a scene, a referring
/// expression, a photo): the image and the annotated objects to score. A dataset plugin implements this; the vision
/// layer knows nothing else about the dataset.
/// </summary>
/// <typeparam name="TItem">The dataset's item type.</typeparam>
public interface IAnnotatedImageSource<in TItem>
{
    /// <summary>A key naming the item's image; items with the same key share one decoded image.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The key.</returns>
    string ImageKey(TItem item);

    /// <summary>Reads (or renders) the item's image.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The image.</returns>
    /// <exception cref="PerceptionException">The image cannot be read (kind <see cref="PerceptionErrorKind.InvalidImage"/>).</exception>
    RgbaImage LoadImage(TItem item);

    /// <summary>The annotated objects of the item, with boxes in the image's pixels; ids are their positions.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The objects.</returns>
    IReadOnlyList<DetectedObject> Objects(TItem item);
}
