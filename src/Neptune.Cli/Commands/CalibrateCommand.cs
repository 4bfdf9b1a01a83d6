using System.CommandLine;
using System.Globalization;
using Neptune.Cli.Conventions;
using Neptune.Configuration;
using Neptune.Perception;
using Neptune.Vision.Calibration;
using Neptune.Vision.Caching;
using Neptune.Vision.Embeddings;
using Neptune.Vision.Verification;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune calibrate</c>: VIRO's adaptive thresholds (A.1.3). Every crop of an ImageNet-style auxiliary set (a folder
/// per class) is scored against every label by the verifier, and each label's δ_l is the score at its top-k% boundary;
/// the thresholds go to a JSON file that <c>eval --task rec</c> and <c>find</c> read with <c>--thresholds</c>. Exit
/// codes: 0 written; 1 when the verifier's server failed; 2 on bad input (a missing folder or file, an unreadable image,
/// an invalid config); 130 when interrupted (nothing is written).
/// </summary>
internal static class CalibrateCommand
{
    public static Command Build()
    {
        var labels = new Option<FileInfo>("--labels") { Description = "The labels to calibrate, one per line (# starts a comment).", Required = true, HelpName = "file" };
        var auxiliary = new Option<DirectoryInfo>("--auxiliary") { Description = "The auxiliary crops: one folder per class (ImageNet-style), each holding .jpg/.png/… images.", Required = true, HelpName = "dir" };
        var topK = new Option<double>("--top-k") { Description = "k: δ_l is the score at the top-k% boundary of the label's scores over the auxiliary crops (VIRO's 10).", DefaultValueFactory = _ => 10.0 }.Range(0, 100, minimumExclusive: true);
        var verifier = new Option<FileInfo>("--verifier") { Description = "The verifier config (embeddings server, τ, bank, cache; see docs/BACKENDS.md).", Required = true, HelpName = "file" };
        var output = new Option<FileInfo>("--out") { Description = "The thresholds file to write (JSON).", Required = true, HelpName = "file" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Crops scored at once (default 8)." }.Range(1, 1024);
        var quiet = new Option<bool>("--quiet") { Description = "No progress on stderr and no closing line." };
        var command = new Command("calibrate", "Calibrate per-label verifier thresholds δ_l on an auxiliary set of labelled crops (VIRO's adaptive thresholds).");
        command.Options.Add(labels);
        command.Options.Add(auxiliary);
        command.Options.Add(topK);
        command.Options.Add(verifier);
        command.Options.Add(output);
        command.Options.Add(concurrency);
        command.Options.Add(quiet);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output;
            TextWriter stderr = parse.InvocationConfiguration.Error;
            double k = parse.GetValue(topK);
            if (!(k > 0 && k <= 100))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--top-k: must be in (0, 100], got {k}"));
            }

            string labelsPath = InputFiles.RequireFile(parse.GetValue(labels)!.FullName, "--labels");
            IReadOnlyList<string> list = ThresholdCalibration.ReadLabels(labelsPath);
            AuxiliarySet set = AuxiliarySet.Read(parse.GetValue(auxiliary)!.FullName);
            string configPath = InputFiles.RequireFile(parse.GetValue(verifier)!.FullName, "--verifier");
            VerifierConfig config = VerifierConfig.Load(configPath);
            string outPath = parse.GetValue(output)!.FullName;
            if (Directory.Exists(outPath))
            {
                throw new UsageException($"--out: '{ConfigSource.Display(outPath)}' is a directory, expected a file");
            }

            bool isQuiet = parse.GetValue(quiet);
            using var client = new EmbeddingsClient(config.Embeddings);
            using ScoreCache cache = config.OpenCache();
            var clip = new ClipRegionVerifier(client, config.Clip, cache);
            var progress = isQuiet ? null : new Progress<int>(done =>
            {
                if (done % 100 == 0 || done == set.Crops.Count)
                {
                    stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\rcalibrate: {done}/{set.Crops.Count} crops"));
                }
            });

            IReadOnlyList<LabelCalibration> result;
            try
            {
                result = await ThresholdCalibration.RunAsync(clip, list, set, k, parse.GetValue(concurrency) ?? 8, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (PerceptionException e) when (e.Kind is PerceptionErrorKind.EndpointUnavailable or PerceptionErrorKind.MalformedResponse)
            {
                stderr.WriteLine();
                stderr.WriteLine($"neptune: error: calibrate: the verifier failed: {e.Message.ReplaceLineEndings(" ")}");
                return CliRunner.Failure;
            }

            if (!isQuiet)
            {
                stderr.WriteLine();
            }

            string? folder = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            LabelThresholds.Write(outPath, w =>
            {
                w.WriteNumber("format", 1);
                w.WriteNumber("top_k_percent", k);
                w.WriteString("auxiliary", set.Root);
                w.WriteNumber("crops", set.Crops.Count);
                w.WriteNumber("classes", set.Classes);
                w.WriteString("verifier", clip.Describe());
                w.WriteStartObject("labels");
                foreach (LabelCalibration c in result)
                {
                    w.WriteStartObject(c.Label);
                    w.WriteNumber("threshold", Math.Round(c.Threshold, 6));
                    w.WriteNumber("scored", c.Scored);
                    w.WriteNumber("top", c.TopCount);
                    w.WriteNumber("own_class_crops", c.OwnClassCrops);
                    w.WriteNumber("own_class_in_top", c.OwnClassInTop);
                    w.WriteNumber("min", Math.Round(c.Minimum, 6));
                    w.WriteNumber("max", Math.Round(c.Maximum, 6));
                    w.WriteNumber("mean", Math.Round(c.Mean, 6));
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }, result.Select(c => new KeyValuePair<string, float>(c.Label, c.Threshold)));

            if (!isQuiet)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"calibrate: {result.Count} labels over {set.Crops.Count} crops in {set.Classes} classes, top {k}% ({client.Requests} embedding requests, {clip.CropCacheHits} crops from the cache) -> {outPath}"));
            }

            return CliRunner.Success;
        });
        return command;
    }
}
