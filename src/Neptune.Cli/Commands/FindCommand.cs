using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Neptune.Cli.Conventions;
using Neptune.Clevr;
using Neptune.Configuration;
using Neptune.Evaluation;
using Neptune.Evaluation.Referring;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Language.Syntax;
using Neptune.Logic;
using Neptune.Perception;
using Neptune.Programs.Generation;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune find</c>: one referring expression over many images (VIRO's "one query, N images"). The program is
/// produced once — read from <c>--program</c>, or generated (or found in the program cache) through <c>--llm-config</c> —
/// validated and prepared once, then run on every image concurrently. Exit codes: 0 when at least one image got a
/// result (target or no target); 1 when every image failed, or no program could be generated; 2 on bad input (a missing
/// file or directory, no images, an invalid program file, flags that do not go together); 130 when interrupted (the
/// rows done so far are kept and summary.json says <c>interrupted</c>).
/// </summary>
internal static class FindCommand
{
    public static Command Build()
    {
        var query = new Option<string>("--query") { Description = "The referring expression (sent to the model with --llm-config; recorded with --program).", Required = true, HelpName = "text" };
        var images = new Option<DirectoryInfo?>("--images") { Description = "A directory of PNG/JPEG pictures: CLEVR-2D pictures (480×320) perceived from pixels, or any pictures with --perception vlm.", HelpName = "dir" };
        var scenes = new Option<FileInfo?>("--scenes") { Description = "A CLEVR scenes file: one image per scene.", HelpName = "file" };
        var perception = new Option<FindPerception>("--perception")
        {
            Description = "scene: the annotations of --scenes; pixels: each scene rendered as a CLEVR-2D picture (or each --images file) perceived from pixels; vlm: the vision-language model of --vision scores the scenes' annotated boxes on their rendered pictures, or the boxes its detector finds in each --images file.",
            DefaultValueFactory = _ => FindPerception.Pixels,
        };
        var vision = new Option<FileInfo?>("--vision") { Description = "For --perception vlm: the config of neptune ask (vision endpoints, score cache, scoring, detector).", HelpName = "file" };
        var objects = new Option<string?>("--objects") { Description = "For --perception vlm with --images: comma-separated names the detector looks for (default: the <objects> of a generated program, else 'object').", HelpName = "names" };
        var program = new Option<FileInfo?>("--program") { Description = "The program file (.py) to run on every image.", HelpName = "file" };
        var llmConfig = new Option<FileInfo?>("--llm-config") { Description = "A programs config: the program is generated once for --query (or read from its program cache).", HelpName = "file" };
        var logic = new Option<LogicKind>("--logic") { Description = "The soft logic.", DefaultValueFactory = _ => LogicKind.Godel };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N images (scenes in file order, files by name)." }.Range(1, int.MaxValue);
        var output = new Option<DirectoryInfo>("--out") { Description = "The output directory (created if missing): results.jsonl and summary.json are replaced.", Required = true, HelpName = "dir" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Images worked on at once (default: the processor count)." }.Range(1, 1024);
        var groundTruth = new Option<FileInfo?>("--ground-truth") { Description = "A frame sequence's ground truth (JSON lines: image, clip, frame, box or null): adds RefEgo's mSTIoU, Acc@0.5+n and TPR to summary.json.", HelpName = "file" };
        var evaluation = EvaluationOption.Create();
        var thresholds = new Option<FileInfo?>("--thresholds") { Description = "Per-label verifier thresholds δ_l (the JSON file `neptune calibrate` writes); other labels keep δ = 0.5.", HelpName = "file" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress on stderr and no closing line." };

        var command = new Command("find", "Find what one referring expression refers to in many images: the program is written once and run on every image concurrently.");
        command.Options.Add(query);
        command.Options.Add(images);
        command.Options.Add(scenes);
        command.Options.Add(perception);
        command.Options.Add(vision);
        command.Options.Add(objects);
        command.Options.Add(program);
        command.Options.Add(llmConfig);
        command.Options.Add(logic);
        command.Options.Add(limit);
        command.Options.Add(output);
        command.Options.Add(concurrency);
        command.Options.Add(groundTruth);
        command.Options.Add(evaluation);
        command.Options.Add(thresholds);
        command.Options.Add(quiet);

        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output;
            TextWriter stderr = parse.InvocationConfiguration.Error;
            string text = parse.GetValue(query)!;
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UsageException("--query: the referring expression is empty");
            }

            DirectoryInfo? imagesDir = parse.GetValue(images);
            FileInfo? scenesFile = parse.GetValue(scenes);
            FileInfo? programFile = parse.GetValue(program);
            FileInfo? configFile = parse.GetValue(llmConfig);
            FindPerception kind = parse.GetValue(perception);
            FileInfo? visionFile = parse.GetValue(vision);
            string? objectList = parse.GetValue(objects);
            EvaluationMode mode = EvaluationOption.Read(parse, evaluation) ?? EvaluationMode.Eager;
            if ((imagesDir is null) == (scenesFile is null))
            {
                throw new UsageException("give exactly one of --images DIR and --scenes FILE");
            }

            if ((programFile is null) == (configFile is null))
            {
                throw new UsageException("give exactly one of --program FILE and --llm-config FILE");
            }

            if (imagesDir is not null && kind == FindPerception.Scene)
            {
                throw new UsageException("--perception scene reads scene annotations: use it with --scenes; --images are perceived from pixels or by --perception vlm");
            }

            if ((kind == FindPerception.Vlm) != (visionFile is not null))
            {
                throw new UsageException(kind == FindPerception.Vlm
                    ? "--perception vlm needs --vision FILE (the config of neptune ask: vision endpoints and detector)"
                    : "--vision is for --perception vlm");
            }

            if (objectList is not null && !(kind == FindPerception.Vlm && imagesDir is not null))
            {
                throw new UsageException("--objects names what the detector looks for: use it with --perception vlm and --images");
            }

            string? visionPath = visionFile is null ? null : InputFiles.RequireFile(visionFile.FullName, "--vision");

            string outDir = InputFiles.RequireWritableDirectory(parse.GetValue(output)!.FullName, "--out");
            int? max = parse.GetValue(limit);

            // Inputs first: nothing is written until they are read.
            var load = Stopwatch.StartNew();
            IReadOnlyList<FindImage> list;
            List<ClevrScene>? sceneList = null;
            IReadOnlyList<string>? fileList = null;
            string inputPath;
            FileInfo? truthFile = parse.GetValue(groundTruth);
            string? truthPath = truthFile is null ? null : InputFiles.RequireFile(truthFile.FullName, "--ground-truth");
            HashSet<string> inputNames = new(StringComparer.Ordinal);
            if (scenesFile is not null)
            {
                inputPath = InputFiles.RequireFile(scenesFile.FullName, "--scenes");
                IEnumerable<ClevrScene> all = ClevrSceneReader.Read(inputPath);
                if (truthPath is not null)
                {
                    // Ground truth may name any image of the input, also one beyond --limit.
                    List<ClevrScene> every = [.. all];
                    inputNames.UnionWith(FindImages.FromScenes(every, ReferringPerception.Scene).Select(i => i.Name));
                    all = every;
                }

                sceneList = [.. max is int m ? all.Take(m) : all];
                list = kind == FindPerception.Vlm ? [] : FindImages.FromScenes(sceneList, kind == FindPerception.Scene ? ReferringPerception.Scene : ReferringPerception.Pixels);
                if (sceneList.Count == 0)
                {
                    throw new UsageException($"--scenes: '{ConfigSource.Display(inputPath)}' has no scenes");
                }
            }
            else
            {
                inputPath = InputFiles.RequireDirectory(imagesDir!.FullName, "--images");
                IReadOnlyList<string> files = FindImages.Files(inputPath);
                inputNames.UnionWith(files.Select(Path.GetFileName)!);
                fileList = max is int m && m < files.Count ? [.. files.Take(m)] : files;
                list = kind == FindPerception.Vlm ? [] : FindImages.FromFiles(fileList);
                if (fileList.Count == 0)
                {
                    throw new UsageException($"--images: no PNG or JPEG files (.png, .jpg, .jpeg) in '{ConfigSource.Display(inputPath)}'");
                }
            }

            IReadOnlyDictionary<string, SequenceLabel>? labels = truthPath is null
                ? null
                : SequenceGroundTruth.Read(truthPath, $"--ground-truth: {ConfigSource.Display(truthPath)}", inputNames);
            IReadOnlyDictionary<string, float>? labelThresholds = parse.GetValue(thresholds) is { } thresholdsFile
                ? LabelThresholds.Read(InputFiles.RequireFile(thresholdsFile.FullName, "--thresholds"))
                : null;

            // The vision model's client and score cache, for --perception vlm: a bad config is bad input, before anything is written.
            using FindVlmImages? vlm = visionPath is null ? null : FindVlmImages.Create(visionPath, VerificationSettings.Default.DetectorThreshold, cancellationToken);
            load.Stop();

            // T_pre: the program, once (read, or generated / found in the cache; then validated and prepared).
            var total = Stopwatch.StartNew();
            string? programPath = programFile?.FullName;
            string? programSource = programPath is null ? null : InputFiles.ReadText(programPath, "--program");
            ProgramsLlmSource? llm = configFile is null ? null : ProgramsLlmSource.Create(InputFiles.RequireFile(configFile.FullName, "--llm-config"), cancellationToken);
            var engine = new ProgramEngine();
            string source;
            string origin;
            IReadOnlyList<string> generatedObjects = [];
            if (programSource is not null)
            {
                source = programSource;
                origin = "file";
            }
            else
            {
                GenerationResult generated = await llm!.GenerateAsync(text).ConfigureAwait(false);
                if (generated.Program is null)
                {
                    Directory.CreateDirectory(outDir);
                    llm.WriteReport(Path.Combine(outDir, "programs.json"));
                    stderr.WriteLine($"neptune: error: find: no program for the query: {OneLine(generated.FailureMessage ?? "no program")} ({GenerationFailureName(generated)}); see {Path.Combine(outDir, "programs.json")}");
                    return CliRunner.Failure;
                }

                source = generated.Program;
                origin = generated.FromCache ? "cache" : "llm";
                generatedObjects = generated.Objects;
            }

            PreparedProgram prepared = Prepare(engine, source, programPath);
            if (vlm is not null)
            {
                // The detector looks for what --objects names, else what the generated program's <objects> names, else every object.
                IReadOnlyList<string> names = objectList is not null
                    ? [.. objectList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
                    : generatedObjects;
                list = sceneList is not null ? vlm.FromScenes(sceneList) : vlm.FromFiles(fileList!, names.Count > 0 ? names : ["object"]);
            }
            double pre = total.Elapsed.TotalMilliseconds;

            Directory.CreateDirectory(outDir);
            string resultsPath = Path.Combine(outDir, FindFiles.Results);
            string summaryPath = Path.Combine(outDir, FindFiles.Summary);
            var logicOptions = LogicOptions.Default with { Kind = parse.GetValue(logic) };
            int workers = parse.GetValue(concurrency) ?? Environment.ProcessorCount;
            var finder = new ReferringFinder(prepared)
            {
                Logic = logicOptions,
                Concurrency = workers,
                Evaluation = mode,
                Referring = labelThresholds is null
                    ? ReferringOptions.Default
                    : ReferringOptions.Default with { Settings = VerificationSettings.Default with { LabelThresholds = labelThresholds } },
            };
            bool isQuiet = parse.GetValue(quiet);
            var display = isQuiet ? null : new FindProgressDisplay(stderr, Console.IsErrorRedirected || !ReferenceEquals(stderr, Console.Error));

            bool interrupted = false;
            var exec = Stopwatch.StartNew();
            using var writer = new FindResultsWriter(resultsPath, labels);
            try
            {
                await finder.RunAsync(list, writer.Add, display, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }

            exec.Stop();
            total.Stop();
            display?.Finish();
            var summary = new FindSummary
            {
                Query = text.Trim(),
                Input = scenesFile is not null ? "scenes" : "images",
                InputPath = inputPath,
                Perception = CliConventions.EnumName(kind),
                Logic = CliConventions.EnumName(logicOptions.Kind),
                Concurrency = workers,
                ProgramSource = origin,
                ProgramPath = programPath,
                ProgramHash = prepared.Hash,
                ProgramRuns = finder.Runs,
                Selected = list.Count,
                Rows = writer,
                LoadMilliseconds = load.Elapsed.TotalMilliseconds,
                PreMilliseconds = pre,
                ExecWallMilliseconds = exec.Elapsed.TotalMilliseconds,
                TotalMilliseconds = total.Elapsed.TotalMilliseconds,
                Interrupted = interrupted,
                GroundTruthPath = truthPath,
                Sequence = labels is null ? null : SequenceMetrics.Of(writer.Frames),
                Vision = vlm?.Counters,
            };
            summary.Write(summaryPath);
            if (llm is not null)
            {
                string report = Path.Combine(outDir, "programs.json");
                llm.WriteReport(report);
                ProgramsLlmSource.MergeIntoSummary(summaryPath, report);
            }

            if (interrupted)
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"neptune: interrupted after {writer.Written} of {list.Count} images; {FindFiles.Results} holds them and {FindFiles.Summary} marks the run interrupted"));
                return CliRunner.Interrupted;
            }

            if (!isQuiet)
            {
                stdout.WriteLine($"find: {summary.Describe()} -> {summaryPath}");
            }

            return writer.Failures == writer.Written ? CliRunner.Failure : CliRunner.Success;
        });
        return command;
    }

    /// <summary>Validates and prepares the program; an invalid program file is bad input.</summary>
    private static PreparedProgram Prepare(ProgramEngine engine, string source, string? path)
    {
        string name = path is null ? "program.py" : Path.GetFileName(path);
        ProgramCheck check = engine.Check(source, name);
        if (check.IsValid)
        {
            return check.Program!;
        }

        Diagnostic first = check.Diagnostics.First(d => d.IsError);
        int errors = check.Diagnostics.Count(d => d.IsError);
        string more = errors > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {errors - 1} more error(s); see 'neptune program check')") : "";
        throw new UsageException(path is null
            ? $"the generated program is invalid: {first}{more}"
            : $"--program: {first}{more}");
    }

    private static string GenerationFailureName(GenerationResult result) => result.Failure switch
    {
        GenerationFailureKind.InvalidAfterRepairs => FailureKinds.Validation,
        GenerationFailureKind.RuntimeErrorAfterRepairs => FailureKinds.Runtime,
        GenerationFailureKind.ModelError => "model_error",
        _ => FailureKinds.NoProgram,
    };

    private static string OneLine(string message) =>
        string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// Progress on stderr, as <c>eval</c> shows it: one line every 5 s when stderr is not a terminal, otherwise one line
    /// rewritten in place at most five times a second.
    /// </summary>
    private sealed class FindProgressDisplay(TextWriter writer, bool lines) : IProgress<FindProgress>
    {
        private readonly Lock _gate = new();
        private readonly TimeSpan _interval = lines ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(200);
        private TimeSpan _last;
        private bool _drawn;

        public void Report(FindProgress value)
        {
            lock (_gate)
            {
                bool last = value.Completed == value.Total;
                if (value.Elapsed - _last < _interval && !(last && !lines))
                {
                    return;
                }

                _last = value.Elapsed;
                var c = CultureInfo.InvariantCulture;
                double rate = value.ImagesPerSecond;
                string eta = rate > 0 && !last ? string.Create(c, $", eta {(value.Total - value.Completed) / rate:0} s") : "";
                string line = string.Create(c, $"find: {value.Completed}/{value.Total} images, {rate:0} images/s, {value.Targets} target, {value.NoTarget} no target, {value.Failures} failed{eta}");
                if (lines)
                {
                    writer.WriteLine(line);
                }
                else
                {
                    writer.Write("\r" + line.PadRight(100));
                    _drawn = true;
                }

                writer.Flush();
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                if (_drawn)
                {
                    writer.WriteLine();
                }

                writer.Flush();
            }
        }
    }
}

/// <summary>How <c>find</c> perceives its images (<c>--perception</c>).</summary>
internal enum FindPerception
{
    /// <summary>The annotations of <c>--scenes</c>.</summary>
    Scene = 0,

    /// <summary>CLEVR-2D pictures (rendered scenes or <c>--images</c> files) perceived from pixels.</summary>
    Pixels = 1,

    /// <summary>The vision-language model of <c>--vision</c>: annotated boxes of rendered scenes, or the boxes its detector finds in <c>--images</c> files.</summary>
    Vlm = 2,
}
