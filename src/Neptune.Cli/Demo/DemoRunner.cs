using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Neptune.Cli.Conventions;
using Neptune.Clevr;
using Neptune.Clevr.Translation;
using Neptune.Clevr2D;
using Neptune.Configuration;
using Neptune.Evaluation;
using Neptune.Evaluation.Referring;
using Neptune.Imaging;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Logic;
using Neptune.Perception;
using Neptune.Reporting;

namespace Neptune.Cli.Demo;

/// <summary>How the demo perceives a scene.</summary>
internal enum DemoPerception
{
    /// <summary>From the rendered image's pixels only.</summary>
    Pixels,

    /// <summary>From the scene's annotations.</summary>
    Scene,
}

/// <summary>Settings of one demo run.</summary>
internal sealed record DemoOptions
{
    public required string DataDirectory { get; init; }

    public required string OutputDirectory { get; init; }

    public DemoPerception Perception { get; init; } = DemoPerception.Pixels;

    public LogicKind Logic { get; init; } = LogicKind.Godel;

    /// <summary>How many question families to ask (one question each); 0 = all of them.</summary>
    public int Families { get; init; }

    public bool ShowPrograms { get; init; } = true;

    /// <summary>How many referring expressions of each CLEVR-Ref+ template family to ground, of each kind (with a target, without one); 0 = none.</summary>
    public int Referring { get; init; } = 1;

    /// <summary>The style the official referring-expression programs are translated into.</summary>
    public ReferringStyle ReferringStyle { get; init; } = ReferringStyle.Viro;

    /// <summary>The CLEVR-Ref+ file; null: <c>../clevr_ref/clevr_ref_train1000_dev.json</c> beside <see cref="DataDirectory"/>.</summary>
    public string? RefexpsPath { get; init; }

    /// <summary>Where the report keeps its pictures: beside it in <c>report_files/</c>, or inside the page.</summary>
    public ReportImages ReportImages { get; init; } = ReportImages.Files;
}

/// <summary>One grounded referring expression of the demo.</summary>
internal sealed record DemoReferring(int Number, ClevrRefexp Item, ReferringRow Row, ReferringReportItem Report);

/// <summary>One answered question of the demo.</summary>
internal sealed record DemoAnswer(int Number, ClevrQuestion Question, string Program, string? Answer, string? Error, ReportItem Report)
{
    public bool Correct => Error is null && string.Equals(Answer, Question.Answer, StringComparison.Ordinal);
}

/// <summary>
/// The embedded default: renders real CLEVR scenes, perceives them, answers one question of every CLEVR question
/// family and grounds referring expressions of every CLEVR-Ref+ template family (with and without a target) through
/// the program language, then writes an HTML report.
/// </summary>
internal sealed class DemoRunner(DemoOptions options, Func<ClevrScene, RgbaImage, IScenePerception> pixelWorld)
{
    public async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string questionsPath = InputFiles.RequireFile(Path.Combine(options.DataDirectory, ClevrDataFiles.TrainQuestions10000), "--data");
        string scenesPath = InputFiles.RequireFile(Path.Combine(options.DataDirectory, ClevrDataFiles.TrainScenes1000), "--data");

        // The report is the run's product: make sure it can be written before spending the run on it.
        string reportPath = InputFiles.RequireWritableFile(Path.Combine(options.OutputDirectory, "report.html"), "--out");
        Directory.CreateDirectory(options.OutputDirectory);

        // One question per family: the first one in the file, in file order.
        var picked = new List<ClevrQuestion>();
        var families = new HashSet<(string?, int?)>();
        foreach (ClevrQuestion q in ClevrQuestionReader.Read(questionsPath))
        {
            if (families.Add((q.TemplateFilename, q.QuestionFamilyIndex)))
            {
                picked.Add(q);
                if (options.Families > 0 && picked.Count == options.Families)
                {
                    break;
                }
            }
        }

        if (options.Families > families.Count)
        {
            throw new UsageException($"--families: the data has {families.Count} question families; expected a whole number from 0 to {families.Count}, got {options.Families}");
        }

