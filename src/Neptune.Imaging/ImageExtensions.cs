using Neptune.Imaging.Codecs;

namespace Neptune.Imaging;

/// <summary>Conversions of an <see cref="RgbaImage"/> to encoded forms.</summary>
public static class ImageExtensions
{
    private static readonly PngEncoder DefaultPng = new();

    /// <summary>Encodes the image as PNG with default settings.</summary>
    /// <param name="image">The image.</param>
    /// <returns>The PNG file bytes.</returns>
    public static byte[] ToPng(this RgbaImage image) => DefaultPng.Encode(image);

    /// <summary>
    /// Encodes the image and wraps it as an RFC 2397 data URI, <c>data:image/png;base64,…</c>, the form
    /// chat-completion APIs accept for an image part.
    /// </summary>
    /// <param name="image">The image.</param>
    /// <param name="encoder">The encoder to use; PNG with default settings when null.</param>
    /// <returns>The data URI.</returns>
    public static string ToDataUri(this RgbaImage image, IImageEncoder? encoder = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        encoder ??= DefaultPng;
        byte[] encoded = encoder.Encode(image);
        return $"data:{encoder.MimeType};base64,{Convert.ToBase64String(encoded)}";
    }
}
