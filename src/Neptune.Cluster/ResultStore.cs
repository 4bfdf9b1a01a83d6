using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Neptune.Cluster;

/// <summary>The state a job is in, as the store records it.</summary>
public enum JobState
{
    /// <summary>Units are being handed out.</summary>
    Running,

    /// <summary>Every item has a row.</summary>
    Done,

    /// <summary>Cancelled: no more units are handed out; the rows made so far are kept.</summary>
    Cancelled,
}

/// <summary>A job as the store records it.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Spec">The evaluation config (JSON) every silo evaluates the job's items with.</param>
/// <param name="Items">The items the job selects.</param>
/// <param name="UnitSize">Items per work unit.</param>
/// <param name="State">Its state.</param>
/// <param name="CreatedUnixMs">When it was submitted.</param>
/// <param name="FinishedUnixMs">When it was done or cancelled; null while running.</param>
public sealed record JobRecord(string JobId, string Spec, long Items, int UnitSize, JobState State, long CreatedUnixMs, long? FinishedUnixMs);

/// <summary>A result row in the store: the item's id and its row as JSON (the <c>results.jsonl</c> format).</summary>
/// <param name="ItemId">The item's id.</param>
/// <param name="Json">The row.</param>
public readonly record struct StoredRow(long ItemId, string Json);

/// <summary>The program generated for one distinct question of a job (or why there is none), as the store records it.</summary>
/// <param name="Question">The question's text (trimmed).</param>
/// <param name="Program">The program; null when generation failed.</param>
/// <param name="FailureKind">For a failure: the row failure kind (<c>no_program</c>, <c>validation</c>, <c>runtime</c>, <c>model_error</c>).</param>
/// <param name="Error">For a failure: the error code recorded in the rows.</param>
/// <param name="Message">For a failure: why.</param>
/// <param name="GenerationFailure">For a failure: the generator's failure name (<c>no_program</c>, <c>invalid_after_repairs</c>, <c>runtime_error_after_repairs</c>, <c>model_error</c>).</param>
/// <param name="Requests">Model calls made for it (0 from a program cache).</param>
/// <param name="InputTokens">Prompt tokens over its calls.</param>
/// <param name="OutputTokens">Completion tokens over its calls.</param>
/// <param name="ModelMilliseconds">Time spent waiting for the model.</param>
/// <param name="FromCache">Whether it came from the generating silo's program cache.</param>
/// <param name="Model">The model that wrote it.</param>
/// <param name="Silo">The silo that generated it.</param>
public sealed record StoredProgram(
    string Question,
    string? Program,
    string? FailureKind,
    string? Error,
    string? Message,
    string? GenerationFailure,
    int Requests,
    long InputTokens,
    long OutputTokens,
    long ModelMilliseconds,
    bool FromCache,
    string? Model,
    string Silo);

/// <summary>
/// The durable store of a cluster: jobs and one result row per (job, item), written exactly once — a row for an item
/// that already has one is ignored, so a unit evaluated twice (its lease expired while its silo was slow) still leaves
/// one row per item. SQLite for one machine (a file the silos of that machine share); PostgreSQL for many machines.
/// </summary>
/// <remarks>Thread-safe: every call opens its own connection (pooled).</remarks>
public sealed class ResultStore : IDisposable
{
    private readonly StoreKind _kind;
    private readonly string _connection;
    private readonly NpgsqlDataSource? _postgres;

    private ResultStore(StoreKind kind, string connection)
    {
        _kind = kind;
        _connection = connection;
        if (kind == StoreKind.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(connection);
        }
    }

