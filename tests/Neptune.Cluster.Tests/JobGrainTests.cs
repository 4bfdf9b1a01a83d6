using Neptune.Evaluation;
using Orleans.TestingHost;

namespace Neptune.Cluster.Tests;

/// <summary>A two-silo cluster with no workers: the tests drive the job grain's units, leases and cancellation themselves.</summary>
public sealed class JobGrainFixture : IAsyncLifetime
{
    public string Directory { get; } = ClusterTestKit.TempDirectory();

    public TestCluster Cluster { get; private set; } = null!;

    public ResultStore Store { get; private set; } = null!;

    public static TimeSpan Lease { get; } = TimeSpan.FromSeconds(2);

    public async Task InitializeAsync()
    {
        Store = await ResultStore.OpenAsync(ClusterTestKit.StoreSettings(Directory));
        Cluster = await ClusterTestKit.StartAsync(Directory, silos: 2, workers: 0, Lease);
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

public sealed class JobGrainTests(JobGrainFixture fixture) : IClassFixture<JobGrainFixture>
{
    private static JobSubmission Job(long items, int unitSize) => new("""{"questions": "unused"}""", items, unitSize);

    private IEvaluationJobGrain Grain(string id) => fixture.Cluster.Client.GetGrain<IEvaluationJobGrain>(id);

    private async Task WriteUnitAsync(WorkUnit unit, string silo = "test")
    {
        var rows = Enumerable.Range(0, unit.Count).Select(i => new StoredRow(unit.Start + i, $$"""{"id": {{unit.Start + i}}}""")).ToList();
        await fixture.Store.WriteRowsAsync(unit.JobId, unit.Unit, silo, rows);
    }

    [Fact]
    public async Task Lease_EveryUnitOnce_ThenNoneWhileLeased()
    {
        IEvaluationJobGrain job = Grain("units");
        JobStatus submitted = await job.Submit(Job(items: 10, unitSize: 4));

        var units = new List<WorkUnit>();
        while (await job.Lease("w") is { } unit)
        {
            units.Add(unit);
        }

        Assert.Equal(3, submitted.Units);
        Assert.Equal([(0L, 4), (4L, 4), (8L, 2)], units.Select(u => (u.Start, u.Count)).ToList());
        Assert.Equal(3, (await job.GetStatus()).UnitsLeased);
    }

    [Fact]
    public async Task Complete_AllUnitsWithRows_JobDoneInStatusAndStore()
    {
        IEvaluationJobGrain job = Grain("complete");
        await job.Submit(Job(items: 5, unitSize: 2));

        JobStatus status = null!;
        while (await job.Lease("w") is { } unit)
        {
            await WriteUnitAsync(unit);
            status = await job.Complete(unit.Unit, unit.Lease);
        }

        Assert.Equal(JobState.Done, status.State);
        Assert.Equal(5, status.Rows);
        Assert.Equal(3, status.UnitsDone);
        Assert.Equal(JobState.Done, (await fixture.Store.GetJobAsync("complete"))!.State);
        Assert.DoesNotContain("complete", await fixture.Store.RunningJobsAsync());
    }

    [Fact]
    public async Task Complete_WithoutItsRows_UnitIsHandedOutAgain()
    {
        IEvaluationJobGrain job = Grain("no-rows");
        await job.Submit(Job(items: 2, unitSize: 2));
        WorkUnit unit = (await job.Lease("w"))!;

        JobStatus status = await job.Complete(unit.Unit, unit.Lease);
        WorkUnit? again = await job.Lease("w2");

        Assert.Equal(0, status.UnitsDone);
        Assert.Equal(JobState.Running, status.State);
        Assert.NotNull(again);
        Assert.Equal(unit.Unit, again.Unit);
    }

    [Fact]
    public async Task Lease_ExpiredLease_UnitRetriedElsewhereAndOldHolderCannotRenew()
    {
        IEvaluationJobGrain job = Grain("expiry");
        await job.Submit(Job(items: 3, unitSize: 3));
        WorkUnit first = (await job.Lease("dead-silo"))!;
        Assert.Null(await job.Lease("other"));

        await Task.Delay(JobGrainFixture.Lease * 2);
        WorkUnit? retried = await job.Lease("other");

        Assert.NotNull(retried);
        Assert.Equal(first.Unit, retried.Unit);
        Assert.NotEqual(first.Lease, retried.Lease);
        Assert.False(await job.Renew(first.Unit, first.Lease));
        Assert.True(await job.Renew(retried.Unit, retried.Lease));
        Assert.Equal(1, (await job.GetStatus()).Retries);
    }

    [Fact]
    public async Task Renew_KeepsTheUnitPastItsLease()
    {
        IEvaluationJobGrain job = Grain("renew");
        await job.Submit(Job(items: 1, unitSize: 1));
        WorkUnit unit = (await job.Lease("w"))!;

        for (int i = 0; i < 6; i++)
        {
            await Task.Delay(JobGrainFixture.Lease / 4);
            Assert.True(await job.Renew(unit.Unit, unit.Lease));
        }

        Assert.Null(await job.Lease("other"));
        Assert.Equal(0, (await job.GetStatus()).Retries);
    }

    [Fact]
    public async Task Complete_SameUnitTwice_OneRowPerItem()
    {
        IEvaluationJobGrain job = Grain("twice");
        await job.Submit(Job(items: 4, unitSize: 4));
        WorkUnit slow = (await job.Lease("slow"))!;
        await Task.Delay(JobGrainFixture.Lease * 2);
        WorkUnit fast = (await job.Lease("fast"))!;

        // Both holders finish the same unit: the late one's rows are ignored.
        await WriteUnitAsync(fast, "fast");
        await job.Complete(fast.Unit, fast.Lease);
        await WriteUnitAsync(slow, "slow");
        JobStatus status = await job.Complete(slow.Unit, slow.Lease);

        var rows = new List<StoredRow>();
        await foreach (StoredRow r in fixture.Store.ReadRowsAsync("twice"))
        {
            rows.Add(r);
        }

        Assert.Equal([0L, 1, 2, 3], rows.Select(r => r.ItemId).ToList());
        Assert.Equal(4, status.Rows);
        Assert.Equal(new Dictionary<string, long> { ["fast"] = 4 }, await fixture.Store.RowsPerSiloAsync("twice"));
    }

    [Fact]
    public async Task Cancel_NoMoreUnits_HolderLosesItsLease_RowsKept()
    {
        IEvaluationJobGrain job = Grain("cancel");
        await job.Submit(Job(items: 6, unitSize: 2));
        WorkUnit done = (await job.Lease("w"))!;
        await WriteUnitAsync(done);
        await job.Complete(done.Unit, done.Lease);
        WorkUnit held = (await job.Lease("w"))!;

        JobStatus status = await job.Cancel();

        Assert.Equal(JobState.Cancelled, status.State);
        Assert.Null(await job.Lease("w"));
        Assert.False(await job.Renew(held.Unit, held.Lease));
        Assert.Equal(2, status.Rows);
        Assert.Equal(JobState.Cancelled, (await fixture.Store.GetJobAsync("cancel"))!.State);
        Assert.Equal(JobState.Cancelled, (await Grain("cancel").Submit(Job(6, 2))).State);
    }

    [Fact]
    public async Task Submit_Again_ReattachesToTheSameJob()
    {
        IEvaluationJobGrain job = Grain("reattach");
        await job.Submit(Job(items: 8, unitSize: 4));
        WorkUnit unit = (await job.Lease("w"))!;
        await WriteUnitAsync(unit);
        await job.Complete(unit.Unit, unit.Lease);

        JobStatus again = await fixture.Cluster.Client.GetGrain<IEvaluationJobGrain>("reattach").Submit(Job(items: 100, unitSize: 1));

        Assert.True(again.Known);
        Assert.Equal(8, again.Items);
        Assert.Equal(2, again.Units);
        Assert.Equal(1, again.UnitsDone);
    }

    [Fact]
    public async Task GetStatus_UnknownJob_IsNotKnown()
    {
        JobStatus status = await Grain("never-submitted").GetStatus();

        Assert.False(status.Known);
        Assert.Null(await Grain("never-submitted").Lease("w"));
    }
}
