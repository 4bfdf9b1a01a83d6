namespace Neptune.Imaging;

/// <summary>
/// Root of every error raised by Neptune.Imaging for input the caller does not control
/// (a corrupt file, a region outside an image). Programming errors such as a negative width
/// still raise the usual <see cref="ArgumentException"/> family.
/// </summary>
public abstract class NeptuneImagingException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong, phrased for the person reading a log.</param>
    protected NeptuneImagingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong, phrased for the person reading a log.</param>
    /// <param name="innerException">The underlying error.</param>
    protected NeptuneImagingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The encoded image is malformed, truncated, unsupported or fails an integrity check.
/// The message names the chunk or structure at fault and, where known, its byte offset.
/// </summary>
public class ImageDecodeException : NeptuneImagingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Description of the problem.</param>
    /// <param name="offset">Byte offset in the input where the problem was found, or -1 when not known.</param>
    public ImageDecodeException(string message, long offset = -1)
        : base(message)
    {
        Offset = offset;
    }

    /// <summary>Creates the exception wrapping a lower-level error.</summary>
    /// <param name="message">Description of the problem.</param>
    /// <param name="offset">Byte offset in the input where the problem was found, or -1 when not known.</param>
    /// <param name="innerException">The underlying error, for example a zlib failure.</param>
    public ImageDecodeException(string message, long offset, Exception? innerException)
        : base(message, innerException)
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the input where the problem was found, or -1 when not known.</summary>
    public long Offset { get; }
}

/// <summary>
/// The encoded image is well formed so far but exceeds a configured decoding limit
/// (dimensions, pixel count, chunk size, decompressed size or input size).
/// Raised before the memory the image would need is allocated.
/// </summary>
public sealed class ImageLimitExceededException : ImageDecodeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which limit was exceeded, with the actual and allowed values.</param>
    /// <param name="offset">Byte offset in the input where the problem was found, or -1 when not known.</param>
    public ImageLimitExceededException(string message, long offset = -1)
        : base(message, offset)
    {
    }
}

/// <summary>
/// No registered decoder recognises the input's signature.
/// </summary>
public sealed class UnknownImageFormatException : ImageDecodeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Description including the leading bytes that were inspected.</param>
    public UnknownImageFormatException(string message)
        : base(message, 0)
    {
    }
}

/// <summary>
/// An image operation cannot be carried out on the given data, for example a crop whose
/// region lies entirely outside the image.
/// </summary>
public sealed class ImageOperationException : NeptuneImagingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Description of the problem.</param>
    public ImageOperationException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Text cannot be drawn because no usable font is installed: without one Skia would draw every label as nothing.
/// The message says which package to install.
/// </summary>
public sealed class ImageFontException : NeptuneImagingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and how to install it.</param>
    public ImageFontException(string message)
        : base(message)
    {
    }
}
