using Neptune.Evaluation;
using Neptune.Evaluation.Results;
using Orleans.TestingHost;

namespace Neptune.Cluster.Tests;

public sealed class ClusterEvaluationTests
{
    [Fact]
    public async Task SubmitAndFollow_ThreeSilos_SameRowsAndSummaryAsTheLocalRunner()
    {
        string dir = ClusterTestKit.TempDirectory();
        TestCluster? cluster = null;
        try
        {
            (EvaluationConfig job, EvaluationSettings settings) = ClusterTestKit.Evaluation(Path.Combine(dir, "cluster"), limit: 600);
            ResultStore store = await ResultStore.OpenAsync(ClusterTestKit.StoreSettings(dir));
            cluster = await ClusterTestKit.StartAsync(dir, silos: 3, workers: 2, TimeSpan.FromSeconds(10));
            long items = EvaluationItems.Read(settings).LongCount();
            string spec = job.ToJson();
            string id = ClusterEvaluation.JobId(spec, 25);

            JobStatus status = await ClusterEvaluation.SubmitAndFollowAsync(cluster.Client, id, new JobSubmission(spec, items, 25)).WaitAsync(TimeSpan.FromMinutes(3));
            EvaluationSummary clustered = await ClusterEvaluation.ExportAsync(store, status, settings);
            EvaluationSummary local = await new EvaluationRunner(settings with { OutputDirectory = Path.Combine(dir, "local") }).RunAsync();

            Assert.Equal(JobState.Done, status.State);
            Assert.Equal(600, status.Rows);
            Assert.Equal(24, status.UnitsDone);
            string[] lines = await File.ReadAllLinesAsync(settings.ResultsPath);
            List<long> ids = lines.Select(l => EvaluationItems.ParseRow(System.Text.Encoding.UTF8.GetBytes(l)).Id).ToList();
            Assert.Equal(EvaluationItems.Read(settings).Select(i => i.Id).Order().ToList(), ids);
            Assert.Equal(local.Total, clustered.Total);
            Assert.Equal(local.Correct, clustered.Correct);
            Assert.Equal(local.Failures, clustered.Failures);
            Assert.True(clustered.Complete);
            IReadOnlyDictionary<string, long> bySilo = await store.RowsPerSiloAsync(id);
            // Which silos pulled the units depends on the machine's speed here (a fast silo may take all 24 before the
            // others have loaded the job); ProgramGrainTests checks the spreading with work that takes a fixed time.
            Assert.Equal(600, bySilo.Values.Sum());
        }
        finally
        {
            await ClusterTestKit.CleanUpAsync(cluster, dir);
        }
    }

    [Fact]
    public async Task Job_SiloKilledMidRun_EveryItemOnceAndTheStoreOutlivesTheCluster()
    {
        string dir = ClusterTestKit.TempDirectory();
        TestCluster? cluster = null;
        try
        {
            (EvaluationConfig job, EvaluationSettings settings) = ClusterTestKit.Evaluation(Path.Combine(dir, "out"), limit: 2000);
            ResultStore store = await ResultStore.OpenAsync(ClusterTestKit.StoreSettings(dir));
            long items = EvaluationItems.Read(settings).LongCount();
            string spec = job.ToJson();
            string id = ClusterEvaluation.JobId(spec, 20);
            cluster = await ClusterTestKit.StartAsync(dir, silos: 3, workers: 1, TimeSpan.FromSeconds(2));
            IEvaluationJobGrain grain = cluster.Client.GetGrain<IEvaluationJobGrain>(id);
            await grain.Submit(new JobSubmission(spec, items, 20));
            while ((await grain.GetStatus()).UnitsDone < 5)
            {
                await Task.Delay(20);
            }

            await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
            JobStatus status = await ClusterEvaluation.SubmitAndFollowAsync(cluster.Client, id, new JobSubmission(spec, items, 20)).WaitAsync(TimeSpan.FromMinutes(3));

            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            cluster = null;
            ResultStore reopened = await ResultStore.OpenAsync(ClusterTestKit.StoreSettings(dir));
            var stored = new List<long>();
            await foreach (StoredRow row in reopened.ReadRowsAsync(id))
            {
                stored.Add(row.ItemId);
            }

            Assert.Equal(JobState.Done, status.State);
            Assert.Equal(2000, stored.Count);
            Assert.Equal(stored.Count, stored.Distinct().Count());
            Assert.Equal(EvaluationItems.Read(settings).Select(i => i.Id).Order().ToList(), stored);
            Assert.Equal(JobState.Done, (await reopened.GetJobAsync(id))!.State);
        }
        finally
        {
            await ClusterTestKit.CleanUpAsync(cluster, dir);
        }
    }
}
