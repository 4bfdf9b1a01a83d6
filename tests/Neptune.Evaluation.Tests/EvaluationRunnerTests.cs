using System.Text.Json;
using Neptune.Clevr;
using Neptune.Evaluation.Programs;
using Neptune.Evaluation.Results;
using Neptune.Language;
using Neptune.Language.Runtime;
using Neptune.Logic;

namespace Neptune.Evaluation.Tests;

public class EvaluationRunnerTests
{
    private static async Task<EvaluationSummary> RunAsync(EvaluationSettings settings, IProgramSource? programs = null, ProgramEngine? engine = null) =>
        await new EvaluationRunner(settings, programs, engine).RunAsync();

    private static List<JsonElement> Rows(string outDir) =>
        File.ReadAllLines(Path.Combine(outDir, EvaluationFiles.Results))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();

    /// <summary>The summary figures that must not depend on how the run was split or interrupted.</summary>
    private static string Figures(EvaluationSummary s)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append($"total={s.Total} correct={s.Correct} failures={s.Failures} tuples={s.ScoredTuplesPerQuestion:R} selected={s.Selected} complete={s.Complete}\n");
        foreach (var (k, v) in s.FailuresByKind.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append($"kind {k}={v}\n");
        }

        foreach (var (k, v) in s.ByCategory.Concat(s.ByTemplate).Concat(s.ByFamily).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append($"group {k}={v.Total}/{v.Correct}\n");
        }