    /// <summary>Opens the store the settings name and makes its tables when missing.</summary>
    /// <param name="settings">The cluster settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ClusterUnavailableException">The database cannot be reached or its tables cannot be made.</exception>
    public static async Task<ResultStore> OpenAsync(ClusterSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string connection = settings.Store == StoreKind.Sqlite
            ? new SqliteConnectionStringBuilder { DataSource = settings.StoreConnection, DefaultTimeout = 60, Pooling = true }.ToString()
            : settings.StoreConnection;
        if (settings.Store == StoreKind.Sqlite && Path.GetDirectoryName(settings.StoreConnection) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var store = new ResultStore(settings.Store, connection);
        try
        {
            await store.CreateTablesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException)
        {
            store.Dispose();
            string where = settings.Store == StoreKind.Sqlite ? $"the SQLite store '{settings.StoreConnection}'" : "the PostgreSQL store (store_connection)";
            throw new ClusterUnavailableException($"{where} cannot be opened: {e.Message}", e);
        }

        return store;
    }

    /// <summary>Closes the PostgreSQL connection pool.</summary>
    public void Dispose() => _postgres?.Dispose();

    private async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        var c = new SqliteConnection(_connection);
        await c.OpenAsync(cancellationToken).ConfigureAwait(false);
        return c;
    }

