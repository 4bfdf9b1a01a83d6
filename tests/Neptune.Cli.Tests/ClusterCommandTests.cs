using Neptune.Clevr;

namespace Neptune.Cli.Tests;

public sealed class ClusterCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"neptune-cli-cluster-{Guid.NewGuid():N}");

    public ClusterCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string json)
    {
        string path = Path.Combine(_dir, "cluster.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void EvalCluster_NoSiloRunning_Exit2NamingTheClusterAndNoStackTrace()
    {
        string data = ClevrDataFiles.LocateDataDirectory(AppContext.BaseDirectory);
        // Ports nothing listens on (the gateway range of no test).
        string config = Config("""{"cluster_id": "nobody", "gateways": "39871", "store_connection": "store.db"}""");

        CliRun run = Cli.Process(
            _dir, "eval", "--cluster", config, "--limit", "5", "--out", Path.Combine(_dir, "out"),
            "--questions", Path.Combine(data, ClevrDataFiles.TrainQuestions10000), "--scenes", Path.Combine(data, ClevrDataFiles.TrainScenes1000));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no silo of cluster 'nobody' answers on gateway ports 39871", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("status")]
    public void PostgresMembership_DatabaseUnreachable_Exit2NamingTheField(string command)
    {
        // Port 1: nothing listens there, so the connection is refused at once.
        string config = Config("""{"cluster_id": "lab", "membership": "postgres", "membership_connection": "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d;Timeout=5", "store_connection": "store.db"}""");

        CliRun run = command == "silo"
            ? Cli.Process(_dir, "cluster", "silo", "--config", config)
            : Cli.Process(_dir, "cluster", "status", "eval-0123456789abcdef", "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the PostgreSQL membership database (membership_connection) cannot be set up", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Silo_UnknownConfigField_Exit2WithASuggestion()
    {
        string config = Config("""{"silo_prot": 3}""");

        CliRun run = Cli.Process(_dir, "cluster", "silo", "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("did you mean 'silo_port'?", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Silo_PortInUse_Exit2NamingTheSiloAndNoStackTrace()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        string config = Config($$"""{"cluster_id": "busy", "silo_port": {{port}}, "primary_port": {{port}}, "gateway_port": {{port}}, "store_connection": "store.db"}""");

        CliRun run = Cli.Process(_dir, "cluster", "silo", "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"the silo on 127.0.0.1:{port} could not join cluster 'busy'", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void EvalJob_WithoutCluster_Exit2()
    {
        CliRun run = Cli.Process(_dir, "eval", "--job", "x", "--limit", "1", "--out", Path.Combine(_dir, "out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--job needs --cluster", run.Err, StringComparison.Ordinal);
    }
}
