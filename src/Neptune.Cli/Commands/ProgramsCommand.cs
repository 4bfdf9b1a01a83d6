using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Neptune.Caching;
using Neptune.Cli.Conventions;
using Neptune.Clevr;
using Neptune.Configuration;
using Neptune.Language;
using Neptune.Models;
using Neptune.Models.Middleware;
using Neptune.Programs;
using Neptune.Programs.Caching;
using Neptune.Programs.Generation;
using Neptune.Programs.Prompting;
using Spectre.Console;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune programs</c>: program generation with an OpenAI-compatible model. <c>prompt</c> prints the exact prompt,
/// <c>template</c> prints the built-in template as an editable JSON file, <c>generate</c> generates and caches one
/// program per distinct question (the pre-execution stage). Exit codes: 0 success, 1 when some questions got no
/// program, 2 on configuration errors, 130 when interrupted.
/// </summary>
internal static class ProgramsCommand
{
    public static Command Build()
    {
        var command = new Command("programs", "Generate, cache and inspect programs written by an OpenAI-compatible model.");
        command.Subcommands.Add(BuildPrompt());
        command.Subcommands.Add(BuildTemplate());
        command.Subcommands.Add(BuildGenerate());
        return command;
    }

    private static Command BuildPrompt()
    {
        var question = new Option<string>("--question") { Description = "The question or referring expression.", Required = true };
        var config = new Option<FileInfo?>("--config") { Description = "A programs config file (its template is used)." };
        var template = new Option<FileInfo?>("--template") { Description = "A prompt-template JSON file (overrides the config's)." };
        var command = new Command("prompt", "Print the exact prompt sent for a question.");
        command.Options.Add(question);
        command.Options.Add(config);
        command.Options.Add(template);
        command.SetAction(parse =>
        {
            PromptTemplate t = parse.GetValue(template) is { } file ? PromptTemplate.Load(file.FullName, CliNotes.ForConfig(), ToolDefaults.Template)
                : parse.GetValue(config) is { } c ? ProgramsConfig.Load(c.FullName, CliNotes.ForConfig(), ToolDefaults.Template).Template
                : ToolDefaults.Template;

            var builder = new PromptBuilder(t, new ProgramEngine().Options.Catalogue);
            Console.Out.Write($"# template {t.Version} ({t.Fingerprint})\n\n");
            Console.Out.Write(PromptBuilder.Render(builder.Build(parse.GetValue(question)!)));
            return 0;
        });
        return command;
    }

    private static Command BuildTemplate()
    {
        var name = new Option<string?>("--name")
        {
            Description = "Which built-in template: clevr (the default when a config names none) or photos (VIRO's operators for referring expressions over photos; configs/programs/templates/photos.json is its output).",
            DefaultValueFactory = _ => "clevr",
        }.Choices([.. ToolDefaults.Templates.Keys]);
        var command = new Command("template", "Print a built-in prompt template as JSON, to copy and edit (give it a new version) or to name as programs.template.");
        command.Options.Add(name);
        command.SetAction(parse =>
        {
            Console.Out.Write(ToolDefaults.Templates[parse.GetValue(name)!].ToJson());
            return 0;
        });
        return command;
    }

