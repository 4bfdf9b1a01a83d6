using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Neptune.Service.Jobs;

/// <summary>The states of an evaluation job.</summary>
internal static class JobStates
{
    /// <summary>Waiting for a turn (also a job that was running when the server stopped, until it resumes).</summary>
    public const string Queued = "queued";

    /// <summary>The evaluation runner is working on it.</summary>
    public const string Running = "running";

    /// <summary>Every item has a result row and the summary is written.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The run stopped on an error (a bad input file, a failed write); <c>error</c> says which.</summary>
    public const string Failed = "failed";

    /// <summary>A caller cancelled it; the rows made so far stay in its directory.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Whether a job in this state will not change any more.</summary>
    public static bool IsFinal(string state) => state is Succeeded or Failed or Cancelled;
}

/// <summary>One job as stored: what was asked and where it stands.</summary>
internal sealed record JobRow
{
    public required string Id { get; init; }

    public required long Sequence { get; init; }

    public required string State { get; init; }

    /// <summary>The request body: an evaluation config object (without <c>out</c>).</summary>
    public required string Config { get; init; }

    /// <summary>The directory relative paths of <see cref="Config"/> resolve against.</summary>
    public required string BaseDirectory { get; init; }

    public required DateTimeOffset Created { get; init; }

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    /// <summary>How many times the runner started on it (more than 1 after a restart resumed it).</summary>
    public int Sessions { get; init; }

    public long Completed { get; init; }

    public long? Total { get; init; }

    public long Correct { get; init; }

    public long Failures { get; init; }

    public string? Error { get; init; }

    /// <summary>
    /// The API key that submitted the job, as the lowercase hex SHA-256 of the key (never the key); null when the
    /// server had no API keys. With keys configured, only that key sees the job.
    /// </summary>
    public string? Owner { get; init; }
}

/// <summary>
/// The jobs of a server in one SQLite database (<c>JOBS/jobs.db</c>, write-ahead log): every change is one committed
/// statement, so a server killed at any moment restarts with every job it accepted. Thread-safe (one connection under
/// a lock).
/// </summary>
internal sealed class JobStore : IDisposable
{
    private const string Columns = "id, seq, state, config, base_directory, created_ms, started_ms, finished_ms, sessions, completed, total, correct, failures, error, owner";
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;

    private JobStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (or creates) the database.</summary>
    /// <exception cref="ServiceConfigException">The file is not a jobs database or cannot be opened.</exception>
    public static JobStore Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString());
        try
        {
            connection.Open();
            var store = new JobStore(connection);
            store.Execute("PRAGMA busy_timeout = 60000");
            store.Execute("PRAGMA journal_mode = WAL");
            store.Execute("PRAGMA synchronous = NORMAL");
            store.Execute("""
                CREATE TABLE IF NOT EXISTS jobs (
                  id TEXT NOT NULL PRIMARY KEY, seq INTEGER NOT NULL, state TEXT NOT NULL, config TEXT NOT NULL,
                  base_directory TEXT NOT NULL, created_ms INTEGER NOT NULL, started_ms INTEGER, finished_ms INTEGER,
                  sessions INTEGER NOT NULL, completed INTEGER NOT NULL, total INTEGER, correct INTEGER NOT NULL,
                  failures INTEGER NOT NULL, error TEXT, owner TEXT)
                """);
            // A database written before jobs had owners: add the column (its jobs have no owner).
            if (!store.HasColumn("jobs", "owner"))
            {
                store.Execute("ALTER TABLE jobs ADD COLUMN owner TEXT");
            }

            return store;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new ServiceConfigException($"jobs: cannot open the jobs database '{path}': {e.Message}", e);
        }
    }

    /// <summary>Every job, oldest first.</summary>
    public List<JobRow> All()
    {
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM jobs ORDER BY seq";
            using SqliteDataReader reader = command.ExecuteReader();
            var rows = new List<JobRow>();
            while (reader.Read())
            {
                rows.Add(new JobRow
                {
                    Id = reader.GetString(0),
                    Sequence = reader.GetInt64(1),
                    State = reader.GetString(2),
                    Config = reader.GetString(3),
                    BaseDirectory = reader.GetString(4),
                    Created = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    Started = reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                    Finished = reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                    Sessions = reader.GetInt32(8),
                    Completed = reader.GetInt64(9),
                    Total = reader.IsDBNull(10) ? null : reader.GetInt64(10),
                    Correct = reader.GetInt64(11),
                    Failures = reader.GetInt64(12),
                    Error = reader.IsDBNull(13) ? null : reader.GetString(13),
                    Owner = reader.IsDBNull(14) ? null : reader.GetString(14),
                });
            }

            return rows;
        }
    }

    /// <summary>The next sequence number (one more than the largest stored).</summary>
    public long NextSequence()
    {
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Inserts or replaces a job.</summary>
    public void Save(JobRow row)
    {
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = $"INSERT OR REPLACE INTO jobs ({Columns}) VALUES ($id, $seq, $state, $config, $base, $created, $started, $finished, $sessions, $completed, $total, $correct, $failures, $error, $owner)";
            command.Parameters.AddWithValue("$id", row.Id);
            command.Parameters.AddWithValue("$seq", row.Sequence);
            command.Parameters.AddWithValue("$state", row.State);
            command.Parameters.AddWithValue("$config", row.Config);
            command.Parameters.AddWithValue("$base", row.BaseDirectory);
            command.Parameters.AddWithValue("$created", row.Created.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$started", (object?)row.Started?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            command.Parameters.AddWithValue("$finished", (object?)row.Finished?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            command.Parameters.AddWithValue("$sessions", row.Sessions);
            command.Parameters.AddWithValue("$completed", row.Completed);
            command.Parameters.AddWithValue("$total", (object?)row.Total ?? DBNull.Value);
            command.Parameters.AddWithValue("$correct", row.Correct);
            command.Parameters.AddWithValue("$failures", row.Failures);
            command.Parameters.AddWithValue("$error", (object?)row.Error ?? DBNull.Value);
            command.Parameters.AddWithValue("$owner", (object?)row.Owner ?? DBNull.Value);
            command.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private bool HasColumn(string table, string column)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
