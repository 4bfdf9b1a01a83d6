namespace Neptune.Cli.Conventions;

/// <summary>
/// Bad input a user can fix: a flag value out of range, a missing file, an inconsistent combination. The top-level
/// handler prints <c>neptune: error: MESSAGE</c> on one line and exits with code 2.
/// </summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the flag, field or file.</param>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the flag, field or file.</param>
    /// <param name="innerException">The cause.</param>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
