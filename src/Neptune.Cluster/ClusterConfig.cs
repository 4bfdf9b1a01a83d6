using System.Globalization;
using Neptune.Configuration;

namespace Neptune.Cluster;

/// <summary>A cluster configuration is unusable: an unknown, mistyped or out-of-range field, or a missing value.</summary>
public sealed class ClusterConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, located.</param>
    public ClusterConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What is wrong, located.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>How silos find each other.</summary>
public enum MembershipKind
{
    /// <summary>Every silo on one machine: the silo on <see cref="ClusterSettings.PrimaryPort"/> keeps the membership table in memory (it must stay up).</summary>
    Localhost,

    /// <summary>A membership table in PostgreSQL (Orleans' ADO.NET clustering): any silo may die.</summary>
    Postgres,
}

/// <summary>Where result rows and job records are kept.</summary>
public enum StoreKind
{
    /// <summary>A SQLite file on one machine, shared by the silos of that machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by silos on any number of machines.</summary>
    Postgres,
}

/// <summary>The values of a cluster config file (<c>neptune cluster silo --config FILE</c>, <c>neptune eval --cluster FILE</c>); null = not set.</summary>
public sealed record ClusterConfig
{
    /// <summary>The fields of a cluster config file; every one is also a flag of <c>neptune cluster silo</c>.</summary>
    public static ConfigSchema Schema { get; } = new("cluster", "A cluster of evaluation silos (`neptune cluster silo --config FILE`, `neptune eval --cluster FILE`)", [
        ConfigField.Text("cluster_id", "The cluster's id: silos and clients with the same id form one cluster.", "neptune"),
        ConfigField.Choice("membership", ["localhost", "postgres"], "How silos find each other: localhost = all on this machine, the silo on `primary_port` keeps the membership table (it must stay up); postgres = Orleans' ADO.NET membership table in PostgreSQL (`membership_connection`), any silo may die.", "localhost"),
        ConfigField.Text("membership_connection", "For `membership: postgres`: the Npgsql connection string of the membership database; silos and clients make its tables when missing (docs/SCALING.md)."),
        ConfigField.Text("host", "The address this silo listens on and advertises to the others.", "127.0.0.1"),
        ConfigField.Integer("silo_port", 1, 65535, "This silo's port for silo-to-silo traffic.", "11111"),
        ConfigField.Integer("gateway_port", 1, 65535, "This silo's port for clients.", "30000"),
        ConfigField.Integer("primary_port", 1, 65535, "For `membership: localhost`: the silo port of the primary silo.", "11111"),
        ConfigField.Text("gateways", "For clients with `membership: localhost`: the gateway ports of the silos, comma-separated (`30000,30001,30002`).", "30000"),
        ConfigField.Choice("store", ["sqlite", "postgres"], "Where result rows and jobs are kept: sqlite = one file on this machine (`store_connection` is its path), shared by the silos of this machine; postgres = a PostgreSQL database (`store_connection` is an Npgsql connection string).", "sqlite"),
        ConfigField.Text("store_connection", "The store: a SQLite file path, or an Npgsql connection string.", "neptune-cluster.db"),
        ConfigField.Integer("workers", 1, 1024, "Items this silo evaluates at once (units it holds at once).", "the processor count"),
        ConfigField.Integer("unit_size", 1, 1_000_000, "Items per work unit (set when a job is submitted).", "100"),
        ConfigField.Number("lease_seconds", 0.1, 86_400, "How long a silo holds a unit without renewing it; a dead silo's units go to others after this.", "30"),
        ConfigField.Number("probe_seconds", 0.1, 600, "How often silos probe each other; a silo that misses 3 probes in a row is declared dead.", "2"),
        ConfigField.Path("llm_config", ConfigValueKind.ExistingFile, "This silo's programs config (model endpoints, program cache; docs/BACKENDS.md): `programs: llm` jobs generate each distinct question's program once for the whole job, on the silo that first needs it. A silo without one leaves such jobs to the others."),
        ConfigField.Path("vision", ConfigValueKind.ExistingFile, "This silo's vision config (the config of `neptune ask`: vision endpoints, score cache): `perception: vlm` jobs score with it. A silo without one leaves such jobs to the others."),
    ]);

    /// <summary><c>cluster_id</c>.</summary>
    public string? ClusterId { get; init; }

    /// <summary><c>membership</c>.</summary>
    public string? Membership { get; init; }