    private async Task CreateTablesAsync(CancellationToken cancellationToken)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (_kind == StoreKind.Sqlite)
        {
            // WAL: readers (progress) never block the writers of other silo processes.
            await ExecuteAsync(c, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(c, """
            CREATE TABLE IF NOT EXISTS neptune_jobs (
              job_id TEXT PRIMARY KEY,
              spec TEXT NOT NULL,
              items BIGINT NOT NULL,
              unit_size INTEGER NOT NULL,
              state TEXT NOT NULL,
              created_ms BIGINT NOT NULL,
              finished_ms BIGINT NULL);
            CREATE TABLE IF NOT EXISTS neptune_results (
              job_id TEXT NOT NULL,
              item_id BIGINT NOT NULL,
              unit INTEGER NOT NULL,
              silo TEXT NOT NULL,
              row_json TEXT NOT NULL,
              PRIMARY KEY (job_id, item_id));
            CREATE INDEX IF NOT EXISTS neptune_results_unit ON neptune_results (job_id, unit);
            CREATE TABLE IF NOT EXISTS neptune_programs (
              job_id TEXT NOT NULL,
              question TEXT NOT NULL,
              program TEXT NULL,
              failure_kind TEXT NULL,
              error TEXT NULL,
              message TEXT NULL,
              generation_failure TEXT NULL,
              requests INTEGER NOT NULL,
              input_tokens BIGINT NOT NULL,
              output_tokens BIGINT NOT NULL,
              model_ms BIGINT NOT NULL,
              from_cache INTEGER NOT NULL,
              model TEXT NULL,
              silo TEXT NOT NULL,
              PRIMARY KEY (job_id, question));
            CREATE TABLE IF NOT EXISTS neptune_refusals (
              job_id TEXT NOT NULL,
              silo TEXT NOT NULL,
              reason TEXT NOT NULL,
              PRIMARY KEY (job_id, silo));
            """, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a job unless one with its id exists.</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job as stored: <paramref name="job"/>, or the one that was there already.</returns>
    public async Task<JobRecord> CreateJobAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using (DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using DbCommand cmd = Command(c, """
                INSERT INTO neptune_jobs (job_id, spec, items, unit_size, state, created_ms, finished_ms)
                VALUES (@job, @spec, @items, @unit_size, @state, @created, NULL)
                ON CONFLICT (job_id) DO NOTHING
                """, ("job", job.JobId), ("spec", job.Spec), ("items", job.Items), ("unit_size", job.UnitSize), ("state", Name(job.State)), ("created", job.CreatedUnixMs));
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return await GetJobAsync(job.JobId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"job {job.JobId} was written but cannot be read back");
    }

    /// <summary>Reads a job.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job; null when there is none of that id.</returns>
    public async Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, "SELECT job_id, spec, items, unit_size, state, created_ms, finished_ms FROM neptune_jobs WHERE job_id = @job", ("job", jobId));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new JobRecord(
            r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt32(3), Parse(r.GetString(4)), r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt64(6));
    }

    /// <summary>The ids of the running jobs, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ids.</returns>
    public async Task<IReadOnlyList<string>> RunningJobsAsync(CancellationToken cancellationToken = default)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, "SELECT job_id FROM neptune_jobs WHERE state = @state ORDER BY created_ms, job_id", ("state", Name(JobState.Running)));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }

    /// <summary>Moves a running job to a final state (done or cancelled); a job already in a final state keeps it.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="state">The final state.</param>
    /// <param name="finishedUnixMs">When.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task FinishJobAsync(string jobId, JobState state, long finishedUnixMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, "UPDATE neptune_jobs SET state = @state, finished_ms = @finished WHERE job_id = @job AND state = @running",
            ("state", Name(state)), ("finished", finishedUnixMs), ("job", jobId), ("running", Name(JobState.Running)));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the rows of one unit in one transaction; rows of items that have one already are ignored.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="unit">The unit the rows belong to.</param>
    /// <param name="silo">The silo that made them.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows written (the others existed).</returns>
    public async Task<int> WriteRowsAsync(string jobId, int unit, string silo, IReadOnlyList<StoredRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbTransaction tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, """
            INSERT INTO neptune_results (job_id, item_id, unit, silo, row_json) VALUES (@job, @item, @unit, @silo, @row)
            ON CONFLICT (job_id, item_id) DO NOTHING
            """, ("job", jobId), ("item", 0L), ("unit", unit), ("silo", silo), ("row", ""));
        cmd.Transaction = tx;
        int written = 0;
        foreach (StoredRow row in rows)
        {
            cmd.Parameters["item"].Value = row.ItemId;
            cmd.Parameters["row"].Value = row.Json;
            written += await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>Rows stored per unit of a job.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Unit → rows.</returns>
    public async Task<IReadOnlyDictionary<int, long>> RowsPerUnitAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, "SELECT unit, COUNT(*) FROM neptune_results WHERE job_id = @job GROUP BY unit", ("job", jobId));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<int, long>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[r.GetInt32(0)] = r.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Rows stored for one unit.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="unit">The unit.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    public async Task<long> RowsOfUnitAsync(string jobId, int unit, CancellationToken cancellationToken = default)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, "SELECT COUNT(*) FROM neptune_results WHERE job_id = @job AND unit = @unit", ("job", jobId), ("unit", unit));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rows stored per silo for a job.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Silo → rows it wrote.</returns>
    public async Task<IReadOnlyDictionary<string, long>> RowsPerSiloAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, "SELECT silo, COUNT(*) FROM neptune_results WHERE job_id = @job GROUP BY silo ORDER BY silo", ("job", jobId));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[r.GetString(0)] = r.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Records a job's program for a question unless one is recorded already (the first generation stored wins).</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="program">The generation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The program as stored: <paramref name="program"/>, or the one that was there already.</returns>
    public async Task<StoredProgram> AddProgramAsync(string jobId, StoredProgram program, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        await using (DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using DbCommand cmd = Command(c, """
                INSERT INTO neptune_programs (job_id, question, program, failure_kind, error, message, generation_failure, requests, input_tokens, output_tokens, model_ms, from_cache, model, silo)
                VALUES (@job, @question, @program, @failure_kind, @error, @message, @generation_failure, @requests, @input_tokens, @output_tokens, @model_ms, @from_cache, @model, @silo)
                ON CONFLICT (job_id, question) DO NOTHING
                """,
                ("job", jobId), ("question", program.Question), ("program", Db(program.Program)), ("failure_kind", Db(program.FailureKind)), ("error", Db(program.Error)),
                ("message", Db(program.Message)), ("generation_failure", Db(program.GenerationFailure)), ("requests", program.Requests), ("input_tokens", program.InputTokens),
                ("output_tokens", program.OutputTokens), ("model_ms", program.ModelMilliseconds), ("from_cache", program.FromCache ? 1 : 0), ("model", Db(program.Model)), ("silo", program.Silo));
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return await GetProgramAsync(jobId, program.Question, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"job {jobId}: the program of '{program.Question}' was written but cannot be read back");
    }

    /// <summary>Reads a job's program for a question.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="question">The question's text (trimmed).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The program; null when none was generated yet.</returns>
    public async Task<StoredProgram?> GetProgramAsync(string jobId, string question, CancellationToken cancellationToken = default)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, ProgramColumns + " WHERE job_id = @job AND question = @question", ("job", jobId), ("question", question));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadProgram(r) : null;
    }

    /// <summary>Every program generated for a job, in question order.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The programs.</returns>
    public async Task<IReadOnlyList<StoredProgram>> ProgramsAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, ProgramColumns + " WHERE job_id = @job ORDER BY question", ("job", jobId));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var programs = new List<StoredProgram>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            programs.Add(ReadProgram(r));
        }

        return programs;
    }

    /// <summary>Records that a silo cannot evaluate a job, and why (replacing what it said before).</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="silo">The silo's name.</param>
    /// <param name="reason">Why, as a sentence the user can act on.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task RefuseAsync(string jobId, string silo, string reason, CancellationToken cancellationToken = default)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, """
            INSERT INTO neptune_refusals (job_id, silo, reason) VALUES (@job, @silo, @reason)
            ON CONFLICT (job_id, silo) DO UPDATE SET reason = excluded.reason
            """, ("job", jobId), ("silo", silo), ("reason", reason));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets a silo's refusal of a job (it can evaluate the job now, after a restart with another config).</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="silo">The silo's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task AcceptAsync(string jobId, string silo, CancellationToken cancellationToken = default)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, "DELETE FROM neptune_refusals WHERE job_id = @job AND silo = @silo", ("job", jobId), ("silo", silo));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The silos that cannot evaluate a job, each with its reason, by silo name.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Silo name → reason.</returns>
    public async Task<IReadOnlyDictionary<string, string>> RefusalsAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, "SELECT silo, reason FROM neptune_refusals WHERE job_id = @job ORDER BY silo", ("job", jobId));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var refusals = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            refusals[r.GetString(0)] = r.GetString(1);
        }

        return refusals;
    }

    private const string ProgramColumns =
        "SELECT question, program, failure_kind, error, message, generation_failure, requests, input_tokens, output_tokens, model_ms, from_cache, model, silo FROM neptune_programs";

    private static StoredProgram ReadProgram(DbDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new StoredProgram(
            r.GetString(0), Text(1), Text(2), Text(3), Text(4), Text(5), r.GetInt32(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt32(10) != 0, Text(11), r.GetString(12));
    }

    private static object Db(string? value) => value is null ? DBNull.Value : value;

    /// <summary>Streams a job's rows in item order.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The rows.</returns>
    public async IAsyncEnumerable<StoredRow> ReadRowsAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using DbConnection c = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand cmd = Command(c, "SELECT item_id, row_json FROM neptune_results WHERE job_id = @job ORDER BY item_id", ("job", jobId));
        await using DbDataReader r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredRow(r.GetInt64(0), r.GetString(1));
        }
    }

    private static DbCommand Command(DbConnection c, string sql, params (string Name, object Value)[] parameters)
    {
        DbCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            DbParameter p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    private static async Task ExecuteAsync(DbConnection c, string sql, CancellationToken cancellationToken)
    {
        await using DbCommand cmd = Command(c, sql);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Name(JobState state) => state switch
    {
        JobState.Done => "done",
        JobState.Cancelled => "cancelled",
        _ => "running",
    };

    private static JobState Parse(string state) => state switch
    {
        "done" => JobState.Done,
        "cancelled" => JobState.Cancelled,
        _ => JobState.Running,
    };
}
