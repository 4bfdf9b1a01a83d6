using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Neptune.Clevr;
using Neptune.Evaluation;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Neptune.Cluster.Tests;

/// <summary>In-process clusters (Orleans' test cluster) over a SQLite store in a temporary folder, and the CLEVR dev data.</summary>
internal static class ClusterTestKit
{
    public static string DataDirectory { get; } = ClevrDataFiles.LocateDataDirectory(AppContext.BaseDirectory);

    public static string Questions => Path.Combine(DataDirectory, ClevrDataFiles.TrainQuestions10000);

    public static string Scenes => Path.Combine(DataDirectory, ClevrDataFiles.TrainScenes1000);

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"neptune-cluster-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static ClusterSettings StoreSettings(string dir) =>
        new() { Store = StoreKind.Sqlite, StoreConnection = Path.Combine(dir, "store.db") };

    /// <summary>The model backends of the in-process silos of running test clusters, by the key in their properties.</summary>
    private static readonly ConcurrentDictionary<string, SiloModels> Models = new(StringComparer.Ordinal);

    /// <summary>Starts a test cluster whose silos keep jobs in the SQLite store of <paramref name="dir"/> (and share <paramref name="models"/>).</summary>
    public static async Task<TestCluster> StartAsync(string dir, int silos, int workers, TimeSpan lease, SiloModels? models = null)
    {
        var builder = new TestClusterBuilder((short)silos);
        string key = Guid.NewGuid().ToString("N");
        Models[key] = models ?? SiloModels.None;
        builder.Properties["NeptuneModels"] = key;
        builder.Properties["NeptuneStore"] = Path.Combine(dir, "store.db");
        builder.Properties["NeptuneWorkers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Properties["NeptuneLeaseMs"] = ((int)lease.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Stops a test cluster (when it was started) and deletes its folder with the SQLite store.</summary>
    public static async Task CleanUpAsync(TestCluster? cluster, string dir)
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>An evaluation config over the first <paramref name="limit"/> dev questions, scene perception, official programs.</summary>
    public static (EvaluationConfig Values, EvaluationSettings Settings) Evaluation(string outDir, int limit)
    {
        var values = new EvaluationConfig { Questions = Questions, Scenes = Scenes, Limit = limit, Out = outDir, Concurrency = 1 };
        EvaluationSettings settings = values.Resolve();
        return (ClusterEvaluation.JobConfig(values, settings), settings);
    }

    public static JobSubmission Submission(EvaluationConfig job, long items, int unitSize) => new(job.ToJson(), items, unitSize);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            IConfiguration c = siloBuilder.Configuration;
            var settings = new ClusterSettings { Store = StoreKind.Sqlite, StoreConnection = c["NeptuneStore"]! };
            ResultStore store = ResultStore.OpenAsync(settings).GetAwaiter().GetResult();
            int workers = int.Parse(c["NeptuneWorkers"]!, System.Globalization.CultureInfo.InvariantCulture);
            var lease = TimeSpan.FromMilliseconds(int.Parse(c["NeptuneLeaseMs"]!, System.Globalization.CultureInfo.InvariantCulture));
            siloBuilder.AddEvaluationGrains(store, workers, lease, Models[c["NeptuneModels"]!]);
        }
    }
}