    /// <summary><c>membership_connection</c>.</summary>
    public string? MembershipConnection { get; init; }

    /// <summary><c>host</c>.</summary>
    public string? Host { get; init; }

    /// <summary><c>silo_port</c>.</summary>
    public int? SiloPort { get; init; }

    /// <summary><c>gateway_port</c>.</summary>
    public int? GatewayPort { get; init; }

    /// <summary><c>primary_port</c>.</summary>
    public int? PrimaryPort { get; init; }

    /// <summary><c>gateways</c>.</summary>
    public string? Gateways { get; init; }

    /// <summary><c>store</c>.</summary>
    public string? Store { get; init; }

    /// <summary><c>store_connection</c>.</summary>
    public string? StoreConnection { get; init; }

    /// <summary><c>workers</c>.</summary>
    public int? Workers { get; init; }

    /// <summary><c>unit_size</c>.</summary>
    public int? UnitSize { get; init; }

    /// <summary><c>lease_seconds</c>.</summary>
    public double? LeaseSeconds { get; init; }

    /// <summary><c>probe_seconds</c>.</summary>
    public double? ProbeSeconds { get; init; }

    /// <summary><c>llm_config</c> (absolute).</summary>
    public string? LlmConfig { get; init; }

    /// <summary><c>vision</c> (absolute).</summary>
    public string? Vision { get; init; }

    /// <summary>The folder relative SQLite paths resolve against (a config file's folder); the current directory when null.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Reads a config file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The values it sets.</returns>
    /// <exception cref="ClusterConfigException">The file is missing, is not JSON, or has an unknown, mistyped or out-of-range field.</exception>
    public static ClusterConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return Read(ConfigReader.ForFile(path, Schema)) with { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) };
        }
        catch (Exception e) when (e is ConfigException or InputFileException)
        {
            throw new ClusterConfigException(e.Message, e);
        }
    }

    /// <summary>Reads the values of a config object (a file, or the flags of <c>neptune cluster silo</c>).</summary>
    /// <param name="reader">A reader over <see cref="Schema"/>.</param>
    /// <returns>The values it sets.</returns>
    /// <exception cref="ConfigException">A field is mistyped or out of range.</exception>
    public static ClusterConfig Read(ConfigReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!ReferenceEquals(reader.Schema, Schema))
        {
            throw new ArgumentException("the reader is not over ClusterConfig.Schema", nameof(reader));
        }

        return new ClusterConfig
        {
            ClusterId = reader.String("cluster_id"),
            Membership = reader.Choice("membership"),
            MembershipConnection = reader.String("membership_connection"),
            Host = reader.String("host"),
            SiloPort = reader.Int32("silo_port"),
            GatewayPort = reader.Int32("gateway_port"),
            PrimaryPort = reader.Int32("primary_port"),
            Gateways = reader.String("gateways"),
            Store = reader.Choice("store"),
            StoreConnection = reader.String("store_connection"),
            Workers = reader.Int32("workers"),
            UnitSize = reader.Int32("unit_size"),
            LeaseSeconds = reader.Number("lease_seconds"),
            ProbeSeconds = reader.Number("probe_seconds"),
            LlmConfig = reader.Path("llm_config"),
            Vision = reader.Path("vision"),
        };
    }

    /// <summary>Layers values: every value set in <paramref name="top"/> replaces this one.</summary>
    /// <param name="top">The values that win (for example the command-line flags).</param>
    /// <returns>The combined values.</returns>
    public ClusterConfig Overlay(ClusterConfig top)
    {
        ArgumentNullException.ThrowIfNull(top);
        return new ClusterConfig
        {
            ClusterId = top.ClusterId ?? ClusterId,
            Membership = top.Membership ?? Membership,
            MembershipConnection = top.MembershipConnection ?? MembershipConnection,
            Host = top.Host ?? Host,
            SiloPort = top.SiloPort ?? SiloPort,
            GatewayPort = top.GatewayPort ?? GatewayPort,
            PrimaryPort = top.PrimaryPort ?? PrimaryPort,
            Gateways = top.Gateways ?? Gateways,
            Store = top.Store ?? Store,
            StoreConnection = top.StoreConnection ?? StoreConnection,
            Workers = top.Workers ?? Workers,
            UnitSize = top.UnitSize ?? UnitSize,
            LeaseSeconds = top.LeaseSeconds ?? LeaseSeconds,
            ProbeSeconds = top.ProbeSeconds ?? ProbeSeconds,
            LlmConfig = top.LlmConfig ?? LlmConfig,
            Vision = top.Vision ?? Vision,
            BaseDirectory = top.BaseDirectory ?? BaseDirectory,
        };
    }

    /// <summary>Checks the values and builds the settings.</summary>
    /// <returns>The settings.</returns>
    /// <exception cref="ClusterConfigException">A value is missing or malformed.</exception>
    public ClusterSettings Resolve()
    {
        MembershipKind membership = (Membership ?? "localhost") == "postgres" ? MembershipKind.Postgres : MembershipKind.Localhost;
        if (membership == MembershipKind.Postgres && string.IsNullOrWhiteSpace(MembershipConnection))
        {
            throw new ClusterConfigException("membership_connection: required for 'membership: postgres' (an Npgsql connection string).");
        }

        StoreKind store = (Store ?? "sqlite") == "postgres" ? StoreKind.Postgres : StoreKind.Sqlite;
        string connection = StoreConnection ?? "neptune-cluster.db";
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new ClusterConfigException("store_connection: must not be empty.");
        }

        if (store == StoreKind.Sqlite)
        {
            connection = Path.GetFullPath(connection, BaseDirectory ?? Directory.GetCurrentDirectory());
        }

        var gateways = new List<int>();
        foreach (string part in (Gateways ?? "30000").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            {
                throw new ClusterConfigException($"gateways: '{part}' is not a port (1..65535); expected ports separated by commas, like 30000,30001.");
            }

            gateways.Add(port);
        }

        if (gateways.Count == 0)
        {
            throw new ClusterConfigException("gateways: no port given; expected ports separated by commas, like 30000,30001.");
        }

        string clusterId = string.IsNullOrWhiteSpace(ClusterId) ? "neptune" : ClusterId.Trim();
        return new ClusterSettings
        {
            ClusterId = clusterId,
            Membership = membership,
            MembershipConnection = MembershipConnection,
            Host = string.IsNullOrWhiteSpace(Host) ? "127.0.0.1" : Host.Trim(),
            SiloPort = SiloPort ?? 11111,
            GatewayPort = GatewayPort ?? 30000,
            PrimaryPort = PrimaryPort ?? 11111,
            Gateways = gateways,
            Store = store,
            StoreConnection = connection,
            Workers = Workers ?? Environment.ProcessorCount,
            UnitSize = UnitSize ?? 100,
            Lease = TimeSpan.FromSeconds(LeaseSeconds ?? 30),
            Probe = TimeSpan.FromSeconds(ProbeSeconds ?? 2),
            LlmConfig = LlmConfig,
            Vision = Vision,
        };
    }
}

