using System.CommandLine;
using System.Globalization;
using Neptune.Clevr;
using Neptune.Evaluation;
using Neptune.Evaluation.Programs;
using Neptune.Evaluation.Results;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune eval</c>: evaluates programs on CLEVR questions and writes results and a summary; <c>neptune eval merge</c>
/// combines shard outputs. Exit codes: 0 when the run completed (whatever the accuracy), 2 on configuration errors,
/// 1 on I/O failures, 130 when interrupted.
/// </summary>
internal static class EvalCommand
{
    public static Command Build()
    {
        var config = new Option<FileInfo?>("--config") { Description = "A JSON config file; flags override its values." };
        var questions = Text("--questions", "The CLEVR question file (default: the shared 10,000 dev questions).");
        var scenes = Text("--scenes", "The CLEVR scene file (default: the shared 1,000 train scenes).");
        var perception = Text("--perception", "Where scores come from: scene (annotations, default), pixels (each scene's picture, rendered or read from --images) or vlm (a vision-language model over the picture, see --vision).");
        var images = Text("--images", "For --perception pixels or vlm: a directory of PNG or JPEG pictures named by each scene's image_filename (default: render each scene).");
        var programs = Text("--programs", "Where programs come from: gt (translated official programs, default) or cache.");
        var programCache = Text("--program-cache", "The program-cache file (JSON lines {\"question\", \"program\"}) for --programs cache.");
        var logic = Text("--logic", "The soft logic: godel (default), product, lukasiewicz or crisp.");
        var threshold = Text("--threshold", "The yes/no cut of a soft truth value, in (0, 1] (default 0.5).");
        var limit = Text("--limit", "Evaluate at most this many questions (after sharding).");
        var concurrency = Text("--concurrency", "Worker threads (default: the processor count).");
        var shard = Text("--shard", "Evaluate shard K of N (1-based), the questions whose id mod N is K-1.");
        var output = Text("--out", "The output directory (results.jsonl, summary.json, run.json).");
        var noiseSeed = Text("--noise-seed", "Seed of the perception noise model (default 0; scene perception only).");
        var noiseSpread = Text("--noise-spread", "Spread of the score noise, in [0, 1] (default 0; scene perception only).");
        var noiseFlip = Text("--noise-flip", "Probability that a fact is perceived wrongly, in [0, 1] (default 0; scene perception only).");
        var preparedCache = Text("--prepared-cache", "How many prepared programs to keep in memory (default 4096; 0 disables).");
        var forceRestart = new Option<bool>("--force-restart") { Description = "Discard results in --out that were made with different settings." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress display and no closing line." };
        var llmConfig = new Option<FileInfo?>("--llm-config") { Description = "The programs config (model backend, program cache) for --programs llm." };

        var command = new Command("eval", "Evaluate programs on CLEVR questions; resumable, shardable, crash-safe.");
        var vision = new Option<FileInfo?>("--vision") { Description = "For --perception vlm: the vision config of neptune ask (endpoints, score cache, scoring); the scenes' annotated boxes are the objects." };
        Option[] all = [config, questions, scenes, perception, images, programs, programCache, logic, threshold, limit, concurrency, shard, output, noiseSeed, noiseSpread, noiseFlip, preparedCache, forceRestart, quiet, llmConfig, vision];
        foreach (Option option in all)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            bool isQuiet = parse.GetValue(quiet);
            EvaluationSettings settings;
            try
            {
                EvaluationConfig values = parse.GetValue(config) is { } file ? EvaluationConfig.Load(file.FullName) : new EvaluationConfig();
                var flags = new EvaluationConfig
                {
                    Questions = parse.GetValue(questions),
                    Scenes = parse.GetValue(scenes),
                    Perception = parse.GetValue(perception),
                    Images = parse.GetValue(images),
                    Programs = parse.GetValue(programs),
                    ProgramCache = parse.GetValue(programCache),
                    Logic = parse.GetValue(logic),
                    Threshold = ParseDouble(parse.GetValue(threshold), "--threshold"),
                    Limit = ParseInt(parse.GetValue(limit), "--limit"),
                    Concurrency = ParseInt(parse.GetValue(concurrency), "--concurrency"),
                    Shard = parse.GetValue(shard),
                    Out = parse.GetValue(output),
                    NoiseSeed = ParseLong(parse.GetValue(noiseSeed), "--noise-seed"),
                    NoiseSpread = ParseDouble(parse.GetValue(noiseSpread), "--noise-spread"),
                    NoiseFlip = ParseDouble(parse.GetValue(noiseFlip), "--noise-flip"),
                    PreparedCache = ParseInt(parse.GetValue(preparedCache), "--prepared-cache"),
                };
                settings = values.Overlay(flags).Resolve(parse.GetValue(forceRestart));
            }
            catch (EvaluationConfigException e)
            {
                Console.Error.WriteLine($"neptune eval: {e.Message}");
                return 2;
            }

            return await RunGuardedAsync(
                async () =>
                {
                    ProgramsLlmSource? llm = settings.Programs == ProgramSourceKind.Llm ? ProgramsLlmSource.Create(parse.GetValue(llmConfig), cancellationToken) : null;
                    using AskEvalPerception? vlm = settings.Perception == PerceptionKind.Vlm ? AskEvalPerception.Create(parse.GetValue(vision), settings.ImagesDirectory) : null;
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
                },
                "eval").ConfigureAwait(false);
        });

