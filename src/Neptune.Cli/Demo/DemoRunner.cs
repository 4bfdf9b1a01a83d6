using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Neptune.Cli.Conventions;
using Neptune.Clevr;
using Neptune.Clevr.Translation;
using Neptune.Clevr2D;
using Neptune.Configuration;
using Neptune.Evaluation;
using Neptune.Imaging;
using Neptune.Language;
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
}

/// <summary>One answered question of the demo.</summary>
internal sealed record DemoAnswer(int Number, ClevrQuestion Question, string Program, string? Answer, string? Error, ReportItem Report)
{
    public bool Correct => Error is null && string.Equals(Answer, Question.Answer, StringComparison.Ordinal);
}

/// <summary>
/// The embedded default: renders real CLEVR scenes, perceives them, and answers one question of every CLEVR question
/// family through the program language, then writes an HTML report.
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

        ClevrSceneSet scenes = ClevrSceneReader.LoadAll(scenesPath);
        var engine = new ProgramEngine();
        var logic = LogicOptions.Default with { Kind = options.Logic };
        var images = new ConcurrentDictionary<int, Lazy<(RgbaImage Image, IScenePerception World)>>();
        var answers = new DemoAnswer[picked.Count];

        await Parallel.ForEachAsync(Enumerable.Range(0, picked.Count), new ParallelOptions
        {
            MaxDegreeOfParallelism = Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        }, (i, ct) =>
        {
            ClevrQuestion q = picked[i];
            ClevrScene scene = scenes.GetByImageIndex(q.ImageIndex);
            var (image, world) = images.GetOrAdd(q.ImageIndex, _ => new Lazy<(RgbaImage, IScenePerception)>(() =>
            {
                RgbaImage rendered = ClevrRenderer.Render(scene);
                IScenePerception w = options.Perception == DemoPerception.Pixels ? pixelWorld(scene, rendered) : new SceneWorld(scene);
                return (rendered, w);
            })).Value;
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

        double seconds = clock.Elapsed.TotalSeconds;
        string perception = options.Perception == DemoPerception.Pixels ? "pixel perception (rendered CLEVR-2D images)" : "scene annotations";
        string accuracy = string.Create(CultureInfo.InvariantCulture,
            $"accuracy: {correct}/{answers.Length} ({100.0 * correct / Math.Max(1, answers.Length):0.0}%) over {families.Count} question families, {perception}, {options.Logic} logic, {seconds:0.0} s");
        output.WriteLine();
        output.WriteLine(accuracy);

        await HtmlReport.WriteAsync(reportPath, "Neptune demo: CLEVR questions on rendered scenes",
            [accuracy, $"questions: {questionsPath}", $"scenes: {scenesPath}"],
            answers.Select(a => a.Report).ToArray(), cancellationToken).ConfigureAwait(false);
        output.WriteLine($"report: {Path.GetFullPath(reportPath)}");
        return 0;
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
