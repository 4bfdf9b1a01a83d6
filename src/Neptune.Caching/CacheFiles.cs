namespace Neptune.Caching;

/// <summary>
/// Where a cache lives. Caches used to be JSON-lines files; a configured path ending in <c>.jsonl</c> still names
/// one: its database is the same path with the extension <c>.db</c>, and the JSON-lines file beside it is imported on
/// first use (and again whenever it has grown). Any other path is the database itself.
/// </summary>
public static class CacheFiles
{
    /// <summary>The extension of a JSON-lines cache.</summary>
    public const string JsonLinesExtension = ".jsonl";

    /// <summary>The database file for a configured cache path.</summary>
    /// <param name="path">The configured path.</param>
    /// <returns>The full path of the database.</returns>
    public static string DatabasePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        return IsJsonLinesPath(full) ? Path.ChangeExtension(full, ".db") : full;
    }

    /// <summary>The JSON-lines file a configured path names, or null when it names a database.</summary>
    /// <param name="path">The configured path.</param>
    /// <returns>The full path of the JSON-lines file, or null.</returns>
    public static string? JsonLinesPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        return IsJsonLinesPath(full) ? full : null;
    }

    private static bool IsJsonLinesPath(string path) => path.EndsWith(JsonLinesExtension, StringComparison.OrdinalIgnoreCase);
}
