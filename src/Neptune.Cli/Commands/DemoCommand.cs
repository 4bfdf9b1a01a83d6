using System.CommandLine;
using Neptune.Cli.Conventions;
using Neptune.Cli.Demo;
using Neptune.Clevr;
using Neptune.Configuration;
using Neptune.Evaluation.Referring;
using Neptune.Clevr2D;
using Neptune.Logic;
using Neptune.Reporting;

namespace Neptune.Cli.Commands;

/// <summary><c>neptune demo</c>: the embedded default, offline and without a GPU.</summary>
internal static class DemoCommand
{
    public static Command Build()
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Where the HTML report goes.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("runs", "demo")) };
        var perception = new Option<DemoPerception>("--perception") { Description = "pixels: perceive the rendered images; scene: answer from the annotations.", DefaultValueFactory = _ => DemoPerception.Pixels };
        var logic = new Option<LogicKind>("--logic") { Description = "The soft logic.", DefaultValueFactory = _ => LogicKind.Godel };
        var families = new Option<int>("--families") { Description = "Ask this many question families (one question each); 0 asks all of them.", DefaultValueFactory = _ => 0 }.Range(0, int.MaxValue);
        var quiet = new Option<bool>("--no-programs") { Description = "Do not print the program of each question and referring expression." };
        var data = new Option<DirectoryInfo?>("--data") { Description = "The CLEVR data directory (default: ../shared/data/clevr beside the repository)." };
        var rec = new Option<int>("--rec") { Description = "Ground this many CLEVR-Ref+ referring expressions of every template family with a target, and as many without one; 0 skips the referring half.", DefaultValueFactory = _ => 1 }.Range(0, 1000);
        var recStyle = new Option<ReferringStyle>("--rec-style") { Description = "viro: translate the official programs into verified operators; neptune: into soft logic.", DefaultValueFactory = _ => ReferringStyle.Viro };
        var refexps = new Option<FileInfo?>("--refexps") { Description = "The CLEVR-Ref+ referring expressions (default: ../clevr_ref/clevr_ref_train1000_dev.json beside the CLEVR data directory)." };
        var selfContained = new Option<bool>("--self-contained") { Description = "Put the pictures inside report.html (one file, several MB, slower to open) instead of beside it in report_files/." };
        var command = new Command("demo", "Answer one question of every CLEVR question family and ground referring expressions (with and without a target) on rendered CLEVR scenes, perceived from pixels, through the program language; write an HTML report.");
        command.Options.Add(outDir);
        command.Options.Add(perception);
        command.Options.Add(logic);
        command.Options.Add(families);
        command.Options.Add(quiet);
        command.Options.Add(data);
        command.Options.Add(rec);
        command.Options.Add(recStyle);
        command.Options.Add(refexps);
        command.Options.Add(selfContained);
        command.SetAction(async (parse, ct) =>
        {
            string dataDir = parse.GetValue(data) is { } given
                ? InputFiles.RequireDirectory(given.FullName, "--data")
                : Locate() ?? throw new UsageException("the CLEVR data directory was not found (expected ../shared/data/clevr beside the repository); pass --data DIR");

            var options = new DemoOptions
            {
                DataDirectory = dataDir,
                OutputDirectory = parse.GetValue(outDir)!.FullName,
                Perception = parse.GetValue(perception),
                Logic = parse.GetValue(logic),
                Families = parse.GetValue(families),
                ShowPrograms = !parse.GetValue(quiet),
                Referring = parse.GetValue(rec),
                ReferringStyle = parse.GetValue(recStyle),
                RefexpsPath = parse.GetValue(refexps)?.FullName,
                ReportImages = parse.GetValue(selfContained) ? ReportImages.Embedded : ReportImages.Files,
            };
            var runner = new DemoRunner(options, (scene, image) => new PixelWorld(image));
            return await runner.RunAsync(Console.Out, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static string? Locate()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            if (ClevrDataFiles.FindRepositoryRoot(start) is { } root)
            {
                string dir = ClevrDataFiles.DataDirectory(root);
                if (Directory.Exists(dir))
                {
                    return dir;
                }
            }
        }

        return null;
    }
}
