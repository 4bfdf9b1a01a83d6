using System.Diagnostics;
using CsCheck;
using Neptune.Language.Runtime;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Language.Tests;

/// <summary>
/// <see cref="PreparedProgram.RunAsync"/>: a program waiting on perception holds no thread, answers equal the
/// synchronous run's, and budgets and cancellation keep working while it waits. Prefetch evaluation issues a
/// program's literal <c>score()</c> calls at once and gives eager evaluation's answers.
/// </summary>
public class AsyncExecutionTests
{
    private static readonly LogicKind[] Logics = [LogicKind.Godel, LogicKind.Product, LogicKind.Lukasiewicz, LogicKind.Crisp];

    [Fact]
    public async Task RunAsync_RandomProgramsEveryMode_EqualsTheSynchronousEagerRun()
    {
        var seeds = new List<int>();
        Gen.Int[0, int.MaxValue].Sample(seed => { lock (seeds) { seeds.Add(seed); } }, iter: 300);
        int succeeded = 0;
        foreach (int seed in seeds)
        {
            var random = new Random(seed);
            string source = LazyEvaluationTests.RandomProgram(random);
            var scores = new LazyEvaluationTests.RandomScores(random.Next(0, 8), random.Next());
            LogicOptions logic = LogicOptions.Default with { Kind = Logics[random.Next(Logics.Length)] };
            PreparedProgram program = Support.Engine.Prepare(source);
            RunResult eager = program.Run(new RunOptions { Perception = scores, Logic = logic });
            string expected = Describe(eager);
            succeeded += eager.Succeeded ? 1 : 0;
            foreach (EvaluationMode mode in new[] { EvaluationMode.Eager, EvaluationMode.Prefetch, EvaluationMode.Lazy })
            {
                var slow = new SlowScene(scores, TimeSpan.Zero);
                RunResult run = await program.RunAsync(new RunOptions { Perception = slow, Logic = logic, Evaluation = mode });
                Assert.True(expected == Describe(run), $"seed {seed}, {mode}:\n{source}\nsync eager: {expected}\nasync:      {Describe(run)}");
                if (mode == EvaluationMode.Eager)
                {
                    Assert.Equal(eager.Steps, run.Steps);
                }

                RunResult sync = program.Run(new RunOptions { Perception = new SlowScene(scores, TimeSpan.Zero), Logic = logic, Evaluation = mode });
                Assert.True(expected == Describe(sync), $"seed {seed}, {mode} (sync):\n{source}\neager: {expected}\nsync:  {Describe(sync)}");
            }
        }

        Assert.True(succeeded > seeds.Count / 2, $"{succeeded} of {seeds.Count} random programs ran");
    }

