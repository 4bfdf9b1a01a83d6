using System.CommandLine;
using System.Text.Json;
using Neptune.Cli.Conventions;
using Neptune.Clevr;
using Neptune.Configuration;
using Neptune.Language;
using Neptune.Language.Syntax;
using Neptune.Language.Runtime;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Cli.Commands;

/// <summary><c>neptune program check|run</c>: validate and run a program file.</summary>
internal static class ProgramCommand
{
    public static Command Build()
    {
        var command = new Command("program", "Check or run a program written in Neptune's Python subset.");
        command.Subcommands.Add(BuildCheck());
        command.Subcommands.Add(BuildRun());
        return command;
    }

    private static Command BuildCheck()
    {
        var file = new Argument<FileInfo>("file") { Description = "The program file (.py)." };
        var check = new Command("check", "Parse and validate a program; print its diagnostics. Exit 0 when valid, 1 when not.");
        check.Arguments.Add(file);
        check.SetAction(parse =>
        {
            FileInfo path = parse.GetValue(file)!;
            string source = InputFiles.ReadText(path.FullName, "<file>");
            ProgramCheck result = new ProgramEngine().Check(source, path.Name);
            foreach (Diagnostic d in result.Diagnostics)
            {
                Console.Out.WriteLine(d.ToString());
            }

            Console.Out.WriteLine(result.IsValid
                ? $"{path.Name}: valid"
                : $"{path.Name}: {result.Diagnostics.Count(d => d.IsError)} error(s)");
            return result.IsValid ? 0 : 1;
        });
        return check;
    }

