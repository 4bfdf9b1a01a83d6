using System.CommandLine;
using System.Diagnostics;
using Neptune.Cli.Conventions;
using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Configuration;

namespace Neptune.Cli.Commands;

/// <summary><c>neptune render</c>: draws CLEVR scenes as CLEVR-2D pictures.</summary>
internal static class RenderCommand
{
    public static Command Build()
    {
        var scenes = new Option<FileInfo>("--scenes") { Description = "A CLEVR scenes file (JSON).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "The directory to write the PNG files to (created if missing).", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Render at most this many scenes (default: all)." }.Range(1, int.MaxValue);
        var command = new Command("render", "Render CLEVR scenes to 480×320 PNG pictures named like CLEVR's image files.");
        command.Options.Add(scenes);
        command.Options.Add(output);
        command.Options.Add(limit);
        command.SetAction(parse =>
        {
            FileInfo source = parse.GetValue(scenes)!;
            DirectoryInfo target = parse.GetValue(output)!;
            int? max = parse.GetValue(limit);
            var all = ClevrSceneReader.Read(InputFiles.RequireFile(source.FullName, "--scenes"));
            List<ClevrScene> list = [.. max is int m ? all.Take(m) : all];
            Directory.CreateDirectory(target.FullName);
            var clock = Stopwatch.StartNew();
            int done = 0;
            var gate = new object();
            Parallel.ForEach(list, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, scene =>
            {
                byte[] png = ClevrRenderer.RenderPng(scene);
                File.WriteAllBytes(Path.Combine(target.FullName, ClevrRenderer.FileNameOf(scene)), png);
                int count = Interlocked.Increment(ref done);
                if (count % 50 == 0 || count == list.Count)
                {
                    lock (gate)
                    {
                        Console.Error.Write($"\rrendered {count}/{list.Count}");
                    }
                }
            });

            if (list.Count > 0)
            {
                Console.Error.WriteLine();
            }

            double seconds = clock.Elapsed.TotalSeconds;
            Console.Out.WriteLine(FormattableString.Invariant(
                $"rendered {list.Count} scene(s) to {target.FullName} in {seconds:0.0} s ({list.Count / Math.Max(seconds, 1e-9):0} per second)"));
            return 0;
        });
        return command;
    }
}
