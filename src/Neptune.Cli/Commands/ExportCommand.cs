using System.CommandLine;
using System.Globalization;
using Neptune.Cli.Export;
using Neptune.Language;
using Neptune.Programs;
using Neptune.Programs.Prompting;

namespace Neptune.Cli.Commands;

/// <summary><c>neptune export</c>: evaluation runs as JSON lines for fine-tuning (sft) or RL trainers (rl).</summary>
internal static class ExportCommand
{
    public static Command Build()
    {
        var from = new Option<DirectoryInfo>("--from") { Description = "The output directory of a `neptune eval` run (run.json, results.jsonl).", Required = true };
        var format = new Option<TraceFormat>("--format") { Description = "sft: chat messages of the program prompt with the program as the answer, correct runs only; rl: prompt, program, answer, expected, reward and trace summary for every run with a program.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The JSON-lines file to write.", Required = true };
        var llmConfig = new Option<FileInfo?>("--llm-config") { Description = "The programs config of the run, for its prompt template (default: the built-in template).", HelpName = "file" };
        var quiet = new Option<bool>("--quiet") { Description = "No closing line." };
        var command = new Command("export", "Export an evaluation run as JSON lines for supervised fine-tuning or RL trainers (streamed).");
        command.Options.Add(from);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(llmConfig);
        command.Options.Add(quiet);
        command.SetAction((parse, cancellationToken) =>
        {
            PromptTemplate template = parse.GetValue(llmConfig) is { } config
                ? ProgramsConfig.Load(config.FullName, Conventions.CliNotes.ForConfig(), ToolDefaults.Template).Template
                : ToolDefaults.Template;
            var prompt = new PromptBuilder(template, new ProgramEngine().Options.Catalogue);
            string target = parse.GetValue(output)!.FullName;
            TraceExportCounts counts = TraceExporter.Export(parse.GetValue(from)!.FullName, parse.GetValue(format), target, prompt, cancellationToken);
            if (!parse.GetValue(quiet))
            {
                var c = CultureInfo.InvariantCulture;
                Console.Out.WriteLine($"exported {counts.Written.ToString(c)} of {counts.Rows.ToString(c)} rows (left out: {counts.Incorrect.ToString(c)} incorrect, {counts.NoProgram.ToString(c)} without a program text) -> {target}");
            }

            return Task.FromResult(0);
        });
        return command;
    }
}
