using System.Data.Common;
using Npgsql;

namespace Neptune.Cluster;

/// <summary>
/// Makes the membership tables of <c>membership: postgres</c> when they are missing, so that silos and clients need no
/// script run by hand. Orleans' ADO.NET clustering reads every query it issues from the table <c>OrleansQuery</c>
/// (key, text) and the silo list from <c>OrleansMembershipVersionTable</c> and <c>OrleansMembershipTable</c>; this
/// class creates those three tables with the columns Orleans reads and writes, and stores Neptune's own query texts
/// under the keys Orleans looks up. Queries already present are kept, so a database set up with Orleans' own
/// PostgreSQL scripts works unchanged.
/// </summary>
/// <remarks>
/// The version row is the membership protocol's optimistic lock: an insert or update of a silo's row bumps it only
/// when it still has the version the silo read, in the same statement, and reports 1 only when both happened.
/// Concurrent writers wait on the version row's lock and then see the bumped version, so exactly one wins.
/// </remarks>
public static class PostgresMembership
{
    /// <summary>The key under which the schema is made: concurrent silos take it in turn.</summary>
    private const long SchemaLock = 0x4E65_7074_756E_6501; // "Neptune" + 1

    /// <summary>The query keys Orleans' clustering looks up, with the text stored for each.</summary>
    public static IReadOnlyDictionary<string, string> Queries { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["InsertMembershipVersionKey"] = """
            WITH made AS (
              INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
              ON CONFLICT (DeploymentId) DO NOTHING
              RETURNING 1)
            SELECT count(*)::integer FROM made;
            """,
        ["InsertMembershipKey"] = """
            WITH bumped AS (
              UPDATE OrleansMembershipVersionTable
              SET Timestamp = now(), Version = Version + 1
              WHERE DeploymentId = @DeploymentId AND Version = @Version
                AND NOT EXISTS (
                  SELECT 1 FROM OrleansMembershipTable
                  WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
              RETURNING DeploymentId),
            added AS (
              INSERT INTO OrleansMembershipTable
                (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
              SELECT b.DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
              FROM bumped b
              RETURNING 1)
            SELECT count(*)::integer FROM added;
            """,
        ["UpdateMembershipKey"] = """
            WITH bumped AS (
              UPDATE OrleansMembershipVersionTable
              SET Timestamp = now(), Version = Version + 1
              WHERE DeploymentId = @DeploymentId AND Version = @Version
                AND EXISTS (
                  SELECT 1 FROM OrleansMembershipTable
                  WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
              RETURNING DeploymentId),
            changed AS (
              UPDATE OrleansMembershipTable m
              SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
              FROM bumped b
              WHERE m.DeploymentId = b.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
              RETURNING 1)
            SELECT count(*)::integer FROM changed;
            """,
        ["UpdateIAmAlivetimeKey"] = """
            UPDATE OrleansMembershipTable
            SET IAmAliveTime = @IAmAliveTime
            WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
            """,
        ["MembershipReadRowKey"] = """
            SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
                   m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
            FROM OrleansMembershipVersionTable v
            LEFT JOIN OrleansMembershipTable m
              ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
            WHERE v.DeploymentId = @DeploymentId;
            """,
        ["MembershipReadAllKey"] = """
            SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
                   m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
            FROM OrleansMembershipVersionTable v
            LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
            WHERE v.DeploymentId = @DeploymentId;
            """,
        ["DeleteMembershipTableEntriesKey"] = """
            DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
            DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
            """,
        ["GatewaysQueryKey"] = """
            SELECT Address, ProxyPort, Generation
            FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
            """,
        ["CleanupDefunctSiloEntriesKey"] = """
            DELETE FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3;
            """,
    };

    /// <summary>The tables: the names and columns Orleans' clustering reads (it reads columns by name).</summary>
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS OrleansQuery (
          QueryKey varchar(64) NOT NULL,
          QueryText varchar(8000) NOT NULL,
          CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey));
        CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable (
          DeploymentId varchar(150) NOT NULL,
          Timestamp timestamptz(3) NOT NULL DEFAULT now(),
          Version integer NOT NULL DEFAULT 0,
          CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId));
        CREATE TABLE IF NOT EXISTS OrleansMembershipTable (
          DeploymentId varchar(150) NOT NULL,
          Address varchar(45) NOT NULL,
          Port integer NOT NULL,
          Generation integer NOT NULL,
          SiloName varchar(150) NOT NULL,
          HostName varchar(150) NOT NULL,
          Status integer NOT NULL,
          ProxyPort integer NULL,
          SuspectTimes varchar(8000) NULL,
          StartTime timestamptz(3) NOT NULL,
          IAmAliveTime timestamptz(3) NOT NULL,
          CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
          CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
            FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId));
        """;

    /// <summary>Makes the membership tables and stores the queries that are missing; safe to run from many silos at once.</summary>
    /// <param name="connectionString">The Npgsql connection string (<c>membership_connection</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many query texts were stored (0 when the database was set up already).</returns>
    /// <exception cref="ClusterUnavailableException">The database cannot be reached or refuses to make the tables.</exception>
    public static async Task<int> EnsureAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLock})", connection, transaction))
            {
                await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var make = new NpgsqlCommand(Tables, connection, transaction))
            {
                await make.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            int stored = 0;
            foreach ((string key, string text) in Queries)
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@key, @text) ON CONFLICT (QueryKey) DO NOTHING", connection, transaction);
                insert.Parameters.AddWithValue("key", key);
                insert.Parameters.AddWithValue("text", text);
                stored += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return stored;
        }
        catch (Exception e) when (e is DbException or System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            throw new ClusterUnavailableException($"the PostgreSQL membership database (membership_connection) cannot be set up: {e.Message}", e);
        }
    }
}
