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

    /// <summary>
    /// Opens the database a configured path names and wraps it with <paramref name="create"/>; when the path names a
    /// JSON-lines file that exists, <paramref name="import"/> reads it into the new cache. If creating or importing
    /// fails, the database is closed before the exception leaves.
    /// </summary>
    /// <typeparam name="TCache">The cache type.</typeparam>
    /// <param name="path">The configured path: a database, or a JSON-lines cache file.</param>
    /// <param name="create">Wraps the opened store; receives the JSON-lines path, or null.</param>
    /// <param name="import">Imports the JSON-lines file into the cache.</param>
    /// <returns>The cache.</returns>
    /// <exception cref="CacheException">The database cannot be used.</exception>
    public static TCache Open<TCache>(string path, Func<SqliteCacheStore, string?, TCache> create, Action<TCache, string> import)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(import);
        string? jsonLines = JsonLinesPath(path);
        SqliteCacheStore store = SqliteCacheStore.Open(DatabasePath(path));
        try
        {
            TCache cache = create(store, jsonLines);
            if (jsonLines is not null && File.Exists(jsonLines))
            {
                import(cache, jsonLines);
            }

            return cache;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static bool IsJsonLinesPath(string path) => path.EndsWith(JsonLinesExtension, StringComparison.OrdinalIgnoreCase);
}
