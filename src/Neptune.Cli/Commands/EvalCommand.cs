using System.CommandLine;
using System.Globalization;
using Neptune.Cli.Conventions;
using Neptune.Evaluation;
using Neptune.Evaluation.Programs;
using Neptune.Evaluation.Referring;
using Neptune.Evaluation.Judging;
using Neptune.Evaluation.Results;
using Microsoft.Extensions.AI;
using Neptune.Caching;
using Neptune.Models;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune eval</c>: evaluates programs on CLEVR questions and writes results and a summary; <c>neptune eval merge</c>
/// combines shard outputs. Exit codes: 0 when the run completed (whatever the accuracy), 2 on bad input
/// (configuration, data files, settings that differ from the run in --out), 130 when interrupted.
/// </summary>
internal static class EvalCommand
{
    public static Command Build()
    {
        var config = new Option<FileInfo?>("--config") { Description = "A JSON config file (fields as the flags below, snake_case); flags override its values.", HelpName = "file" };
        var flags = new ConfigFlags(EvaluationConfig.Schema);
        var forceRestart = new Option<bool>("--force-restart") { Description = "Discard results in --out that were made with different settings." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress display and no closing line." };
        var cluster = new Option<FileInfo?>("--cluster") { Description = "Run on a cluster of silos (a cluster config file, docs/SCALING.md): submit the evaluation as a job, follow it, write results and summary from the cluster's store.", HelpName = "file" };
        var job = new Option<string?>("--job") { Description = "With --cluster: the job's id (default: derived from the settings, so the same command reattaches to its job).", HelpName = "id" };

        var command = new Command("eval", "Evaluate programs on CLEVR questions or CLEVR-Ref+ referring expressions (--task rec); resumable, shardable, crash-safe.");
        command.Options.Add(config);
        flags.AddTo(command);
        command.Options.Add(forceRestart);
        command.Options.Add(quiet);
        command.Options.Add(cluster);
        command.Options.Add(job);

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(job) is not null && parse.GetValue(cluster) is null)
            {
                throw new UsageException("--job needs --cluster.");
            }

            bool isQuiet = parse.GetValue(quiet);
            EvaluationConfig file = parse.GetValue(config) is { } path ? EvaluationConfig.Load(path.FullName, CliNotes.ForConfig()) : new EvaluationConfig();
            EvaluationConfig values = file.Overlay(EvaluationConfig.Read(flags.Read(parse)));
            EvaluationSettings settings = values.Resolve(parse.GetValue(forceRestart));
            if (parse.GetValue(cluster) is { } clusterConfig)
            {
                return await ClusterCommand.EvaluateAsync(clusterConfig, parse.GetValue(job), values, settings, isQuiet, cancellationToken).ConfigureAwait(false);
            }


            if (settings.Photos is not null)
            {
                return await RunGuardedAsync(() => RunPhotosAsync(settings, values, isQuiet, cancellationToken)).ConfigureAwait(false);
            }

            return await RunGuardedAsync(
                async () =>
                {
                    ProgramsLlmSource? llm = settings.Programs == ProgramSourceKind.Llm ? ProgramsLlmSource.Create(values.LlmConfig, cancellationToken) : null;
                    using AskEvalPerception? vlm = settings.Perception == PerceptionKind.Vlm ? AskEvalPerception.Create(values.Vision, settings.ImagesDirectory) : null;
                    var runner = new EvaluationRunner(settings, llm, perception: vlm);
                    EvaluationSummary summary = await EvaluationConsole.RunWithProgressAsync(p => runner.RunAsync(p, cancellationToken), isQuiet).ConfigureAwait(false);
                    if (llm is not null)
                    {
                        string report = Path.Combine(Path.GetDirectoryName(settings.SummaryPath)!, "programs.json");
                        llm.WriteReport(report);
                        ProgramsLlmSource.MergeIntoSummary(settings.SummaryPath, report);
                    }

                    if (!isQuiet)
                    {
                        Console.Out.WriteLine(Describe(summary, settings.SummaryPath));
                        if (vlm is not null)
                        {
                            Console.Out.WriteLine($"vision: {vlm.Counters}");
                        }
                    }

                    if (values.JudgeConfig is { } judgeConfig)
                    {
                        await JudgeAsync(judgeConfig, settings.OutputDirectory, isQuiet, cancellationToken).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
        });

        command.Subcommands.Add(BuildMerge());
        command.Subcommands.Add(BuildJudge());
        return command;
    }

    /// <summary>A referring-expression run over a photo dataset: programs from the model or a cache, perception from the vision config.</summary>
    private static async Task RunPhotosAsync(EvaluationSettings settings, EvaluationConfig values, bool quiet, CancellationToken cancellationToken)
    {
        ProgramsLlmSource? llm = settings.Programs == ProgramSourceKind.Llm ? ProgramsLlmSource.Create(values.LlmConfig, cancellationToken) : null;
        IPhotoProgramSource programs = llm ?? (IPhotoProgramSource)CacheProgramSource.Load(settings.ProgramCachePath!);
        using PhotoEvalPerception perception = PhotoEvalPerception.Create(settings, values.Vision);
        var runner = new PhotoReferringRunner(settings, programs, perception);
        EvaluationSummary summary = await EvaluationConsole.RunWithProgressAsync(p => runner.RunAsync(p, cancellationToken), quiet).ConfigureAwait(false);
        EvaluationSummary.MergeSection(settings.SummaryPath, "requests", perception.Requests());
        if (llm is not null)
        {
            string report = Path.Combine(Path.GetDirectoryName(settings.SummaryPath)!, "programs.json");
            llm.WriteReport(report);
            ProgramsLlmSource.MergeIntoSummary(settings.SummaryPath, report);
        }

        if (!quiet)
        {
            Console.Out.WriteLine(Describe(summary, settings.SummaryPath));
            Console.Out.WriteLine(perception.Describe());
        }
    }

    private static Command BuildMerge()
    {
        var inputs = new Argument<DirectoryInfo[]>("inputs") { Description = "The shard output directories.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "The merged output directory.", Required = true };
        var quiet = new Option<bool>("--quiet") { Description = "No closing line." };
        var command = new Command("merge", "Combine the outputs of shards 1..N of one run into one results file and summary.");
        command.Arguments.Add(inputs);
        command.Options.Add(output);
        command.Options.Add(quiet);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] dirs = [.. (parse.GetValue(inputs) ?? []).Select(d => d.FullName)];
            string outDir = parse.GetValue(output)!.FullName;
            bool isQuiet = parse.GetValue(quiet);
            return await RunGuardedAsync(
                () =>
                {
                    EvaluationSummary summary = EvaluationMerger.Merge(dirs, outDir);
                    if (!isQuiet)
                    {
                        var c = CultureInfo.InvariantCulture;
                        Console.Out.WriteLine(
                            $"merged {dirs.Length.ToString(c)} shards: accuracy {(summary.Accuracy * 100).ToString("0.00", c)}% ({summary.Correct.ToString(c)}/{summary.Total.ToString(c)}), "
                            + $"failures {summary.Failures.ToString(c)} -> {Path.Combine(Path.GetFullPath(outDir), EvaluationFiles.Summary)}");
                    }

                    return Task.CompletedTask;
                }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command BuildJudge()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "The output directory of a finished question run (results.jsonl, summary.json).", Required = true };
        var judgeConfig = new Option<FileInfo>("--judge-config") { Description = "The judge config: an OpenAI-compatible model and a verdict cache (see docs/BACKENDS.md).", Required = true, HelpName = "file" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress display and no closing line." };
        var command = new Command("judge", "Judge a question run's answers with a model: exact-match and judged accuracy side by side in summary.json (resumable; verdicts in judgements.jsonl).");
        command.Options.Add(output);
        command.Options.Add(judgeConfig);
        command.Options.Add(quiet);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string outDir = parse.GetValue(output)!.FullName;
            string config = parse.GetValue(judgeConfig)!.FullName;
            bool isQuiet = parse.GetValue(quiet);
            return await RunGuardedAsync(() => JudgeAsync(config, outDir, isQuiet, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task JudgeAsync(string configPath, string outDir, bool quiet, CancellationToken cancellationToken)
    {
        JudgeConfig config = JudgeConfig.Load(configPath, CliNotes.ForConfig());
        using SqliteCacheStore? cache = config.CachePath is null ? null : SqliteCacheStore.Open(config.CachePath);
        IChatClient client = ModelClientBuilder.ForEndpoint(config.Backend);
        var judge = new ChatAnswerJudge(client, config.Backend.Model, cache, temperature: config.Backend.Temperature ?? 0);
        JudgeSummary s = await EvaluationConsole.RunWithProgressAsync(p => AnswerJudging.RunAsync(outDir, judge, config.Concurrency, p, cancellationToken), quiet).ConfigureAwait(false);
        if (!quiet)
        {
            var c = CultureInfo.InvariantCulture;
            string errors = s.Errors == 0 ? "" : $", {s.Errors.ToString(c)} without a verdict (judged wrong; re-run to ask again)";
            Console.Out.WriteLine(
                $"judged by {s.Model}: exact match {(s.ExactAccuracy * 100).ToString("0.00", c)}% ({s.ExactCorrect.ToString(c)}/{s.Rows.ToString(c)}), "
                + $"judged {(s.JudgedAccuracy * 100).ToString("0.00", c)}% ({s.JudgedCorrect.ToString(c)}/{s.Rows.ToString(c)}); "
                + $"{s.Asked.ToString(c)} answers asked about, {s.Calls.ToString(c)} model calls, {s.CacheHits.ToString(c)} cache hits{errors} -> {Path.Combine(outDir, EvaluationFiles.Summary)}");
        }
    }

    private static async Task<int> RunGuardedAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("neptune: interrupted; completed rows are kept and summary.json marks the run incomplete; re-run the same command to resume");
            return 130;
        }
    }

    private static string Describe(EvaluationSummary s, string summaryPath)
    {
        var c = CultureInfo.InvariantCulture;
        string state = s.Complete ? "" : $" (incomplete: {s.Total.ToString(c)} of {s.Selected.ToString(c)})";
        string detection = s.Detection is { } d
            ? $", detection P {(d.Precision * 100).ToString("0.00", c)}% R {(d.Recall * 100).ToString("0.00", c)}% over {d.Images.ToString(c)} images"
            : "";
        string session = s.Evaluated == 0
            ? $"nothing left to evaluate ({s.Resumed.ToString(c)} rows resumed)"
            : s.Resumed > 0
                ? $"{s.Evaluated.ToString(c)} evaluated + {s.Resumed.ToString(c)} resumed, {s.QuestionsPerSecond.ToString("0", c)} q/s"
                : $"{s.QuestionsPerSecond.ToString("0", c)} q/s";
        string rec = s.Referring is { } r
            ? $", TPR {(r.Tpr * 100).ToString("0.00", c)}% TNR {(r.Tnr * 100).ToString("0.00", c)}% balanced {(r.BalancedAccuracy * 100).ToString("0.00", c)}%"
                + (r.MeanIou is double iou ? $" mean IoU {iou.ToString("0.000", c)}" : "")
            : "";
        return $"accuracy {(s.Accuracy * 100).ToString("0.00", c)}% ({s.Correct.ToString(c)}/{s.Total.ToString(c)}){rec}, failures {s.Failures.ToString(c)}{detection}, "
            + $"{session}, wall {s.WallSeconds.ToString("0.00", c)} s{state} -> {summaryPath}";
    }
}