        return sb.ToString();
    }

    [Fact]
    public async Task RunAsync_GroundTruthPrograms_AnswersEveryQuestionCorrectly()
    {
        string outDir = TestData.NewDirectory();
        EvaluationSummary summary = await RunAsync(TestData.Settings(outDir));

        Assert.Equal(60, summary.Total);
        Assert.Equal(60, summary.Correct);
        Assert.Equal(1.0, summary.Accuracy);
        Assert.Equal(0, summary.Failures);
        Assert.True(summary.Complete);
        Assert.Equal(60, summary.Evaluated);
        Assert.True(summary.ScoredTuplesPerQuestion > 0);

        List<JsonElement> rows = Rows(outDir);
        Assert.Equal(60, rows.Count);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), rows.Select(r => r.GetProperty("id").GetInt64()).Order());
        List<ClevrQuestion> questions = TestData.Questions();
        foreach (JsonElement row in rows)
        {
            ClevrQuestion q = questions[(int)row.GetProperty("id").GetInt64()];
            Assert.Equal(q.Question, row.GetProperty("question").GetString());
            Assert.Equal(q.ImageIndex, row.GetProperty("image_index").GetInt32());
            Assert.Equal(q.Answer, row.GetProperty("expected").GetString());
            Assert.Equal(q.Answer, row.GetProperty("predicted").GetString());
            Assert.True(row.GetProperty("correct").GetBoolean());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("failure_kind").ValueKind);
            Assert.Equal($"{q.TemplateFilename}#{q.QuestionFamilyIndex}", row.GetProperty("family").GetString());
            Assert.Equal(64, row.GetProperty("program_hash").GetString()!.Length);
            Assert.False(row.TryGetProperty("program", out _)); // program text only for failures
            Assert.True(row.GetProperty("run_us").GetDouble() > 0);
        }
    }

    [Fact]
    public async Task RunAsync_EveryLogic_AnswersExactScenesCorrectly()
    {
        foreach (LogicKind logic in new[] { LogicKind.Product, LogicKind.Lukasiewicz, LogicKind.Crisp })
        {
            string outDir = TestData.NewDirectory();
            EvaluationSummary summary = await RunAsync(TestData.Settings(outDir) with { Logic = logic, Limit = 30 });
            Assert.Equal(30, summary.Total);
            Assert.Equal(30, summary.Correct);
        }
    }

    [Fact]
    public async Task RunAsync_Limit_EvaluatesFirstQuestions()
    {
        string outDir = TestData.NewDirectory();
        EvaluationSummary summary = await RunAsync(TestData.Settings(outDir) with { Limit = 7, Concurrency = 1 });
        Assert.Equal(7, summary.Total);
        Assert.Equal(7, summary.Selected);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), Rows(outDir).Select(r => r.GetProperty("id").GetInt64()).Order());
    }

    [Fact]
    public async Task RunAsync_FailingPrograms_AreWrongAnswersWithTheirKind()
    {
        List<ClevrQuestion> questions = TestData.Questions().Take(8).ToList();
        questions.Add(questions[0] with { Question = "NO PROGRAM", QuestionIndex = 8 });
        string questionsPath = Path.Combine(TestData.NewDirectory(), "q.json");
        TestData.WriteQuestions(questionsPath, questions);
        var programs = new Dictionary<string, string>
        {
            [questions[0].Question] = "x = 1\nreturn x // 0\n",
            [questions[1].Question] = "n = 0\nwhile True:\n    n += 1\nreturn n\n",
            [questions[2].Question] = "return spheres\n",
            [questions[3].Question] = "return 2.5\n",
            [questions[4].Question] = "return score(\"Is it a good day to fly?\").exists()\n",
            [questions[5].Question] = "return 'YES '\n",
        };
        var engine = new ProgramEngine(new EngineOptions { Limits = ExecutionLimits.Default with { MaxSteps = 2_000 } });
        string outDir = TestData.NewDirectory();
        EvaluationSummary summary = await RunAsync(TestData.Settings(outDir, questionsPath), new MapProgramSource(programs), engine);

        Assert.Equal(9, summary.Total);
        Assert.Equal(6, summary.Failures);
        Dictionary<long, JsonElement> rows = Rows(outDir).ToDictionary(r => r.GetProperty("id").GetInt64());
        Assert.Equal(9, rows.Count);
        (string Kind, string Error)[] expected =
        [
            ("runtime", "ZeroDivisionError"),
            ("budget", "BudgetExceeded:Steps"),
            ("validation", "NPT"),
            ("bad_result", "bad_result"),
            ("perception", "PerceptionError"),
        ];
        for (int i = 0; i < expected.Length; i++)
        {
            JsonElement row = rows[i];
            Assert.False(row.GetProperty("correct").GetBoolean());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("predicted").ValueKind);
            Assert.Equal(expected[i].Kind, row.GetProperty("failure_kind").GetString());
            Assert.StartsWith(expected[i].Error, row.GetProperty("error").GetString());
            Assert.False(string.IsNullOrEmpty(row.GetProperty("failure_message").GetString()));
            Assert.Equal(programs[questions[i].Question], row.GetProperty("program").GetString());
        }

        Assert.Contains("integer division or modulo by zero", rows[0].GetProperty("failure_message").GetString());
        Assert.Contains("spheres", rows[2].GetProperty("failure_message").GetString());

        // A program that answers "yes" to a "no" question is wrong but not a failure.
        JsonElement answered = rows[5];
        Assert.Equal("yes", answered.GetProperty("predicted").GetString());
        Assert.Equal(JsonValueKind.Null, answered.GetProperty("failure_kind").ValueKind);
        Assert.Equal(questions[5].Answer == "yes", answered.GetProperty("correct").GetBoolean());

        JsonElement missing = rows[8];
        Assert.Equal("no_program", missing.GetProperty("failure_kind").GetString());
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("program_hash").ValueKind);

        Assert.Equal(1, summary.FailuresByKind["runtime"]);
        Assert.Equal(1, summary.FailuresByKind["budget"]);
        Assert.Equal(1, summary.FailuresByKind["validation"]);
        Assert.Equal(1, summary.FailuresByKind["bad_result"]);
        Assert.Equal(1, summary.FailuresByKind["perception"]);
        Assert.Equal(1, summary.FailuresByKind["no_program"]);
        Assert.Equal(1, summary.FailuresByError["ZeroDivisionError"]);
        Assert.Equal(6.0 / 9, summary.FailureRate, 9);
        Assert.Equal(summary.Correct, rows.Values.Count(r => r.GetProperty("correct").GetBoolean()));
    }

    [Fact]
    public async Task RunAsync_ProgramCacheSource_UsesCachedProgramsAndReportsMisses()
    {
        List<ClevrQuestion> questions = TestData.Questions().Take(5).ToList();
        string dir = TestData.NewDirectory();
        string cachePath = Path.Combine(dir, "programs.jsonl");
        var lines = questions.Take(4).Select(q => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["question"] = q.Question,
            ["program"] = GroundTruthProgramSource.Instance.GetProgram(q),
        }));
        File.WriteAllLines(cachePath, lines);
        string questionsPath = Path.Combine(dir, "q.json");
        TestData.WriteQuestions(questionsPath, questions);

        string outDir = Path.Combine(dir, "out");
        EvaluationSummary summary = await RunAsync(TestData.Settings(outDir, questionsPath) with
        {
            Programs = ProgramSourceKind.Cache,
            ProgramCachePath = cachePath,
        });

        Assert.Equal(5, summary.Total);
        Assert.Equal(4, summary.Correct);
        Assert.Equal(1, summary.FailuresByKind["no_program"]);
        Assert.Contains("\"programs\": \"cache\"", File.ReadAllText(Path.Combine(outDir, EvaluationFiles.Run)));
    }

    [Fact]
    public async Task RunAsync_TornLastLine_IsTruncatedAndRedoneWithoutDuplicates()
    {
        string reference = TestData.NewDirectory();
        EvaluationSummary expected = await RunAsync(TestData.Settings(reference));

        string outDir = TestData.NewDirectory();
        await RunAsync(TestData.Settings(outDir));
        string results = Path.Combine(outDir, EvaluationFiles.Results);
        string[] lines = File.ReadAllLines(results);
        // Keep 25 complete rows and half of the 26th, as a process killed mid-write leaves them.
        string torn = string.Join("\n", lines.Take(25)) + "\n" + lines[25][..(lines[25].Length / 2)];
        File.WriteAllText(results, torn);
        File.Delete(Path.Combine(outDir, EvaluationFiles.Summary));

        EvaluationSummary resumed = await RunAsync(TestData.Settings(outDir));

        Assert.Equal(25, resumed.Resumed);
        Assert.Equal(35, resumed.Evaluated);
        Assert.Equal(Figures(expected), Figures(resumed));
        List<long> ids = Rows(outDir).Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(60, ids.Count);
        Assert.Equal(60, ids.Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_ResultsCutMidway_ContinuesWhereItStopped()
    {
        string reference = TestData.NewDirectory();
        EvaluationSummary expected = await RunAsync(TestData.Settings(reference));

        string outDir = TestData.NewDirectory();
        await RunAsync(TestData.Settings(outDir) with { Limit = 20 });
        EvaluationSummary resumed = await RunAsync(TestData.Settings(outDir));
        Assert.Equal(20, resumed.Resumed);
        Assert.Equal(40, resumed.Evaluated);
        Assert.Equal(Figures(expected), Figures(resumed));

        // Nothing left: a third run evaluates nothing and reports the same figures.
        EvaluationSummary again = await RunAsync(TestData.Settings(outDir));
        Assert.Equal(0, again.Evaluated);
        Assert.Equal(Figures(expected), Figures(again));
        Assert.Equal(60, Rows(outDir).Select(r => r.GetProperty("id").GetInt64()).Distinct().Count());
        Assert.Equal(60, Rows(outDir).Count);
    }

    [Fact]
    public async Task RunAsync_GarbageLineMidFile_KeepsValidPrefixAndRedoesTheRest()
    {
        string outDir = TestData.NewDirectory();
        await RunAsync(TestData.Settings(outDir));
        string results = Path.Combine(outDir, EvaluationFiles.Results);
        List<string> lines = File.ReadAllLines(results).ToList();
        lines[10] = "{\"id\": 3, \"garbage";
        File.WriteAllLines(results, lines);

        EvaluationSummary resumed = await RunAsync(TestData.Settings(outDir));
        Assert.Equal(10, resumed.Resumed);
        Assert.Equal(60, resumed.Total);
        Assert.Equal(60, resumed.Correct);
        Assert.Equal(60, Rows(outDir).Select(r => r.GetProperty("id").GetInt64()).Distinct().Count());
        Assert.Equal(60, Rows(outDir).Count);
    }

    [Fact]
    public async Task RunAsync_Cancelled_KeepsRowsAndResumes()
    {
        string outDir = TestData.NewDirectory();
        using var cts = new CancellationTokenSource();
        var runner = new EvaluationRunner(TestData.Settings(outDir) with { Concurrency = 1 }, new CancellingSource(cts, after: 10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(null, cts.Token));
        int kept = Rows(outDir).Count;
        Assert.InRange(kept, 0, 10);
        using (JsonDocument partial = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, EvaluationFiles.Summary))))
        {
            JsonElement root = partial.RootElement;
            Assert.False(root.GetProperty("complete").GetBoolean());
            Assert.True(root.GetProperty("interrupted").GetBoolean());
            Assert.Equal(kept, root.GetProperty("total").GetInt64());
            Assert.Equal(kept, root.GetProperty("evaluated").GetInt64());
        }

        EvaluationSummary resumed = await RunAsync(TestData.Settings(outDir) with { Concurrency = 1 }, new CancellingSource(null, after: 0));
        Assert.Equal(kept, resumed.Resumed);
        Assert.Equal(60, resumed.Total);
        Assert.Equal(60, resumed.Correct);
        Assert.Equal(60, Rows(outDir).Select(r => r.GetProperty("id").GetInt64()).Distinct().Count());
        Assert.Equal(60, Rows(outDir).Count);
    }

    [Fact]
    public async Task RunAsync_WorkerFails_ThrowsThatFailureNotAnInterruption()
    {
        string outDir = TestData.NewDirectory();
        var runner = new EvaluationRunner(TestData.Settings(outDir) with { Concurrency = 2 }, new FailingSource(after: 5));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync());

        Assert.Equal("program source broke", e.Message);
        Assert.InRange(Rows(outDir).Count, 0, 5);
    }

    [Theory]
    [InlineData("logic")]
    [InlineData("noise")]
    [InlineData("questions")]
    [InlineData("shard")]
    [InlineData("threshold")]
    public async Task RunAsync_ChangedMeaningfulSetting_IsRejectedUnlessForced(string field)
    {
        string outDir = TestData.NewDirectory();
        EvaluationSettings original = TestData.Settings(outDir) with { Limit = 10 };
        await RunAsync(original);
        string otherQuestions = Path.Combine(TestData.NewDirectory(), "q.json");
        File.Copy(TestData.QuestionsPath, otherQuestions);
        EvaluationSettings changed = field switch
        {
            "logic" => original with { Logic = LogicKind.Product },
            "noise" => original with { Noise = new NoiseOptions { Seed = 1, Spread = 0.1 } },
            "questions" => original with { QuestionsPath = otherQuestions },
            "shard" => original with { Shard = new ShardSpec(1, 2) },
            _ => original with { Threshold = 0.7f },
        };

        var e = await Assert.ThrowsAsync<EvaluationConfigException>(() => RunAsync(changed));
        Assert.Contains(field, e.Message);
        Assert.Contains("--force-restart", e.Message);
        Assert.Equal(10, Rows(outDir).Count); // untouched

        EvaluationSummary restarted = await RunAsync(changed with { ForceRestart = true });
        Assert.Equal(0, restarted.Resumed);
        Assert.Equal(restarted.Total, Rows(outDir).Count);
    }

    [Fact]
    public async Task RunAsync_ChangedConcurrencyOrLimit_Resumes()
    {
        string outDir = TestData.NewDirectory();
        await RunAsync(TestData.Settings(outDir) with { Limit = 10, Concurrency = 1 });
        EvaluationSummary s = await RunAsync(TestData.Settings(outDir) with { Limit = 30, Concurrency = 2 });
        Assert.Equal(10, s.Resumed);
        Assert.Equal(30, s.Total);
    }

    [Fact]
    public async Task RunAsync_SmallerLimitThanStoredRows_SummaryDescribesTheSelection()
    {
        string outDir = TestData.NewDirectory();
        await RunAsync(TestData.Settings(outDir) with { Limit = 30 });

        EvaluationSummary s = await RunAsync(TestData.Settings(outDir) with { Limit = 10 });

        Assert.Equal(10, s.Selected);
        Assert.Equal(10, s.Total);
        Assert.Equal(10, s.Resumed);
        Assert.Equal(0, s.Evaluated);
        Assert.True(s.Complete);
        Assert.Equal(30, Rows(outDir).Count); // the other stored rows stay for a later, larger selection
    }

    [Fact]
    public async Task RunAsync_StartFailedOnItsInputs_CorrectedCommandStartsAfresh()
    {
        string outDir = TestData.NewDirectory();
        string truncated = Path.Combine(TestData.NewDirectory(), "q.json");
        File.WriteAllBytes(truncated, File.ReadAllBytes(TestData.QuestionsPath)[..100]);

        await Assert.ThrowsAsync<ClevrDataException>(() => RunAsync(TestData.Settings(outDir, truncated)));
        Assert.Empty(Rows(outDir));

        EvaluationSummary s = await RunAsync(TestData.Settings(outDir));
        Assert.Equal(60, s.Total);
        Assert.Equal(0, s.Resumed);
    }

    [Fact]
    public async Task RunAsync_UnreadableScenes_WritesNothing()
    {
        string outDir = Path.Combine(TestData.NewDirectory(), "out");
        string scenes = Path.Combine(TestData.NewDirectory(), "scenes.json");
        File.WriteAllText(scenes, "{\"scenes\": [");

        await Assert.ThrowsAsync<ClevrDataException>(() => RunAsync(TestData.Settings(outDir) with { ScenesPath = scenes }));

        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task RunAsync_ResultsWithoutRunFile_IsRejected()
    {
        string outDir = TestData.NewDirectory();
        File.WriteAllText(Path.Combine(outDir, EvaluationFiles.Results), "{}\n");
        var e = await Assert.ThrowsAsync<EvaluationConfigException>(() => RunAsync(TestData.Settings(outDir)));
        Assert.Contains(EvaluationFiles.Run, e.Message);
    }

    [Fact]
    public async Task RunAsync_ThreeShards_CoverEveryQuestionOnceAndMergeToUnshardedSummary()
    {
        string reference = TestData.NewDirectory();
        EvaluationSummary expected = await RunAsync(TestData.Settings(reference));

        var shardDirs = new List<string>();
        var seen = new List<long>();
        for (int k = 1; k <= 3; k++)
        {
            string dir = TestData.NewDirectory();
            shardDirs.Add(dir);
            EvaluationSummary s = await RunAsync(TestData.Settings(dir) with { Shard = new ShardSpec(k, 3) });
            Assert.Equal(20, s.Total);
            List<long> ids = Rows(dir).Select(r => r.GetProperty("id").GetInt64()).ToList();
            Assert.All(ids, id => Assert.Equal(k - 1, id % 3));
            seen.AddRange(ids);
        }

        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), seen.Order());

        string merged = Path.Combine(TestData.NewDirectory(), "merged");
        EvaluationSummary m = EvaluationMerger.Merge(shardDirs, merged);
        Assert.Equal(Figures(expected), Figures(m));
        List<long> mergedIds = Rows(merged).Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), mergedIds); // sorted by id
        Assert.True(File.Exists(Path.Combine(merged, EvaluationFiles.Summary)));

        // Gaps and overlaps are errors.
        var gap = Assert.Throws<EvaluationConfigException>(() => EvaluationMerger.Merge(shardDirs.Take(2).ToList(), Path.Combine(TestData.NewDirectory(), "m")));
        Assert.Contains("3/3", gap.Message);
        var overlap = Assert.Throws<EvaluationConfigException>(() => EvaluationMerger.Merge([shardDirs[0], shardDirs[1], shardDirs[0]], Path.Combine(TestData.NewDirectory(), "m")));
        Assert.Contains("overlap", overlap.Message);
        var exists = Assert.Throws<EvaluationConfigException>(() => EvaluationMerger.Merge(shardDirs, merged));
        Assert.Contains("already", exists.Message);
    }

    [Fact]
    public async Task Merge_IncompleteShard_IsAGap()
    {
        var dirs = new List<string>();
        for (int k = 1; k <= 2; k++)
        {
            string dir = TestData.NewDirectory();
            dirs.Add(dir);
            await RunAsync(TestData.Settings(dir) with { Shard = new ShardSpec(k, 2) });
        }

        string results = Path.Combine(dirs[1], EvaluationFiles.Results);
        File.WriteAllLines(results, File.ReadAllLines(results).Take(5));
        var e = Assert.Throws<EvaluationConfigException>(() => EvaluationMerger.Merge(dirs, Path.Combine(TestData.NewDirectory(), "m")));
        Assert.Contains("incomplete", e.Message);
        Assert.Contains("2/2", e.Message);
    }

    [Fact]
    public async Task Merge_DifferentSettings_IsRejected()
    {
        string a = TestData.NewDirectory();
        string b = TestData.NewDirectory();
        await RunAsync(TestData.Settings(a) with { Shard = new ShardSpec(1, 2) });
        await RunAsync(TestData.Settings(b) with { Shard = new ShardSpec(2, 2), Logic = LogicKind.Crisp });
        var e = Assert.Throws<EvaluationConfigException>(() => EvaluationMerger.Merge([a, b], Path.Combine(TestData.NewDirectory(), "m")));
        Assert.Contains("logic", e.Message);
    }

    [Fact]
    public async Task RunAsync_ScenePerception_CountsCallsPerRowAndSumsThemInTheSummary()
    {
        string outDir = TestData.NewDirectory();
        EvaluationSummary summary = await RunAsync(TestData.Settings(outDir));
        List<JsonElement> rows = Rows(outDir);

        long Sum(string field) => rows.Sum(r => r.GetProperty(field).GetInt64());
        foreach (JsonElement row in rows)
        {
            long tuples = row.GetProperty("scored_tuples").GetInt64();
            long requests = row.GetProperty("vlm_requests").GetInt64();
            long trips = row.GetProperty("round_trips").GetInt64();
            Assert.True(requests >= tuples, "every scored tuple stands for one request");
            Assert.True(trips >= 1 && trips <= requests, $"round trips {trips}, requests {requests}");
            Assert.Equal(0, row.GetProperty("cache_hits").GetInt64());
            Assert.Equal(0, row.GetProperty("speculative_calls").GetInt64());
        }

        Assert.Equal(Sum("vlm_requests"), summary.Calls.VlmRequests);
        Assert.Equal(Sum("scored_tuples"), summary.Calls.ScoredTuples);
        Assert.Equal(Sum("round_trips"), summary.Calls.RoundTrips);
        Assert.Equal(summary.ScoredTuplesPerQuestion * 60, summary.Calls.ScoredTuples, 6);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, EvaluationFiles.Summary)));
        JsonElement s = doc.RootElement;
        Assert.Equal(Sum("vlm_requests"), s.GetProperty("vlm_requests").GetInt64());
        Assert.Equal(Sum("round_trips"), s.GetProperty("round_trips").GetInt64());
        Assert.Equal(0, s.GetProperty("cache_hits").GetInt64());
        Assert.Equal(0, s.GetProperty("speculative_calls").GetInt64());
        Assert.Equal(Math.Round(Sum("round_trips") / 60.0, 3), s.GetProperty("round_trips_per_question").GetDouble(), 6);
    }

    [Fact]
    public async Task Summary_Json_HasDocumentedShape()
    {
        string outDir = TestData.NewDirectory();
        await RunAsync(TestData.Settings(outDir) with { Logic = LogicKind.Product, Noise = new NoiseOptions { Seed = 3, Spread = 0.2, FlipRate = 0.05 } });
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, EvaluationFiles.Summary)));
        JsonElement r = doc.RootElement;
        foreach (string name in new[] { "total", "correct", "accuracy", "failures", "failure_rate", "questions_per_second", "scored_tuples_per_question", "vlm_requests", "scored_tuples", "cache_hits", "speculative_calls", "round_trips", "vlm_requests_per_question", "round_trips_per_question", "wall_seconds", "mean_prepare_us", "mean_run_us", "evaluated", "resumed", "selected" })
        {
            Assert.Equal(JsonValueKind.Number, r.GetProperty(name).ValueKind);
        }

        Assert.Equal(60, r.GetProperty("total").GetInt64());
        Assert.Equal(r.GetProperty("correct").GetInt64() / 60.0, r.GetProperty("accuracy").GetDouble(), 6);
        Assert.Equal(JsonValueKind.True, r.GetProperty("complete").ValueKind);
        Assert.Equal(JsonValueKind.Object, r.GetProperty("failures_by_kind").ValueKind);
        Assert.Equal(JsonValueKind.Object, r.GetProperty("failures_by_error").ValueKind);
        JsonElement categories = r.GetProperty("accuracy_by_category");
        foreach (string category in new[] { "Count", "Exist", "Compare Integer", "Compare Attribute", "Query Attribute" })
        {
            JsonElement g = categories.GetProperty(category);
            Assert.True(g.GetProperty("total").GetInt64() > 0, category);
            Assert.True(g.GetProperty("correct").GetInt64() <= g.GetProperty("total").GetInt64());
            Assert.InRange(g.GetProperty("accuracy").GetDouble(), 0, 1);
        }

        long templateTotal = r.GetProperty("accuracy_by_template").EnumerateObject().Sum(p => p.Value.GetProperty("total").GetInt64());
        long familyTotal = r.GetProperty("accuracy_by_family").EnumerateObject().Sum(p => p.Value.GetProperty("total").GetInt64());
        Assert.Equal(60, templateTotal);
        Assert.Equal(60, familyTotal);
        Assert.Contains(r.GetProperty("accuracy_by_family").EnumerateObject(), p => p.Name == "compare_integer.json#0");

        JsonElement settings = r.GetProperty("settings");
        Assert.Equal("product", settings.GetProperty("logic").GetString());
        Assert.Equal("scene", settings.GetProperty("perception").GetString());
        Assert.Equal("gt", settings.GetProperty("programs").GetString());
        Assert.Equal(3, settings.GetProperty("noise_seed").GetInt64());
        Assert.Equal(0.2, settings.GetProperty("noise_spread").GetDouble());
        Assert.Equal(0.05, settings.GetProperty("noise_flip").GetDouble());
        Assert.Equal("1/1", settings.GetProperty("shard").GetString());
        Assert.Equal(2, settings.GetProperty("concurrency").GetInt32());
        Assert.EndsWith("questions.json", settings.GetProperty("questions").GetString());
        Assert.False(File.Exists(Path.Combine(outDir, EvaluationFiles.Summary + ".tmp")));
    }

    [Fact]
    public async Task RunAsync_SameSettingsTwice_GiveIdenticalAnswersUnderNoise()
    {
        EvaluationSettings Noisy(string dir) => TestData.Settings(dir) with { Noise = new NoiseOptions { Seed = 11, Spread = 0.3, FlipRate = 0.05 }, Concurrency = 2 };
        string a = TestData.NewDirectory();
        string b = TestData.NewDirectory();
        await RunAsync(Noisy(a));
        await RunAsync(Noisy(b) with { Concurrency = 1 });
        static Dictionary<long, string?> Answers(string dir) => Rows(dir).ToDictionary(r => r.GetProperty("id").GetInt64(), r => r.GetProperty("predicted").GetString());
        Assert.Equal(Answers(a), Answers(b));
    }

    /// <summary>Translates official programs and cancels the run when asked for program number <c>after</c>.</summary>
    private sealed class CancellingSource(CancellationTokenSource? cts, int after) : IProgramSource
    {
        private int _calls;

        public string Name => "gt";

        public ValueTask<string> GetProgramAsync(ClevrQuestion question, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == after)
            {
                cts?.Cancel();
            }

            return GroundTruthProgramSource.Instance.GetProgramAsync(question, cancellationToken);
        }
    }

    /// <summary>Translates official programs until program number <c>after</c>, then throws an unexpected exception.</summary>
    private sealed class FailingSource(int after) : IProgramSource
    {
        private int _calls;

        public string Name => "gt";

        public ValueTask<string> GetProgramAsync(ClevrQuestion question, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) >= after
                ? throw new InvalidOperationException("program source broke")
                : GroundTruthProgramSource.Instance.GetProgramAsync(question, cancellationToken);
    }
}
