namespace Neptune.Photos;

/// <summary>A dataset file or record is missing or malformed; the message names the file and the record.</summary>
public sealed class PhotoDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file and record.</param>
    public PhotoDataException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What is wrong, naming the file and record.</param>
    /// <param name="inner">The cause.</param>
    public PhotoDataException(string message, Exception inner) : base(message, inner) { }
}
