using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Neptune.Caching;

/// <summary>
/// An <see cref="ICacheStore"/> in one SQLite database file, in write-ahead-log mode: any number of processes read and
/// write it at once (a writer waits for another up to <see cref="BusyTimeout"/>), and every write is one transaction,
/// so a process killed at any point leaves a readable database holding every committed entry.
/// </summary>
/// <remarks>
/// Tables: <c>entries(key, value, created_ms)</c> and <c>imports(source, version, imported_ms)</c>. Writes are committed
/// with <c>synchronous=NORMAL</c>: a killed process loses nothing it committed; a power cut may lose the last
/// transactions, never the database. The instance holds one connection and is thread-safe.
/// </remarks>
public sealed class SqliteCacheStore : ICacheStore
{
    /// <summary>How long a writer waits for another process's transaction before failing.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(60);

    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _get;
    private readonly SqliteCommand _set;
    private bool _disposed;

    private SqliteCacheStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
        _get = Command("SELECT value FROM entries WHERE key = $key");
        _get.Parameters.Add("$key", SqliteType.Text);
        _set = Command("INSERT OR REPLACE INTO entries (key, value, created_ms) VALUES ($key, $value, $created)");
        _set.Parameters.Add("$key", SqliteType.Text);
        _set.Parameters.Add("$value", SqliteType.Text);
        _set.Parameters.Add("$created", SqliteType.Integer);
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <summary>Whether a file starts with the SQLite header (false for a missing or empty file).</summary>
    /// <param name="path">The file.</param>
    /// <returns>Whether it is an SQLite database.</returns>
    public static bool IsDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            return false;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> head = stackalloc byte[16];
        return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(Header);
    }

    /// <summary>Opens a cache database, creating the file, its folder and its tables when missing.</summary>
    /// <param name="path">The database file.</param>
    /// <returns>The store.</returns>
    /// <exception cref="CacheException">The file is not a cache database, is damaged, or stayed locked.</exception>
    public static SqliteCacheStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new CacheException(full, "is a directory, expected a cache database file");
        }

        string? directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        if (File.Exists(full) && new FileInfo(full).Length > 0 && !IsDatabase(full))
        {
            throw new CacheException(full, "is not a cache database (SQLite); a JSON-lines cache is read with 'neptune cache import FILE'");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        try
        {
            connection.Open();
            var store = new SqliteCacheStore(full, connection);
            store.Guard(() =>
            {
                store.Execute($"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}");
                store.Execute("PRAGMA journal_mode = WAL");
                store.Execute("PRAGMA synchronous = NORMAL");
                using SqliteTransaction transaction = connection.BeginTransaction();
                store.Execute("CREATE TABLE IF NOT EXISTS entries (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL, created_ms INTEGER NOT NULL)", transaction);
                store.Execute("CREATE INDEX IF NOT EXISTS entries_created ON entries (created_ms)", transaction);
                store.Execute("CREATE TABLE IF NOT EXISTS imports (source TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, imported_ms INTEGER NOT NULL)", transaction);
                transaction.Commit();
                return 0;
            });
            return store;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public bool TryGet(string key, out string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _get.Parameters["$key"].Value = key;
            string? found = Guard(() => _get.ExecuteScalar() as string);
            value = found ?? string.Empty;
            return found is not null;
        }
    }

    /// <inheritdoc />
    public void Set(string key, string value, DateTimeOffset createdUtc)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _set.Parameters["$key"].Value = key;
            _set.Parameters["$value"].Value = value;
            _set.Parameters["$created"].Value = createdUtc.ToUnixTimeMilliseconds();
            Guard(() => _set.ExecuteNonQuery());
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<CacheEntry> Entries()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Guard(() =>
            {
                var entries = new List<CacheEntry>();
                using SqliteCommand command = Command("SELECT key, value, created_ms FROM entries ORDER BY rowid");
                using SqliteDataReader reader = command.ExecuteReader();
                while (reader.Read())
                {
                    entries.Add(new CacheEntry(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
                }

                return entries;
            });
        }
    }

    /// <inheritdoc />
    public CacheStats Stats()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Guard(() =>
            {
                using SqliteCommand command = Command("SELECT count(*), min(created_ms), max(created_ms) FROM entries");
                using SqliteDataReader reader = command.ExecuteReader();
                reader.Read();
                long count = reader.GetInt64(0);
                DateTimeOffset? oldest = reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
                DateTimeOffset? newest = reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
                var sources = new List<string>();
                using SqliteCommand imports = Command("SELECT source FROM imports ORDER BY imported_ms, source");
                using SqliteDataReader rows = imports.ExecuteReader();
                while (rows.Read())
                {
                    sources.Add(rows.GetString(0));
                }

                long bytes = FileLength(Path) + FileLength(Path + "-wal");
                return new CacheStats(count, bytes, oldest, newest, sources);
            });
        }
    }

    /// <inheritdoc />
    public int Prune(DateTimeOffset before)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Guard(() =>
            {
                using SqliteCommand delete = Command("DELETE FROM entries WHERE created_ms < $before");
                delete.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
                int deleted = delete.ExecuteNonQuery();
                if (deleted > 0)
                {
                    Execute("VACUUM");
                    Execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }

                return deleted;
            });
        }
    }

    /// <inheritdoc />
    public int Import(string source, long version, IEnumerable<CacheEntry> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(entries);
        string full = System.IO.Path.GetFullPath(source);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Guard(() =>
            {
                using SqliteTransaction transaction = _connection.BeginTransaction();
                using (SqliteCommand seen = Command("SELECT version FROM imports WHERE source = $source", transaction))
                {
                    seen.Parameters.AddWithValue("$source", full);
                    if (seen.ExecuteScalar() is long done && done == version)
                    {
                        return -1;
                    }
                }

                int count = 0;
                using SqliteCommand insert = Command("INSERT OR REPLACE INTO entries (key, value, created_ms) VALUES ($key, $value, $created)", transaction);
                SqliteParameter key = insert.Parameters.Add("$key", SqliteType.Text);
                SqliteParameter value = insert.Parameters.Add("$value", SqliteType.Text);
                SqliteParameter created = insert.Parameters.Add("$created", SqliteType.Integer);
                foreach (CacheEntry entry in entries)
                {
                    key.Value = entry.Key;
                    value.Value = entry.Value;
                    created.Value = entry.CreatedUtc.ToUnixTimeMilliseconds();
                    insert.ExecuteNonQuery();
                    count++;
                }

                using (SqliteCommand mark = Command("INSERT OR REPLACE INTO imports (source, version, imported_ms) VALUES ($source, $version, $now)", transaction))
                {
                    mark.Parameters.AddWithValue("$source", full);
                    mark.Parameters.AddWithValue("$version", version);
                    mark.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    mark.ExecuteNonQuery();
                }

                transaction.Commit();
                return count;
            });
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _get.Dispose();
            _set.Dispose();
            _connection.Dispose();
        }
    }

    private static long FileLength(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = Command(sql, transaction);
        command.ExecuteNonQuery();
    }

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException e)
        {
            throw new CacheException(Path, e.SqliteErrorCode switch
            {
                5 or 6 => string.Create(CultureInfo.InvariantCulture, $"locked by another process for more than {BusyTimeout.TotalSeconds} s"),
                11 => "the cache database is damaged; move it away and run again (entries are regenerated)",
                26 => "is not a cache database (SQLite)",
                _ => $"cache database error: {e.Message}",
            }, e);
        }
    }
}
