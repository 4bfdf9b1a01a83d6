namespace Neptune.Photos;

/// <summary>Opening a dataset file for a reader, with the one error form every reader gives.</summary>
internal static class PhotoFiles
{
    /// <summary>Opens <paramref name="path"/> for sequential reading and hands the stream to <paramref name="read"/>.</summary>
    /// <typeparam name="T">What the reader returns.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="read">Reads the stream (it is disposed afterwards).</param>
    /// <returns>What <paramref name="read"/> returned.</returns>
    /// <exception cref="PhotoDataException">The file is missing or cannot be read, or the reader's own errors.</exception>
    public static T Read<T>(string path, Func<Stream, T> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return read(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhotoDataException($"{path}: cannot read: {e.Message}", e);
        }
    }
}
