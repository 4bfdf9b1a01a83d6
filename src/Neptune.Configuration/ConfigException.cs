namespace Neptune.Configuration;

/// <summary>
/// A configuration value is missing, unknown, mistyped or out of range. The message names the field and where it was
/// set (<c>`vision.max_image_side` in configs/ask/x.json: …</c>, or <c>--limit: …</c> for a flag).
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the field and its source.</param>
    public ConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the field and its source.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An input file cannot be used: it is missing, a directory, unreadable, or not UTF-8 text.</summary>
public sealed class InputFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    public InputFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    /// <param name="innerException">The cause.</param>
    public InputFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