    private static Command BuildGenerate()
    {
        var questions = new Option<FileInfo>("--questions") { Description = "A CLEVR questions JSON file, or a text file with one question per line.", Required = true };
        var config = new Option<FileInfo>("--config") { Description = "The programs config file (backend and programs sections).", Required = true };
        var cache = new Option<FileInfo?>("--cache") { Description = "The program-cache file (overrides programs.cache of the config)." };
        var limit = new Option<int?>("--limit") { Description = "Use at most this many distinct questions (default: all)." }.Range(1, int.MaxValue);
        var concurrency = new Option<int?>("--concurrency") { Description = "Questions generated at once (overrides programs.concurrency of the config)." }.Range(1, 1024);
        var summary = new Option<FileInfo?>("--summary") { Description = "Write the stage totals as JSON to this file." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress display." };
        var command = new Command("generate", "Generate and cache a program for every distinct question (resumable).");
        foreach (Option o in new Option[] { questions, config, cache, limit, concurrency, summary, quiet })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            ProgramsConfig settings = ProgramsConfig.Load(parse.GetValue(config)!.FullName, CliNotes.ForConfig(), ToolDefaults.Template);
            if (parse.GetValue(cache) is { } c)
            {
                settings = settings with { CachePath = c.FullName };
            }

            if (parse.GetValue(concurrency) is { } n)
            {
                settings = settings with { Concurrency = n };
            }

            List<string> distinct = ReadQuestions(InputFiles.RequireFile(parse.GetValue(questions)!.FullName, "--questions"));
            if (parse.GetValue(limit) is { } max)
            {
                distinct = [.. distinct.Take(max)];
            }

            if (settings.CachePath is null)
            {
                throw new UsageException("programs generate needs a program cache: set programs.cache in the config or pass --cache FILE");
            }

            var usage = new ModelUsage();
            IProgramGenerator generator = settings.CreateGenerator(new ProgramEngine(), usage);

            GenerationStageSummary result;
            try
            {
                result = await RunWithProgressAsync(distinct, generator, settings.Concurrency, parse.GetValue(quiet), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("neptune: interrupted; finished programs are cached, run again to resume");
                return 130;
            }

            string json = SummaryJson(result, settings, usage);
            if (parse.GetValue(summary) is { } file)
            {
                File.WriteAllText(file.FullName, json);
            }

            var ci = CultureInfo.InvariantCulture;
            string database = CacheFiles.DatabasePath(settings.CachePath);
            string cacheState = result.FromCache + result.Generated > 0 ? $"cache {database}" : $"no program was cached in {database}";
            Console.Out.WriteLine(string.Create(ci, $"{result.Questions} questions: {result.FromCache} cached, {result.Generated} generated ({result.Repaired} repaired), {result.Failures.Values.Sum()} failed; {result.Requests} requests ({usage.Retries} retries), {result.InputTokens}+{result.OutputTokens} tokens, {result.Elapsed.TotalSeconds:0.0} s; {cacheState}"));
            foreach ((GenerationFailureKind kind, int count) in result.Failures.OrderBy(p => p.Key))
            {
                string reason = result.FirstFailureMessages.TryGetValue(kind, out string? first) ? $" (first: {OneLine(first)})" : "";
                Console.Out.WriteLine(string.Create(ci, $"  {Kind(kind)}: {count}{reason}"));
            }

            foreach ((ModelFailureKind kind, long count) in usage.FailuresByKind.OrderBy(p => p.Key))
            {
                Console.Out.WriteLine(string.Create(ci, $"    {ModelFailureKinds.Name(kind)}: {count}"));
            }

            return result.Failures.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static string OneLine(string text)
    {
        string line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= 300 ? line : string.Concat(line.AsSpan(0, 297), "...");
    }

    private static async Task<GenerationStageSummary> RunWithProgressAsync(List<string> questions, IProgramGenerator generator, int concurrency, bool quiet, CancellationToken cancellationToken)
    {
        if (quiet || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            int done = 0;
            void Line(GenerationResult r)
            {
                int n = Interlocked.Increment(ref done);
                if (!quiet && (n % 50 == 0 || n == questions.Count))
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n}/{questions.Count} questions"));
                }
            }

            return await ProgramGenerationStage.RunAsync(questions, generator, concurrency, Line, cancellationToken: cancellationToken);
        }

        GenerationStageSummary summary = null!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("programs", autoStart: true, maxValue: Math.Max(1, questions.Count));
                summary = await ProgramGenerationStage.RunAsync(questions, generator, concurrency, _ => task.Increment(1), cancellationToken: cancellationToken);
            });
        return summary;
    }

    /// <summary>Questions from a CLEVR JSON file (<c>.json</c>) or a text file (one per line, <c>#</c> comments), distinct, in file order.</summary>
    internal static List<string> ReadQuestions(string path)
    {
        IEnumerable<string> all = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? ClevrQuestionReader.Read(path).Select(q => q.Question)
            : File.ReadLines(path).Where(l => !l.TrimStart().StartsWith('#'));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>();
        foreach (string q in all)
        {
            string t = q.Trim();
            if (t.Length > 0 && seen.Add(t))
            {
                list.Add(t);
            }
        }

        return list;
    }

    private static string Kind(GenerationFailureKind kind) => kind switch
    {
        GenerationFailureKind.NoProgram => "no_program",
        GenerationFailureKind.InvalidAfterRepairs => "invalid_after_repairs",
        GenerationFailureKind.RuntimeErrorAfterRepairs => "runtime_error_after_repairs",
        _ => "model_error",
    };

    /// <summary>
    /// Writes <c>retries</c> (attempts repeated after a transient failure) and <c>model_failures</c> (calls that
    /// failed after their retries, by kind) from the pipeline's counters.
    /// </summary>
    internal static void WriteModelFailures(Utf8JsonWriter w, ModelUsage? usage)
    {
        w.WriteNumber("retries", usage?.Retries ?? 0);
        w.WriteStartObject("retries_by_kind");
        foreach ((ModelFailureKind kind, long n) in (usage?.RetriesByKind ?? new Dictionary<ModelFailureKind, long>()).OrderBy(p => p.Key))
        {
            w.WriteNumber(ModelFailureKinds.Name(kind), n);
        }

        w.WriteEndObject();
        w.WriteStartObject("model_failures");
        foreach ((ModelFailureKind kind, long n) in (usage?.FailuresByKind ?? new Dictionary<ModelFailureKind, long>()).OrderBy(p => p.Key))
        {
            w.WriteNumber(ModelFailureKinds.Name(kind), n);
        }

        w.WriteEndObject();
    }

    private static string SummaryJson(GenerationStageSummary s, ProgramsConfig config, ModelUsage usage)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("model", config.Backend.Model);
            w.WriteString("template", config.Template.Version);
            w.WriteNumber("questions", s.Questions);
            w.WriteNumber("from_cache", s.FromCache);
            w.WriteNumber("generated", s.Generated);
            w.WriteNumber("repaired", s.Repaired);
            w.WriteNumber("failure_rate", s.FailureRate);
            w.WriteStartObject("failures");
            foreach (GenerationFailureKind kind in Enum.GetValues<GenerationFailureKind>())
            {
                w.WriteNumber(Kind(kind), s.Failures.GetValueOrDefault(kind));
            }

            w.WriteEndObject();
            WriteModelFailures(w, usage);
            w.WriteNumber("llm_calls", s.Requests);
            w.WriteNumber("input_tokens", s.InputTokens);
            w.WriteNumber("output_tokens", s.OutputTokens);
            w.WriteNumber("model_seconds", s.ModelTime.TotalSeconds);
            w.WriteNumber("wall_seconds", s.Elapsed.TotalSeconds);
            int generated = Math.Max(1, s.Questions - s.FromCache);
            w.WriteNumber("llm_calls_per_question", s.Requests / (double)generated);
            w.WriteNumber("tokens_per_question", (s.InputTokens + s.OutputTokens) / (double)generated);
            w.WriteNumber("model_seconds_per_question", s.ModelTime.TotalSeconds / generated);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