        string? refexpsPath = null;
        List<ClevrRefexp> refexps = [];
        var pickClock = new Stopwatch();
        if (options.Referring > 0)
        {
            pickClock.Start();
            refexpsPath = InputFiles.RequireFile(options.RefexpsPath ?? ClevrDataFiles.RefexpsBeside(options.DataDirectory), "--refexps");
            refexps = PickReferring(refexpsPath, options.Referring);
            pickClock.Stop();
        }

        ClevrSceneSet scenes = ClevrSceneReader.LoadAll(scenesPath);
        foreach (ClevrRefexp r in refexps)
        {
            if (!scenes.TryGetByImageIndex(r.ImageIndex, out _))
            {
                throw new ClevrDataException($"scene {r.ImageIndex} of refexp {r.RefexpIndex} is not in the scene file", refexpsPath!, r.RefexpIndex);
            }
        }

        var engine = new ProgramEngine();
        var logic = LogicOptions.Default with { Kind = options.Logic };
        var images = new ConcurrentDictionary<int, Lazy<(RgbaImage Image, IScenePerception World)>>();
        (RgbaImage Image, IScenePerception World) Perceive(ClevrScene scene) => images.GetOrAdd(scene.ImageIndex, _ => new Lazy<(RgbaImage, IScenePerception)>(() =>
        {
            RgbaImage rendered = ClevrRenderer.Render(scene);
            IScenePerception w = options.Perception == DemoPerception.Pixels ? pixelWorld(scene, rendered) : new SceneWorld(scene);
            return (rendered, w);
        })).Value;
        var answers = new DemoAnswer[picked.Count];

        await Parallel.ForEachAsync(Enumerable.Range(0, picked.Count), new ParallelOptions
        {
            MaxDegreeOfParallelism = Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        }, (i, ct) =>
        {
            ClevrQuestion q = picked[i];
            ClevrScene scene = scenes.GetByImageIndex(q.ImageIndex);
            var (image, world) = Perceive(scene);
            answers[i] = Answer(i + 1, q, engine, logic, image, world, scene.Objects.Count, ct);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);

        int correct = 0;
        foreach (DemoAnswer a in answers)
        {
            correct += a.Correct ? 1 : 0;
            string mark = a.Correct ? "ok " : "XX ";
            output.WriteLine($"[{a.Number}/{answers.Length}] {mark} {a.Question.Question}");
            if (options.ShowPrograms)
            {
                foreach (string line in a.Program.TrimEnd('\n').Split('\n'))
                {
                    output.WriteLine($"      | {line}");
                }
            }

            output.WriteLine(a.Error is null
                ? $"      answer: {a.Answer}   expected: {a.Question.Answer}"
                : $"      failed: {a.Error}   expected: {a.Question.Answer}");
        }

        // Each summary line reports its own half's time: picking the referring expressions counts for the second.
        double seconds = (clock.Elapsed - pickClock.Elapsed).TotalSeconds;
        string perception = options.Perception == DemoPerception.Pixels ? "pixel perception (rendered CLEVR-2D images)" : "scene annotations";
        string accuracy = string.Create(CultureInfo.InvariantCulture,
            $"accuracy: {correct}/{answers.Length} ({100.0 * correct / Math.Max(1, answers.Length):0.0}%) over {families.Count} question families, {perception}, {options.Logic} logic, {seconds:0.0} s");

        string? referringLine = null;
        DemoReferring[] grounded = [];
        if (refexps.Count > 0)
        {
            var referClock = Stopwatch.StartNew();
            grounded = await GroundAsync(refexps, scenes, logic, Perceive, cancellationToken).ConfigureAwait(false);
            foreach (DemoReferring g in grounded)
            {
                Print(output, g, grounded.Length);
            }

            referringLine = ReferringLine(grounded, (referClock.Elapsed + pickClock.Elapsed).TotalSeconds);
        }

        output.WriteLine();
        output.WriteLine(accuracy);
        if (referringLine is not null)
        {
            output.WriteLine(referringLine);
        }

        List<string> summary = [accuracy];
        if (referringLine is not null)
        {
            summary.Add(referringLine);
        }

        summary.Add($"questions: {questionsPath}");
        if (refexpsPath is not null)
        {
            summary.Add($"referring expressions: {refexpsPath}");
        }

        summary.Add($"scenes: {scenesPath}");
        string title = grounded.Length > 0 ? "Neptune demo: CLEVR questions and referring expressions on rendered scenes" : "Neptune demo: CLEVR questions on rendered scenes";
        await HtmlReport.WriteAsync(reportPath, title, summary,
            answers.Select(a => a.Report).ToArray(), grounded.Select(g => g.Report).ToArray(), options.ReportImages, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"report: {Path.GetFullPath(reportPath)}");
        return 0;
    }

