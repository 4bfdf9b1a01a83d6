namespace Neptune.Clevr;

/// <summary>
/// A CLEVR scene or question file could not be read: the message names the file, the item (its position in the file
/// and its question or image index when known), the byte offset and what is wrong.
/// </summary>
public sealed class ClevrDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="filePath">The file being read.</param>
    /// <param name="itemPosition">The 0-based position of the question or scene in the file's array, if any.</param>
    /// <param name="byteOffset">The byte offset in the file where the problem was found, if known.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ClevrDataException(string message, string filePath, int? itemPosition = null, long? byteOffset = null, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        ItemPosition = itemPosition;
        ByteOffset = byteOffset;
    }

    /// <summary>The file being read.</summary>
    public string FilePath { get; }

    /// <summary>The 0-based position of the offending question or scene in the file, or null for file-level problems.</summary>
    public int? ItemPosition { get; }

    /// <summary>The byte offset where the problem was found, or null when unknown.</summary>
    public long? ByteOffset { get; }
}