    [Fact]
    public async Task RunAsync_ThousandProgramsOnASlowHost_AllWaitAtOnceWithoutThreads()
    {
        const string source = """
            cube = score("Is it a cube?")
            red = score("Is it red?")
            return (cube & red).count()
            """;
        PreparedProgram program = Support.Engine.Prepare(source);
        var host = new SlowScene(new FakeScene("red cube", "blue cube", "red sphere"), TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        // Started from this thread, one after another: each run returns at its first pending call, so all of them can
        // only be in flight together if a waiting run holds no thread.
        var runs = Enumerable.Range(0, 1000).Select(_ => program.RunAsync(new RunOptions { Perception = host }).AsTask()).ToList();
        Assert.Equal(1000, host.InFlight);
        RunResult[] results = await Task.WhenAll(runs);
        watch.Stop();
        Assert.All(results, r => Assert.Equal("1", r.ValueRepr));
        Assert.All(results, r => Assert.Equal(3, r.Attempts));
        Assert.Equal(2000, host.Calls);
        // Two calls of 200 ms one after the other: blocking a thread per run would take minutes on a small pool.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"1000 runs took {watch.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_CancelledWhileWaiting_CancelsTheRequestAndFailsWithTimeBudget()
    {
        PreparedProgram program = Support.Engine.Prepare("return score(\"Is it red?\").count()");
        var host = new SlowScene(new FakeScene("red cube"), Timeout.InfiniteTimeSpan);
        using var cancel = new CancellationTokenSource();
        Task<RunResult> run = program.RunAsync(new RunOptions { Perception = host }, cancel.Token).AsTask();
        Assert.Equal(1, host.InFlight);
        await cancel.CancelAsync();
        RunResult result = await run;
        Assert.Equal(ProgramErrorCategory.Budget, result.Error?.Category);
        Assert.Equal(BudgetKind.Time, result.Error?.Budget);
        Assert.Equal("execution was cancelled", result.Error?.Message);
        Assert.Equal(1, result.Error?.Line);
        Assert.True(host.LastToken.IsCancellationRequested, "the request's token was cancelled");
    }

    [Fact]
    public async Task RunAsync_TimeBudgetRunsOutWhileWaiting_CancelsTheRequestAndFailsWithTimeBudget()
    {
        PreparedProgram program = Support.Engine.Prepare("return score(\"Is it red?\").count()");
        var host = new SlowScene(new FakeScene("red cube"), Timeout.InfiniteTimeSpan);
        var limits = ExecutionLimits.Default with { Timeout = TimeSpan.FromMilliseconds(100) };
        RunResult result = await program.RunAsync(new RunOptions { Perception = host, Limits = limits });
        Assert.Equal(BudgetKind.Time, result.Error?.Budget);
        Assert.Equal("time budget of 100 ms exhausted", result.Error?.Message);
        Assert.True(host.LastToken.IsCancellationRequested, "the request's token was cancelled");
        // Not at once: after about the budget (timers may fire a few milliseconds early).
        Assert.True(result.Elapsed >= TimeSpan.FromMilliseconds(80), $"failed after {result.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_StepBudget_SameStepsAndSameFailureAsTheSynchronousRun()
    {
        const string source = """
            total = 0
            for i in range(200):
                total += i
            red = score("Is it red?")
            for i in range(200):
                total += i
            return red.count() + total
            """;
        PreparedProgram program = Support.Engine.Prepare(source);
        var scene = new FakeScene("red cube", "blue cube");
        RunResult sync = program.Run(new RunOptions { Perception = scene });

        // 100 ms, not less: the call must still be pending when the first attempt reaches it on a loaded machine.
        RunResult async = await program.RunAsync(new RunOptions { Perception = new SlowScene(scene, TimeSpan.FromMilliseconds(100)) });
        Assert.Equal(sync.ValueRepr, async.ValueRepr);
        Assert.Equal(sync.Steps, async.Steps);
        Assert.Equal(2, async.Attempts);

        var limits = ExecutionLimits.Default with { MaxSteps = sync.Steps - 10 };
        RunResult syncOver = program.Run(new RunOptions { Perception = scene, Limits = limits });
        RunResult asyncOver = await program.RunAsync(new RunOptions { Perception = new SlowScene(scene, TimeSpan.FromMilliseconds(100)), Limits = limits });
        Assert.Equal(BudgetKind.Steps, syncOver.Error?.Budget);
        Assert.Equal(syncOver.Error, asyncOver.Error);
    }

    [Fact]
    public async Task RunAsync_OutputTraceAndCaughtErrors_AsTheSynchronousRun()
    {
        const string source = """
            print("before")
            cube = score("Is it a cube?")
            try:
                shape = 1 / 0
            except ZeroDivisionError:
                shape = cube.count()
            print("between")
            red = score("Is it red?")
            print("after")
            return (shape, red.count(), query("What colour?", red.iota()))
            """;
        PreparedProgram program = Support.Engine.Prepare(source);
        var scene = new FakeScene("red cube", "blue cube");
        RunResult sync = program.Run(new RunOptions { Perception = scene, Trace = true });
        RunResult async = await program.RunAsync(new RunOptions { Perception = new SlowScene(scene, TimeSpan.FromMilliseconds(2)), Trace = true });
        Assert.True(sync.Succeeded, sync.Error?.FirstLine);
        Assert.Equal(sync.ValueRepr, async.ValueRepr);
        Assert.Equal("before\nbetween\nafter\n", async.Output);
        Assert.Equal(sync.Output, async.Output);
        Assert.Equal(sync.Trace!.Events.Select(e => (e.Function, e.Result)), async.Trace!.Events.Select(e => (e.Function, e.Result)));
    }

    [Fact]
    public async Task RunAsync_PendingCallFails_ReportsThePerceptionErrorAtItsLine()
    {
        PreparedProgram program = Support.Engine.Prepare("a = 1\nreturn score(\"Is it purple?\").count()");
        RunResult sync = program.Run(new RunOptions { Perception = new FakeScene("red cube") });
        RunResult async = await program.RunAsync(new RunOptions { Perception = new SlowScene(new FakeScene("red cube"), TimeSpan.FromMilliseconds(2)) });
        Assert.Equal(ProgramErrorCategory.Perception, async.Error?.Category);
        Assert.Equal(sync.Error, async.Error);
        Assert.Equal(2, async.Error!.Line);
    }

    [Fact]
    public async Task RunAsync_PrefetchFiveScores_OneRoundTripAndEagerAnswer()
    {
        const string source = """
            a = score("Is it red?")
            b = score("Is it a cube?")
            c = score("Is it large?")
            d = score("Is it small?")
            e = score("Is it left of the other?", 2)
            return (a & b & ~c & d).count() + e.exists("y").count()
            """;
        PreparedProgram program = Support.Engine.Prepare(source);
        var scene = new FakeScene("red cube small", "blue cube large", "red cube small");
        var one = new SlowScene(scene, TimeSpan.FromMilliseconds(20));
        RunResult eager = await program.RunAsync(new RunOptions { Perception = one });
        Assert.Equal(6, eager.Attempts);
        Assert.Equal(1, one.MaxInFlight);

        // All five calls are in flight before the run first waits: their round trips overlap.
        var host = new SlowScene(scene, TimeSpan.FromMilliseconds(20));
        Task<RunResult> running = program.RunAsync(new RunOptions { Perception = host, Evaluation = EvaluationMode.Prefetch }).AsTask();
        Assert.Equal(5, host.InFlight);
        RunResult prefetch = await running;
        Assert.Equal(eager.ValueRepr, prefetch.ValueRepr);
        Assert.Equal(5, host.MaxInFlight);
        Assert.Equal(5, host.Calls);
        Assert.Equal(0, prefetch.SpeculativeRequests);
    }

    [Fact]
    public async Task RunAsync_PrefetchedCallNotReached_CountedAsSpeculative()
    {
        const string source = """
            red = score("Is it red?")
            if red.count() > 5:
                return score("Is it left of the other?", 2).count()
            return red.count()
            """;
        PreparedProgram program = Support.Engine.Prepare(source);
        var scene = new FakeScene("red cube", "blue cube", "red sphere");
        var host = new SlowScene(scene, TimeSpan.FromMilliseconds(2));
        RunResult prefetch = await program.RunAsync(new RunOptions { Perception = host, Evaluation = EvaluationMode.Prefetch });
        Assert.Equal("2", prefetch.ValueRepr);
        Assert.Equal(3 * 2, prefetch.SpeculativeRequests);
        Assert.Equal(2, host.Calls);
        RunResult sync = program.Run(new RunOptions { Perception = scene, Evaluation = EvaluationMode.Prefetch });
        Assert.Equal(3 * 2, sync.SpeculativeRequests);
        Assert.Equal(0, program.Run(new RunOptions { Perception = scene }).SpeculativeRequests);
    }

    [Fact]
    public async Task RunAsync_PrefetchWithComputedQuestion_AsksOnDemandOnly()
    {
        const string computed = """
            word = "red"
            return score("Is it " + word + "?").count()
            """;
        var host = new SlowScene(new FakeScene("red cube"), TimeSpan.FromMilliseconds(2));
        RunResult run = await Support.Engine.Prepare(computed).RunAsync(new RunOptions { Perception = host, Evaluation = EvaluationMode.Prefetch });
        Assert.Equal("1", run.ValueRepr);
        Assert.Equal(1, host.Calls);
    }

    [Fact]
    public async Task RunAsync_LazyTensorResult_CompletedInsideTheRun_NothingAskedAfterIt()
    {
        const string source = """
            return score("Is it red?") & score("Is it a cube?")
            """;
        PreparedProgram program = Support.Engine.Prepare(source);
        var scene = new FakeScene("red cube", "blue cube", "red sphere");
        string? eager = program.Run(new RunOptions { Perception = scene }).ValueRepr;

        var host = new SlowScene(scene, TimeSpan.FromMilliseconds(20));
        RunResult lazy = await program.RunAsync(new RunOptions { Perception = host, Evaluation = EvaluationMode.Lazy });
        int calls = host.Calls;
        Assert.True(calls > 0);
        Assert.True(lazy.Attempts > 1, "the run awaited its calls");

        // The result was written inside the run, where its pending calls were awaited: reading it asks nothing more.
        Assert.Equal(eager, lazy.ValueRepr);
        Assert.Equal(calls, host.Calls);
        Assert.Equal(0, host.InFlight);
    }

    [Fact]
    public async Task RunAsync_LazyAnswerThreshold_DecidesTheAnswerInsideTheRun()
    {
        const string source = """
            return score("Is it red?").exists("x")
            """;
        PreparedProgram program = Support.Engine.Prepare(source);
        var scene = new FakeScene("blue cube", "red cube", "red sphere", "blue sphere");
        RunResult eager = program.Run(new RunOptions { Perception = scene });

        var host = new SlowScene(scene, TimeSpan.FromMilliseconds(20));
        RunResult lazy = await program.RunAsync(new RunOptions { Perception = host, Evaluation = EvaluationMode.Lazy, AnswerThreshold = 0.5f });
        int calls = host.Calls;
        Assert.True(calls > 0);

        // The answer at the cut is known when the run returns: reading it makes no call.
        var answer = Assert.IsType<Library.PyTensor>(lazy.Value);
        Assert.Equal(((Library.PyTensor)eager.Value!).Reaches(0.5f), answer.Reaches(0.5f));
        Assert.Equal(calls, host.Calls);

        // Its text (the exact probability) is written when first read, as eager evaluation computes it.
        Assert.Equal(eager.ValueRepr, lazy.ValueRepr);
    }

    [Fact]
    public async Task RunAsync_LazyStepNeedingTwoScoreCalls_IssuesThemTogether()
    {
        // exists() scores red cells until one reaches the cut; the count then needs the cube cells where red is known
        // and the red cells where it is not: two score calls in one step, in flight at once.
        const string source = """
            red = score("Is it red?")
            if red.exists("x"):
                return (red & score("Is it a cube?")).count()
            return -1
            """;
        PreparedProgram program = Support.Engine.Prepare(source);
        var scene = new FakeScene("red cube", "blue cube", "red sphere", "blue sphere");
        string? eager = program.Run(new RunOptions { Perception = scene }).ValueRepr;

        var host = new SlowScene(scene, TimeSpan.FromMilliseconds(20));
        RunResult lazy = await program.RunAsync(new RunOptions { Perception = host, Evaluation = EvaluationMode.Lazy });
        Assert.Equal(eager, lazy.ValueRepr);
        Assert.Equal(2, host.MaxInFlight);

        RunResult sync = program.Run(new RunOptions { Perception = new SlowScene(scene, TimeSpan.Zero), Evaluation = EvaluationMode.Lazy });
        Assert.Equal(eager, sync.ValueRepr);
    }

    private static string Describe(RunResult r) => r.Succeeded ? r.ValueRepr! : "error: " + r.Error!.FirstLine + " line " + r.Error.Line;

    /// <summary>
    /// A perception that answers after a delay (or, with zero, on a later turn of the thread pool): the inner
    /// perception is asked at once, on the caller's thread, and its answer is handed back when the delay is over.
    /// Counts the calls in flight and keeps the token of the last one.
    /// </summary>
    private sealed class SlowScene(IScenePerception inner, TimeSpan latency) : IScenePerception
    {
        private int _inFlight;
        private int _maxInFlight;
        private int _calls;
        private CancellationToken _lastToken;

        public int InFlight => Volatile.Read(ref _inFlight);

        public int MaxInFlight => Volatile.Read(ref _maxInFlight);

        public int Calls => Volatile.Read(ref _calls);

        public CancellationToken LastToken => _lastToken;

        public IReadOnlyList<DetectedObject> Objects => inner.Objects;

        public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken) =>
            Later(inner.ScoreAsync(question, variables, cancellationToken), cancellationToken);

        public ValueTask<float[]> ScoreTuplesAsync(string question, IReadOnlyList<string> variables, ReadOnlyMemory<int> cells, CancellationToken cancellationToken) =>
            Later(inner.ScoreTuplesAsync(question, variables, cells, cancellationToken), cancellationToken);

        public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken) =>
            Later(inner.QueryAsync(question, objectIndex, cancellationToken), cancellationToken);

        private async ValueTask<T> Later<T>(ValueTask<T> answer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            _lastToken = cancellationToken;
            int now = Interlocked.Increment(ref _inFlight);
            int max;
            while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
            {
            }

            try
            {
                if (latency == TimeSpan.Zero)
                {
                    await default(ToThreadPool);
                }
                else
                {
                    await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
                }

                return await answer.ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>Continues on the thread pool, never on the test's synchronization context (a blocked run must not wait on itself).</summary>
    private readonly struct ToThreadPool : System.Runtime.CompilerServices.ICriticalNotifyCompletion
    {
        public bool IsCompleted => false;

        public ToThreadPool GetAwaiter() => this;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) => ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: false);

        public void UnsafeOnCompleted(Action continuation) => ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
    }
}
