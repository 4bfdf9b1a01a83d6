using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Perception;

namespace Neptune.Vision.Datasets;

/// <summary>Reads a dataset's image files for perception.</summary>
public static class ImageFiles
{
    /// <summary>Reads and decodes one image file (JPEG, PNG, WebP, GIF or BMP).</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the image belongs to, for the message (e.g. <c>scene 7</c>).</param>
    /// <returns>The image.</returns>
    /// <exception cref="PerceptionException">The file cannot be read or decoded (kind <see cref="PerceptionErrorKind.InvalidImage"/>).</exception>
    public static RgbaImage Read(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(what);
        try
        {
            return ImageCodecs.Default.Decode(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NeptuneImagingException)
        {
            throw new PerceptionException(PerceptionErrorKind.InvalidImage, $"cannot read the image of {what} ({path}): {e.Message}", e);
        }
    }
}
