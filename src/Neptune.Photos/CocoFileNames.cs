namespace Neptune.Photos;

/// <summary>File names of the refer toolkit and of COCO.</summary>
public static class CocoFileNames
{
    /// <summary>
    /// The COCO file name of a ref's <c>file_name</c>: the refer toolkit appends <c>_N</c> (the annotation's index)
    /// before <c>.jpg</c>, so <c>COCO_train2014_000000581857_16.jpg</c> is <c>COCO_train2014_000000581857.jpg</c>. A
    /// name without such a suffix (three or more underscore-separated parts, the last all digits) is returned unchanged.
    /// </summary>
    /// <param name="refFileName">The ref's file name.</param>
    /// <returns>The image's file name.</returns>
    public static string ImageFileName(string refFileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(refFileName);
        string extension = Path.GetExtension(refFileName);
        string stem = refFileName[..^extension.Length];
        int last = stem.LastIndexOf('_');
        if (last <= 0 || last == stem.Length - 1 || stem.AsSpan(0, last).Count('_') < 2)
        {
            return refFileName;
        }

        foreach (char c in stem.AsSpan(last + 1))
        {
            if (!char.IsAsciiDigit(c))
            {
                return refFileName;
            }
        }

        return string.Concat(stem.AsSpan(0, last), extension);
    }

    /// <summary>The COCO train2014 file name of an image id: <c>COCO_train2014_{id:D12}.jpg</c>.</summary>
    /// <param name="imageId">The image id.</param>
    /// <returns>The file name.</returns>
    public static string Train2014(int imageId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"COCO_train2014_{imageId:D12}.jpg");
}