/// <summary>The checked settings of a silo or a client of the cluster.</summary>
public sealed record ClusterSettings
{
    /// <summary>The cluster's id.</summary>
    public string ClusterId { get; init; } = "neptune";

    /// <summary>How silos find each other.</summary>
    public MembershipKind Membership { get; init; }

    /// <summary>The membership database (for <see cref="MembershipKind.Postgres"/>).</summary>
    public string? MembershipConnection { get; init; }

    /// <summary>The address this silo listens on.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>This silo's silo-to-silo port.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>This silo's client port.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The primary silo's port (for <see cref="MembershipKind.Localhost"/>).</summary>
    public int PrimaryPort { get; init; } = 11111;

    /// <summary>The gateway ports a client tries (for <see cref="MembershipKind.Localhost"/>).</summary>
    public IReadOnlyList<int> Gateways { get; init; } = [30000];

    /// <summary>Where rows and jobs are kept.</summary>
    public StoreKind Store { get; init; }

    /// <summary>The store's file path (SQLite) or connection string (PostgreSQL).</summary>
    public string StoreConnection { get; init; } = "neptune-cluster.db";

    /// <summary>Items this silo evaluates at once.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Items per work unit.</summary>
    public int UnitSize { get; init; } = 100;

    /// <summary>How long a unit stays with a silo that does not renew its lease.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often silos probe each other.</summary>
    public TimeSpan Probe { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>This silo's programs config for <c>programs: llm</c> jobs; null when it takes none.</summary>
    public string? LlmConfig { get; init; }

    /// <summary>This silo's vision config for <c>perception: vlm</c> jobs; null when it takes none.</summary>
    public string? Vision { get; init; }
}

/// <summary>The cluster or its store cannot be reached: no silo answers on the gateways, or the database refuses the connection.</summary>
public sealed class ClusterUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be reached, and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
