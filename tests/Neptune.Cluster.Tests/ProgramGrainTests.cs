using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Neptune.Clevr;
using Neptune.Evaluation;
using Neptune.Evaluation.Programs;
using Neptune.Evaluation.Results;
using Neptune.Programs.Generation;
using Orleans.TestingHost;

namespace Neptune.Cluster.Tests;

public sealed class ProgramGrainTests
{
    /// <summary>
    /// A program generator that answers with the official program of each question it knows, fails the questions it is
    /// told to (no program), takes a fixed time per generation (so that callers overlap), and counts its generations.
    /// </summary>
    private sealed class CountingGenerator(IReadOnlyDictionary<string, string> programs, ISet<string> failing) : IProgramGenerator
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

        public async Task<GenerationResult> GenerateAsync(string question, ProgramProbe? probe = null, CancellationToken cancellationToken = default)
        {
            Calls.AddOrUpdate(question, 1, (_, n) => n + 1);
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            if (failing.Contains(question))
            {
                return new GenerationResult { Question = question, Failure = GenerationFailureKind.NoProgram, FailureMessage = "the answer had no program", AttemptCount = 1, Model = "counting" };
            }

            return new GenerationResult { Question = question, Program = programs[question], AttemptCount = 1, Model = "counting" };
        }
    }

    /// <summary>
    /// A question file of <paramref name="distinct"/> dev questions, each repeated <paramref name="copies"/> times (new
    /// question indexes, same image), so that the same question text sits in many units on many silos.
    /// </summary>
    private static string RepeatedQuestions(string dir, int distinct, int copies)
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(ClusterTestKit.Questions))!;
        JsonArray source = root["questions"]!.AsArray();
        var questions = new JsonArray();
        int index = 0;
        for (int copy = 0; copy < copies; copy++)
        {
            for (int q = 0; q < distinct; q++)
            {
                JsonNode item = source[q]!.DeepClone();
                item["question_index"] = index++;
                questions.Add(item);
            }
        }

        root["questions"] = questions;
        string path = Path.Combine(dir, "repeated.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    private static async Task<Dictionary<string, string>> OfficialProgramsAsync(EvaluationSettings settings)
    {
        var programs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (EvaluationItem item in EvaluationItems.Read(settings))
        {
            programs[item.Question.Question.Trim()] = await GroundTruthProgramSource.Instance.GetProgramAsync(item.Question, CancellationToken.None);
        }

        return programs;
    }

    [Fact]
    public async Task LlmJob_NoSiloHasAProgramModel_TheClientIsToldWhyByEverySilo_AndTheJobWaits()
    {
        string dir = ClusterTestKit.TempDirectory();
        TestCluster? cluster = null;
        try
        {
            var values = new EvaluationConfig { Questions = ClusterTestKit.Questions, Scenes = ClusterTestKit.Scenes, Programs = "llm", Limit = 20, Out = Path.Combine(dir, "cluster"), Concurrency = 1 };
            EvaluationSettings settings = values.Resolve();
            ResultStore store = await ResultStore.OpenAsync(ClusterTestKit.StoreSettings(dir));
            cluster = await ClusterTestKit.StartAsync(dir, silos: 2, workers: 1, TimeSpan.FromSeconds(10));
            EvaluationConfig job = ClusterEvaluation.JobConfig(values, settings);
            string spec = job.ToJson();
            string id = ClusterEvaluation.JobId(spec, 10);

            ClusterConfigException refused = await Assert.ThrowsAsync<ClusterConfigException>(
                () => ClusterEvaluation.SubmitAndFollowAsync(cluster.Client, id, new JobSubmission(spec, 20, 10), store).WaitAsync(TimeSpan.FromMinutes(2)));

            Assert.Contains($"no silo of the cluster can evaluate job {id}", refused.Message, StringComparison.Ordinal);
            IReadOnlyDictionary<string, string> refusals = await store.RefusalsAsync(id);
            Assert.Equal(2, refusals.Count);
            Assert.All(refusals, r =>
            {
                Assert.Contains($"silo {r.Key}: ", refused.Message, StringComparison.Ordinal);
                Assert.Equal("the job generates its programs ('programs: llm') and this silo's cluster config names no llm_config", r.Value);
            });
            JobStatus status = await cluster.Client.GetGrain<IEvaluationJobGrain>(id).GetStatus();
            Assert.Equal(JobState.Running, status.State);
            Assert.Equal(0, status.Rows);
        }
        finally
        {
            await ClusterTestKit.CleanUpAsync(cluster, dir);
        }
    }

    [Fact]
    public async Task LlmJob_ThreeSilos_EachDistinctQuestionGeneratedOnce_FailuresAreRows_RestMatchesTheOfficialPrograms()
    {
        string dir = ClusterTestKit.TempDirectory();
        TestCluster? cluster = null;
        try
        {
            string questions = RepeatedQuestions(dir, distinct: 40, copies: 6);
            var values = new EvaluationConfig { Questions = questions, Scenes = ClusterTestKit.Scenes, Programs = "llm", Out = Path.Combine(dir, "cluster"), Concurrency = 1 };
            EvaluationSettings settings = values.Resolve();
            Dictionary<string, string> official = await OfficialProgramsAsync(settings);
            var failing = new HashSet<string>(official.Keys.Where((_, i) => i % 8 == 0), StringComparer.Ordinal);
            var generator = new CountingGenerator(official, failing);
            ResultStore store = await ResultStore.OpenAsync(ClusterTestKit.StoreSettings(dir));
            cluster = await ClusterTestKit.StartAsync(dir, silos: 3, workers: 2, TimeSpan.FromSeconds(10), new SiloModels { Programs = generator });
            EvaluationConfig job = ClusterEvaluation.JobConfig(values, settings);
            long items = EvaluationItems.Read(settings).LongCount();
            string spec = job.ToJson();
            string id = ClusterEvaluation.JobId(spec, 10);

            JobStatus status = await ClusterEvaluation.SubmitAndFollowAsync(cluster.Client, id, new JobSubmission(spec, items, 10)).WaitAsync(TimeSpan.FromMinutes(3));
            EvaluationSummary clustered = await ClusterEvaluation.ExportAsync(store, status, settings);
            EvaluationSummary local = await new EvaluationRunner(settings with { OutputDirectory = Path.Combine(dir, "local"), Programs = ProgramSourceKind.GroundTruth }).RunAsync();

            Assert.Equal(JobState.Done, status.State);
            Assert.Equal(240, status.Rows);
            Assert.Equal(official.Count, generator.Calls.Count);
            Assert.All(generator.Calls, c => Assert.True(c.Value == 1, $"'{c.Key}' was generated {c.Value} times"));
            IReadOnlyList<StoredProgram> stored = await store.ProgramsAsync(id);
            Assert.Equal(official.Keys.Order(StringComparer.Ordinal), stored.Select(p => p.Question));

            List<ResultRow> rows = [.. (await File.ReadAllLinesAsync(settings.ResultsPath)).Select(l => EvaluationItems.ParseRow(System.Text.Encoding.UTF8.GetBytes(l)))];
            List<ResultRow> expected = [.. (await File.ReadAllLinesAsync(Path.Combine(dir, "local", EvaluationFiles.Results))).Select(l => EvaluationItems.ParseRow(System.Text.Encoding.UTF8.GetBytes(l))).OrderBy(r => r.Id)];
            Assert.Equal(expected.Select(r => r.Id), rows.Select(r => r.Id));
            int failedRows = 0;
            for (int i = 0; i < rows.Count; i++)
            {
                if (failing.Contains(rows[i].Question.Trim()))
                {
                    failedRows++;
                    Assert.Equal(FailureKinds.NoProgram, rows[i].FailureKind);
                    Assert.Equal("the answer had no program", rows[i].FailureMessage);
                    Assert.False(rows[i].Correct);
                }
                else
                {
                    Assert.Equal(expected[i].Predicted, rows[i].Predicted);
                    Assert.Equal(expected[i].Correct, rows[i].Correct);
                }
            }

            Assert.Equal(failing.Count * 6, failedRows);
            Assert.Equal(local.Failures + failedRows, clustered.Failures);
            Assert.Equal(240, clustered.Total);
            JsonNode generation = JsonNode.Parse(await File.ReadAllTextAsync(settings.SummaryPath))!["program_generation"]!;
            Assert.Equal(official.Count, (int)generation["questions"]!);
            Assert.Equal(official.Count, (int)generation["generated"]!);
            Assert.Equal(failing.Count, (int)generation["failures"]!["no_program"]!);
            Assert.Equal(official.Count, generation["questions_by_silo"]!.AsObject().Sum(kv => (int)kv.Value!));
            // Each generation takes 100 ms, so a unit takes a second or more: the silos all pull units.
            IReadOnlyDictionary<string, long> bySilo = await store.RowsPerSiloAsync(id);
            Assert.Equal(240, bySilo.Values.Sum());
            Assert.True(bySilo.Count >= 2, "units were pulled by more than one silo: " + string.Join(", ", bySilo));
            Assert.Equal("llm", JsonNode.Parse(await File.ReadAllTextAsync(settings.SummaryPath))!["settings"]!["programs"]!.GetValue<string>());
        }
        finally
        {
            await ClusterTestKit.CleanUpAsync(cluster, dir);
        }
    }

    [Fact]
    public async Task ProgramGrain_ConcurrentCallersThenAWholeNewCluster_OneGenerationKeptInTheStore()
    {
        string dir = ClusterTestKit.TempDirectory();
        TestCluster? cluster = null;
        try
        {
            var programs = new Dictionary<string, string>(StringComparer.Ordinal) { ["q1"] = "return 1", ["q2"] = "return 2" };
            var first = new CountingGenerator(programs, new HashSet<string>(["q2"], StringComparer.Ordinal));
            cluster = await ClusterTestKit.StartAsync(dir, silos: 2, workers: 0, TimeSpan.FromSeconds(10), new SiloModels { Programs = first });
            IProgramGrain grain1 = cluster.Client.GetGrain<IProgramGrain>(ProgramGrain.Key("job-a", " q1 "));
            IProgramGrain grain2 = cluster.Client.GetGrain<IProgramGrain>(ProgramGrain.Key("job-a", "q2"));

            ProgramOutcome[] outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? grain1.Get() : grain2.Get()));
            ProgramOutcome other = await cluster.Client.GetGrain<IProgramGrain>(ProgramGrain.Key("job-b", "q1")).Get();

            Assert.All(outcomes.Where((_, i) => i % 2 == 0), o => Assert.Equal(new ProgramOutcome("return 1", null, null, null), o));
            Assert.All(outcomes.Where((_, i) => i % 2 == 1), o => Assert.Equal(new ProgramOutcome(null, FailureKinds.NoProgram, FailureKinds.NoProgram, "the answer had no program"), o));
            Assert.Equal("return 1", other.Program);
            Assert.Equal(2, first.Calls["q1"]);
            Assert.Equal(1, first.Calls["q2"]);

            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            var second = new CountingGenerator(programs, new HashSet<string>(StringComparer.Ordinal));
            cluster = await ClusterTestKit.StartAsync(dir, silos: 2, workers: 0, TimeSpan.FromSeconds(10), new SiloModels { Programs = second });

            ProgramOutcome again1 = await cluster.Client.GetGrain<IProgramGrain>(ProgramGrain.Key("job-a", "q1")).Get();
            ProgramOutcome again2 = await cluster.Client.GetGrain<IProgramGrain>(ProgramGrain.Key("job-a", "q2")).Get();

            Assert.Equal("return 1", again1.Program);
            Assert.Null(again2.Program);
            Assert.Equal(FailureKinds.NoProgram, again2.FailureKind);
            Assert.Empty(second.Calls);
            ResultStore store = await ResultStore.OpenAsync(ClusterTestKit.StoreSettings(dir));
            Assert.Equal(["q1", "q2"], (await store.ProgramsAsync("job-a")).Select(p => p.Question));
        }
        finally
        {
            await ClusterTestKit.CleanUpAsync(cluster, dir);
        }
    }
}