    /// <summary>
    /// The demo's referring expressions: the first <paramref name="perFamily"/> items with a target and the first
    /// <paramref name="perFamily"/> without one of every template family, in file order; returned by template file,
    /// family, target-present items first.
    /// </summary>
    /// <param name="path">The CLEVR-Ref+ file.</param>
    /// <param name="perFamily">Items of each kind per family.</param>
    /// <returns>The picked items.</returns>
    internal static List<ClevrRefexp> PickReferring(string path, int perFamily)
    {
        var counts = new Dictionary<(string Family, bool NoTarget), int>();
        var picked = new List<ClevrRefexp>();
        foreach (ClevrRefexp item in ClevrRefexpReader.Read(path))
        {
            var key = (item.Family, item.NoTarget);
            int n = counts.GetValueOrDefault(key);
            if (n < perFamily)
            {
                counts[key] = n + 1;
                picked.Add(item);
            }
        }

        return
        [
            .. picked
                .OrderBy(r => r.TemplateFilename ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(r => r.FamilyIndex ?? -1)
                .ThenBy(r => r.NoTarget)
                .ThenBy(r => r.RefexpIndex ?? -1),
        ];
    }

    private async Task<DemoReferring[]> GroundAsync(List<ClevrRefexp> items, ClevrSceneSet scenes, LogicOptions logic, Func<ClevrScene, (RgbaImage Image, IScenePerception World)> perceive, CancellationToken cancellationToken)
    {
        // The same evaluation as `ReferringEvaluation` everywhere else, perceiving through the demo's own (shared) worlds.
        var evaluation = new ReferringEvaluation
        {
            Logic = logic,
            Perception = options.Perception == DemoPerception.Pixels ? ReferringPerception.Pixels : ReferringPerception.Scene,
            Style = options.ReferringStyle,
            Worlds = scene => perceive(scene).World,
            Trace = true,
        };
        var grounded = new DemoReferring[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions
        {
            MaxDegreeOfParallelism = Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        }, (i, ct) =>
        {
            ClevrRefexp item = items[i];
            ClevrScene scene = scenes.GetByImageIndex(item.ImageIndex);
            ReferringRow row = evaluation.Evaluate(item, scenes, ct);
            var (image, world) = perceive(scene);
            bool byObjects = options.Perception == DemoPerception.Scene;
            var report = new ReferringReportItem
            {
                Expression = item.Refexp,
                Image = image,
                ImageName = item.ImageFilename ?? scene.ImageFilename,
                Objects = world.Objects,
                AnnotatedObjects = scene.Objects.Count,
                Category = item.Family,
                ExpectedBoxes = row.ExpectedBoxes,
                ExpectedObjects = byObjects ? row.Expected : [],
                PredictedBoxes = row.PredictedBoxes,
                PredictedObjects = byObjects ? row.Predicted : [],
                PredictedNoTarget = row.PredictedNoTarget,
                Abstention = row.Trace?.Abstention,
                NoTargetReason = row.NoTargetReason,
                Confidence = row.Confidence,
                MeanIou = row.MeanIou,
                Program = row.Program,
                Trace = row.Trace,
                Error = row.Failure,
                Correct = row.Correct,
            };
            grounded[i] = new DemoReferring(i + 1, item, row, report);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        return grounded;
    }

    private void Print(TextWriter output, DemoReferring g, int count)
    {
        ReferringRow row = g.Row;
        string mark = row.Correct ? "ok " : "XX ";
        output.WriteLine($"[R{g.Number}/{count}] {mark} {row.Refexp}");
        if (options.ShowPrograms && row.Program is not null)
        {
            foreach (string line in row.Program.TrimEnd('\n').Split('\n'))
            {
                output.WriteLine($"      | {line}");
            }
        }

        string expected = row.Expected.Count == 0 ? "no target" : Referents(row.Expected.Count);
        string found;
        if (row.Failure is not null)
        {
            found = "failed: " + row.Failure;
        }
        else if (row.PredictedNoTarget)
        {
            TraceAbstention? a = row.Trace?.Abstention;
            found = a is null
                ? $"found: no target ({row.NoTargetReason ?? "no referent"})"
                : string.Create(CultureInfo.InvariantCulture, $"found: no target ({a.Operator} abstained at line {a.Line}: {a.Reason})");
        }
        else
        {
            string iou = row.MeanIou is double m ? string.Create(CultureInfo.InvariantCulture, $"   mean IoU {m:0.00}") : string.Empty;
            found = $"found: {Referents(row.PredictedBoxes.Count)}{iou}";
        }

        output.WriteLine($"      {found}   expected: {expected}");
    }

    private static string Referents(int n) => n == 1 ? "1 object" : string.Create(CultureInfo.InvariantCulture, $"{n} objects");

    private string ReferringLine(DemoReferring[] grounded, double seconds)
    {
        ReferringSummary s = ReferringSummary.Of([.. grounded.Select(g => g.Row)]);
        int families = grounded.Select(g => g.Item.Family).Distinct(StringComparer.Ordinal).Count();
        string style = options.ReferringStyle == ReferringStyle.Viro ? "operator programs" : "soft-logic programs";
        string failures = s.Failures == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {s.Failures} failed");
        return string.Create(CultureInfo.InvariantCulture,
            $"referring expressions: {s.Total} over {families} template families ({s.NoTargetItems} without a target), TPR {s.TruePositives}/{s.TargetItems} ({100 * s.Tpr:0.0}%), TNR {s.TrueNegatives}/{s.NoTargetItems} ({100 * s.Tnr:0.0}%), balanced accuracy {100 * s.BalancedAccuracy:0.0}%{failures}, {style}, {(options.Perception == DemoPerception.Pixels ? "boxes at IoU > 0.5" : "object sets")}, {seconds:0.0} s");
    }

    private static DemoAnswer Answer(int number, ClevrQuestion q, ProgramEngine engine, LogicOptions logic, RgbaImage image, IScenePerception world, int annotated, CancellationToken ct)
    {
        string program = ClevrProgramTranslator.Translate(q.Program);
        string? answer = null;
        string? error = null;
        RunResult? result = null;
        ProgramCheck check = engine.Check(program);
        if (!check.IsValid)
        {
            error = "invalid program: " + check.Diagnostics.First(d => d.IsError);
        }
        else
        {
            result = check.Program!.Run(new RunOptions { Perception = world, Logic = logic, Trace = true, CancellationToken = ct });
            if (!result.Succeeded)
            {
                error = result.Error!.FirstLine;
            }
            else if (AnswerMapper.TryMap(result.Value, logic.CrispThreshold, out string mapped, out string problem))
            {
                answer = mapped;
            }
            else
            {
                error = "bad result: " + problem;
            }
        }

        var report = new ReportItem
        {
            Question = q.Question,
            Image = image,
            ImageName = q.ImageFilename,
            Objects = world.Objects,
            AnnotatedObjects = annotated,
            Program = program,
            Trace = result?.Trace,
            Answer = answer,
            Expected = q.Answer,
            Error = error,
        };
        return new DemoAnswer(number, q, program, answer, error, report);
    }
}
