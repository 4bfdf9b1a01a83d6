namespace Neptune.Caching;

/// <summary>A cache file cannot be used: it is not a cache database, it is damaged, or it stayed locked too long.</summary>
public sealed class CacheException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The cache file.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CacheException(string path, string message, Exception? innerException = null)
        : base($"{path}: {message}", innerException)
    {
        Path = path;
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }
}
