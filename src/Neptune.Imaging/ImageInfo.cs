namespace Neptune.Imaging;

/// <summary>
/// What an image file holds, read from its header without decoding the pixels: what Neptune will see when it decodes
/// the file.
/// </summary>
/// <param name="Format">The encoded format.</param>
/// <param name="Width">Width in pixels once the EXIF orientation is applied (the width of the decoded image).</param>
/// <param name="Height">Height in pixels once the EXIF orientation is applied (the height of the decoded image).</param>
/// <param name="Orientation">
/// The EXIF orientation, 1 (upright, also when the file has none) to 8: 2 mirrors left-right, 3 rotates 180°,
/// 4 mirrors top-bottom, 5 transposes, 6 rotates 90° clockwise, 7 transverses, 8 rotates 90° counter-clockwise.
/// </param>
/// <param name="Frames">Number of frames (1 for a still image); only the first is decoded.</param>
public sealed record ImageInfo(ImageFormat Format, int Width, int Height, int Orientation, int Frames)
{
    /// <summary>True when the orientation swaps width and height (5 to 8).</summary>
    public bool SwapsAxes => Orientation >= 5;

    /// <summary>Width of the pixels as stored, before the orientation is applied.</summary>
    public int StoredWidth => SwapsAxes ? Height : Width;

    /// <summary>Height of the pixels as stored, before the orientation is applied.</summary>
    public int StoredHeight => SwapsAxes ? Width : Height;
}
