using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Neptune.Clevr;
using Neptune.Evaluation;
using Neptune.Evaluation.Results;
using Neptune.Testing;

namespace Neptune.Cli.Tests;

/// <summary>
/// <c>eval --cluster</c> with <c>programs: llm</c> and <c>perception: vlm</c> through two real silo processes, each with
/// its own fake program model and fake vision model (the OpenAI wire protocol on loopback).
/// </summary>
public sealed class ClusterModelsTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"neptune-cli-cluster-models-{Guid.NewGuid():N}");
    private readonly List<Process> _silos = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (Process silo in _silos)
        {
            if (!silo.HasExited)
            {
                silo.Kill(entireProcessTree: true);
                await silo.WaitForExitAsync();
            }

            silo.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Starts a silo process and waits until it has joined the cluster.</summary>
    private async Task StartSiloAsync(string config)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "neptune.dll"), "cluster", "silo", "--config", config])
        {
            start.ArgumentList.Add(a);
        }

        var silo = Process.Start(start)!;
        _silos.Add(silo);
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var err = new System.Text.StringBuilder();
        silo.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("joined cluster", StringComparison.Ordinal) == true)
            {
                joined.TrySetResult();
            }
        };
        silo.ErrorDataReceived += (_, e) => err.AppendLine(e.Data);
        silo.BeginOutputReadLine();
        silo.BeginErrorReadLine();
        Task exited = silo.WaitForExitAsync();
        Task first = await Task.WhenAny(joined.Task, exited, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(first == joined.Task, $"the silo did not join: {err}");
    }

    [Fact]
    public async Task EvalCluster_LlmProgramsAndVlmPerception_EachSiloUsesItsOwnModels_OneGenerationPerQuestion_FailuresCounted()
    {
        string data = ClevrDataFiles.LocateDataDirectory(AppContext.BaseDirectory);
        string questions = Path.Combine(data, ClevrDataFiles.TrainQuestions10000);
        string scenes = Path.Combine(data, ClevrDataFiles.TrainScenes1000);
        const int limit = 16;
        List<ClevrQuestion> selected = [.. ClevrQuestionReader.Read(questions).Take(limit)];
        string[] distinct = [.. selected.Select(q => q.Question.Trim()).Distinct(StringComparer.Ordinal)];
        string noProgram = distinct[1];
        string serverError = distinct[2];

        // A program model that answers each question with a small program the vision model perceives (one question per
        // object), except one reply without a program and one server error (no retries): both become the failures of
        // that question's rows.
        FakeReply Programs(FakeChatRequest request)
        {
            string message = request.LastUserMessage;
            string question = distinct.MaxBy(q => message.LastIndexOf(q, StringComparison.Ordinal))!;
            return question == noProgram ? FakeReply.Completion("I would rather not write a program.")
                : question == serverError ? FakeReply.Error(500)
                : FakeReply.Completion("```python\nreturn score(\"Is the object in the red box a cube?\").count()\n```\n");
        }

        await using FakeChatServer llmA = await FakeChatServer.StartAsync(Programs);
        await using FakeChatServer llmB = await FakeChatServer.StartAsync(Programs);
        await using FakeChatServer vlmA = await FakeChatServer.StartAsync(_ => FakeVision.Probability(0.8));
        await using FakeChatServer vlmB = await FakeChatServer.StartAsync(_ => FakeVision.Probability(0.8));
        int[] silo = [FreePort(), FreePort()];
        int[] gateway = [FreePort(), FreePort()];
        string cluster = $"models-{Guid.NewGuid():N}"[..16];
        string SiloConfig(int i, FakeChatServer llm, FakeChatServer vlm)
        {
            string llmConfig = Write($"llm{i}.json", $$"""
                { "backend": { "endpoint": "{{llm.Endpoint}}", "model": "fake-coder-{{i}}", "temperature": 0, "max_retries": 0 }, "programs": { "cache": null, "repair_rounds": 0 } }
                """);
            string vision = Write($"vision{i}.json", $$"""
                { "vision": { "endpoints": [ { "endpoint": "{{vlm.Endpoint}}", "model": "fake-vlm-{{i}}", "max_retries": 0 } ] } }
                """);
            return Write($"silo{i}.json", $$"""
                { "cluster_id": "{{cluster}}", "silo_port": {{silo[i]}}, "gateway_port": {{gateway[i]}}, "primary_port": {{silo[0]}}, "gateways": "{{gateway[0]}},{{gateway[1]}}",
                  "store_connection": "store.db", "workers": 2, "unit_size": 4, "lease_seconds": 30, "probe_seconds": 1,
                  "llm_config": "{{Path.GetFileName(llmConfig)}}", "vision": "{{Path.GetFileName(vision)}}" }
                """);
        }

        await StartSiloAsync(SiloConfig(0, llmA, vlmA));
        await StartSiloAsync(SiloConfig(1, llmB, vlmB));
        string client = Write("client.json", $$"""
            { "cluster_id": "{{cluster}}", "gateways": "{{gateway[0]}},{{gateway[1]}}", "primary_port": {{silo[0]}}, "store_connection": "store.db", "unit_size": 4 }
            """);
        string outDir = Path.Combine(_dir, "out");

        CliRun run = await Task.Run(() => Cli.Process(
            _dir, "eval", "--cluster", client, "--questions", questions, "--scenes", scenes, "--limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--programs", "llm", "--perception", "vlm", "--out", outDir, "--quiet"));

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Empty(llmA.Problems.Concat(llmB.Problems).Concat(vlmA.Problems).Concat(vlmB.Problems));
        Assert.Equal(distinct.Length, llmA.RequestCount + llmB.RequestCount);
        List<ResultRow> rows = [.. File.ReadAllLines(Path.Combine(outDir, EvaluationFiles.Results)).Select(l => EvaluationItems.ParseRow(System.Text.Encoding.UTF8.GetBytes(l)))];
        Assert.Equal(selected.Select(q => (long)q.QuestionIndex!.Value), rows.Select(r => r.Id));
        Assert.All(rows.Where(r => r.Question.Trim() == noProgram), r => Assert.Equal(FailureKinds.NoProgram, r.FailureKind));
        Assert.All(rows.Where(r => r.Question.Trim() == serverError), r => Assert.Equal("model_error", r.FailureKind));
        int generationFailures = rows.Count(r => r.Question.Trim() == noProgram || r.Question.Trim() == serverError);
        Assert.True(generationFailures >= 2);
        List<ResultRow> ran = [.. rows.Where(r => r.Question.Trim() != noProgram && r.Question.Trim() != serverError)];
        // Every other row ran its generated program (a loaded machine may end some at their time budget).
        Assert.All(ran, r => Assert.True(r.FailureKind is null or FailureKinds.Budget, $"row {r.Id}: {r.FailureKind} {r.FailureMessage}"));
        Assert.All(ran.Where(r => r.FailureKind is null), r => Assert.Matches("^[0-9]+$", r.Predicted));
        // Every request the vision servers saw is counted by a row; a row whose run ended at its time budget may count
        // requests it sent that never arrived.
        int served = vlmA.RequestCount + vlmB.RequestCount;
        string counts = $"servers {vlmA.RequestCount}+{vlmB.RequestCount}, rows " + string.Join(",", rows.Select(r => $"{r.VlmRequests}/{r.FailureKind}"));
        Assert.True(served >= ran.Where(r => r.FailureKind is null).Sum(r => r.VlmRequests), counts);
        Assert.True(served <= rows.Sum(r => r.VlmRequests), counts);
        Assert.True(ran.Sum(r => r.VlmRequests) > 0, "the programs were perceived by the vision models");

        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, EvaluationFiles.Summary)));
        JsonElement root = summary.RootElement;
        Assert.Equal(limit, root.GetProperty("total").GetInt32());
        Assert.True(root.GetProperty("failures").GetInt32() >= generationFailures);
        Assert.Equal("vlm", root.GetProperty("settings").GetProperty("perception").GetString());
        JsonElement generation = root.GetProperty("program_generation");
        Assert.Equal(distinct.Length, generation.GetProperty("questions").GetInt32());
        Assert.Equal(distinct.Length, generation.GetProperty("generated").GetInt32());
        Assert.Equal(distinct.Length, generation.GetProperty("llm_calls").GetInt32());
        Assert.Equal(1, generation.GetProperty("failures").GetProperty("no_program").GetInt32());
        Assert.Equal(1, generation.GetProperty("failures").GetProperty("model_error").GetInt32());
        Assert.Equal(distinct.Length, generation.GetProperty("questions_by_silo").EnumerateObject().Sum(p => p.Value.GetInt32()));
        string[] models = [.. generation.GetProperty("models").EnumerateArray().Select(m => m.GetString()!)];
        Assert.All(models, m => Assert.StartsWith("fake-coder-", m, StringComparison.Ordinal));
    }
}