    private static Command BuildRun()
    {
        var file = new Argument<FileInfo>("file") { Description = "The program file (.py)." };
        var trace = new Option<bool>("--trace") { Description = "Print every host call after the result." };
        var json = new Option<bool>("--json") { Description = "Print the result, error and trace as one JSON object." };
        var logic = new Option<LogicKind>("--logic") { Description = "The soft logic.", DefaultValueFactory = _ => LogicKind.Godel };
        var scenes = new Option<FileInfo?>("--scenes") { Description = "A CLEVR scenes file: score/query then answer from the annotations of one scene." };
        var imageIndex = new Option<int>("--image-index") { Description = "The scene's image_index in --scenes.", DefaultValueFactory = _ => 0 }.Range(0, int.MaxValue);
        var memory = new Option<int>("--memory-mb") { Description = "The program's memory budget in MB (bytes it allocates over the run).", DefaultValueFactory = _ => (int)(ExecutionLimits.Default.MaxMemoryBytes / (1024 * 1024)) }.Range(1, 65536);
        var timeLimit = new Option<double>("--time-limit") { Description = "The program's time budget in seconds.", DefaultValueFactory = _ => ExecutionLimits.Default.Timeout.TotalSeconds }.Range(0, 86400, minimumExclusive: true);
        var intDigits = new Option<int>("--int-digits") { Description = "The program's int-size budget: the most decimal digits of any int it computes.", DefaultValueFactory = _ => ExecutionLimits.Default.MaxIntDigits }.Range(1, 1_000_000);
        var run = new Command("run", "Validate and run a program; print its result as Python's repr. Exit 0 on success, 1 on any program error.");
        run.Arguments.Add(file);
        run.Options.Add(trace);
        run.Options.Add(json);
        run.Options.Add(logic);
        run.Options.Add(scenes);
        run.Options.Add(imageIndex);
        run.Options.Add(memory);
        run.Options.Add(timeLimit);
        run.Options.Add(intDigits);
        run.SetAction(parse =>
        {
            FileInfo path = parse.GetValue(file)!;
            string source = InputFiles.ReadText(path.FullName, "<file>");
            IScenePerception? perception = parse.GetValue(scenes) is { } scenesFile ? LoadScene(scenesFile, parse.GetValue(imageIndex)) : null;

            var engine = new ProgramEngine(new EngineOptions
            {
                Limits = ExecutionLimits.Default with
                {
                    MaxMemoryBytes = parse.GetValue(memory) * 1024L * 1024L,
                    Timeout = TimeSpan.FromSeconds(parse.GetValue(timeLimit)),
                    MaxIntDigits = parse.GetValue(intDigits),
                },
            });
            ProgramCheck check = engine.Check(source, path.Name);
            if (!check.IsValid)
            {
                Diagnostic first = check.Diagnostics.First(d => d.IsError);
                bool syntax = first.Code.StartsWith("NPT1", StringComparison.Ordinal);
                string kind = syntax ? "SyntaxError" : "ValidationError";
                if (parse.GetValue(json))
                {
                    // The same object as a run's, so a caller reads every outcome the same way.
                    Console.Out.WriteLine(JsonSerializer.Serialize(new
                    {
                        succeeded = false,
                        result = (string?)null,
                        error = new
                        {
                            category = syntax ? "Syntax" : "Validation",
                            kind,
                            code = first.Code,
                            message = first.Message,
                            line = first.Line,
                            column = first.Column,
                            source_line = SourceLine(source, first.Line),
                        },
                        diagnostics = check.Diagnostics.Select(d => new
                        {
                            code = d.Code,
                            severity = d.Severity.ToString().ToLowerInvariant(),
                            line = d.Line,
                            column = d.Column,
                            message = d.Message,
                            hint = d.Hint,
                        }),
                        output = string.Empty,
                        steps = 0,
                        elapsed_ms = 0.0,
                        trace = (object?)null,
                    }, JsonOptions));
                    return 1;
                }

                Console.Error.WriteLine($"{kind}: {first.Message}");
                foreach (Diagnostic d in check.Diagnostics)
                {
                    Console.Error.WriteLine($"  {d}");
                }

                return 1;
            }

            RunResult result = check.Program!.Run(new RunOptions
            {
                Perception = perception,
                Logic = LogicOptions.Default with { Kind = parse.GetValue(logic) },
                Trace = parse.GetValue(trace) || parse.GetValue(json),
            });
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    succeeded = result.Succeeded,
                    result = result.ValueRepr,
                    error = result.Error,
                    output = result.Output,
                    steps = result.Steps,
                    elapsed_ms = result.Elapsed.TotalMilliseconds,
                    trace = result.Trace?.Events,
                }, JsonOptions));
                return result.Succeeded ? 0 : 1;
            }

            if (result.Output.Length > 0)
            {
                Console.Out.Write(result.Output);
            }

            if (result.Succeeded)
            {
                Console.Out.WriteLine(result.ValueRepr);
            }
            else
            {
                ProgramError error = result.Error!;
                Console.Error.WriteLine(error.FirstLine);
                if (error.Line > 0)
                {
                    Console.Error.WriteLine($"  File \"{path.Name}\", line {error.Line}, column {error.Column}");
                    if (!string.IsNullOrWhiteSpace(error.SourceLine))
                    {
                        Console.Error.WriteLine($"    {error.SourceLine.Trim()}");
                    }
                }
            }

            if (parse.GetValue(trace) && result.Trace is { } t)
            {
                // The result (or error) is already printed above.
                Console.Out.Write(t.Format(includeResult: false));
            }

            return result.Succeeded ? 0 : 1;
        });
        return run;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static string? SourceLine(string source, int line)
    {
        string[] lines = source.Split('\n');
        return line >= 1 && line <= lines.Length ? lines[line - 1].TrimEnd('\r') : null;
    }

    private static SceneWorld LoadScene(FileInfo file, int imageIndex)
    {
        ClevrSceneSet set = ClevrSceneReader.LoadAll(InputFiles.RequireFile(file.FullName, "--scenes"));
        return set.TryGetByImageIndex(imageIndex, out ClevrScene? scene)
            ? new SceneWorld(scene)
            : throw new UsageException($"--image-index: '{ConfigSource.Display(file.FullName)}' has no scene with image_index {imageIndex}");
    }
}
