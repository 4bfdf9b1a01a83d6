namespace Neptune.Caching;

/// <summary>
/// A persistent string-to-string store shared by processes: the program cache and the score cache keep their entries
/// in one. Keys are opaque (hashes of a request); values are the cache's own JSON. Implementations are thread-safe.
/// </summary>
public interface ICacheStore : IDisposable
{
    /// <summary>The database file.</summary>
    string Path { get; }

    /// <summary>Looks a key up.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns>Whether the key is stored.</returns>
    bool TryGet(string key, out string value);

    /// <summary>Stores a value; an existing key is overwritten (the later write wins).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="createdUtc">When the entry was made.</param>
    void Set(string key, string value, DateTimeOffset createdUtc);

    /// <summary>Every entry, oldest write first.</summary>
    /// <returns>The entries.</returns>
    IReadOnlyList<CacheEntry> Entries();

    /// <summary>What the store holds.</summary>
    /// <returns>The statistics.</returns>
    CacheStats Stats();

    /// <summary>Deletes the entries made before a time and gives their space back to the file system.</summary>
    /// <param name="before">The cut-off.</param>
    /// <returns>How many entries were deleted.</returns>
    int Prune(DateTimeOffset before);

    /// <summary>
    /// Imports entries from another file in one transaction, once per version of that file: a source already imported
    /// with the same version is skipped. A process killed during the import leaves the store as it was before.
    /// </summary>
    /// <param name="source">The file imported (its full path identifies it).</param>
    /// <param name="version">The version of its content (for an append-only file: its length).</param>
    /// <param name="entries">The entries, in file order (a later key wins).</param>
    /// <returns>The number of entries imported, or -1 when this version was imported before.</returns>
    int Import(string source, long version, IEnumerable<CacheEntry> entries);
}

/// <summary>One stored entry.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value.</param>
/// <param name="CreatedUtc">When it was written.</param>
public readonly record struct CacheEntry(string Key, string Value, DateTimeOffset CreatedUtc);

/// <summary>What a store holds.</summary>
/// <param name="Entries">The number of entries.</param>
/// <param name="Bytes">The size of the database file and its write-ahead log, in bytes.</param>
/// <param name="OldestUtc">The oldest entry, if any.</param>
/// <param name="NewestUtc">The newest entry, if any.</param>
/// <param name="ImportedSources">The files imported into the store.</param>
public sealed record CacheStats(long Entries, long Bytes, DateTimeOffset? OldestUtc, DateTimeOffset? NewestUtc, IReadOnlyList<string> ImportedSources);