        command.Subcommands.Add(BuildMerge());
        return command;
    }

    private static Command BuildMerge()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "The shard output directories.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "The merged output directory.", Required = true };
        var quiet = new Option<bool>("--quiet") { Description = "No closing line." };
        var command = new Command("merge", "Combine the outputs of shards 1..N of one run into one results file and summary.");
        command.Arguments.Add(inputs);
        command.Options.Add(output);
        command.Options.Add(quiet);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] dirs = parse.GetValue(inputs) ?? [];
            string outDir = parse.GetValue(output)!;
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
                },
                "eval merge").ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunGuardedAsync(Func<Task> action, string name)
    {
        try
        {
            await action().ConfigureAwait(false);
            return 0;
        }
        catch (EvaluationConfigException e)
        {
            Console.Error.WriteLine($"neptune {name}: {e.Message}");
            return 2;
        }
        catch (ClevrDataException e)
        {
            Console.Error.WriteLine($"neptune {name}: invalid data: {e.Message}");
            return 2;
        }
        catch (ProgramCacheFormatException e)
        {
            Console.Error.WriteLine($"neptune {name}: invalid program cache: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"neptune {name}: interrupted; completed rows are kept, re-run the same command to resume.");
            return 130;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"neptune {name}: I/O failure: {e.Message}");
            return 1;
        }
    }

    private static string Describe(EvaluationSummary s, string summaryPath)
    {
        var c = CultureInfo.InvariantCulture;
        string state = s.Complete ? "" : $" (incomplete: {s.Total.ToString(c)} of {s.Selected.ToString(c)})";
        string detection = s.Detection is { } d
            ? $", detection P {(d.Precision * 100).ToString("0.00", c)}% R {(d.Recall * 100).ToString("0.00", c)}% over {d.Images.ToString(c)} images"
            : "";
        return $"accuracy {(s.Accuracy * 100).ToString("0.00", c)}% ({s.Correct.ToString(c)}/{s.Total.ToString(c)}), failures {s.Failures.ToString(c)}{detection}, "
            + $"{s.QuestionsPerSecond.ToString("0", c)} q/s, wall {s.WallSeconds.ToString("0.00", c)} s{state} -> {summaryPath}";
    }

    private static Option<string?> Text(string name, string description) => new(name) { Description = description };

    private static int? ParseInt(string? text, string flag) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
        : throw new EvaluationConfigException($"{flag}: expected a whole number, got '{text}'.");

    private static long? ParseLong(string? text, string flag) =>
        text is null ? null
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v
        : throw new EvaluationConfigException($"{flag}: expected a whole number, got '{text}'.");

    private static double? ParseDouble(string? text, string flag) =>
        text is null ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
        : throw new EvaluationConfigException($"{flag}: expected a number, got '{text}'.");
}
