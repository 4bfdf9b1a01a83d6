using System.CommandLine;
using System.Globalization;
using Neptune.Cli.Conventions;
using Neptune.Clevr2D.Learning;
using Neptune.Configuration;
using Neptune.Mnist;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune learn</c>: trains neural models through Neptune programs from final outputs only. Exit codes: 0 when the
/// run completed (whatever the accuracy), 2 on bad input, 130 when interrupted.
/// </summary>
internal static class LearnCommand
{
    public static Command Build()
    {
        var command = new Command("learn", "Train neural models through Neptune programs from (input, final output) pairs only.");
        command.Subcommands.Add(BuildMnistSum());
        command.Subcommands.Add(BuildConcepts());
        return command;
    }

    private static Command BuildMnistSum()
    {
        (Command command, Option<FileInfo?> config, ConfigFlags flags, Option<bool> quiet) = NewExperiment("mnist-sum", "MNIST sum_n: learn digits from the sums of n digits through a Neptune program, with ISED, REINFORCE or IndeCateR.", MnistSumConfig.Schema);
        command.SetAction((parse, cancellationToken) =>
        {
            bool isQuiet = parse.GetValue(quiet);
            MnistSumConfig file = parse.GetValue(config) is { } path ? MnistSumConfig.Load(path.FullName, CliNotes.ForConfig()) : new MnistSumConfig();
            MnistSumSettings settings = file.Overlay(MnistSumConfig.Read(flags.Read(parse))).Resolve();
            var c = CultureInfo.InvariantCulture;
            return RunEpochs(isQuiet, bar =>
            {
                MnistSumSummary summary = MnistSumExperiment.Run(
                    settings,
                    (epoch, done, total) => bar.Show($"epoch {epoch.ToString(c)}/{settings.Epochs.ToString(c)}", done, total),
                    line =>
                    {
                        bar.Done();
                        if (!isQuiet)
                        {
                            Console.Error.WriteLine(string.Create(c, $"epoch {line.Epoch}: loss {line.Loss:0.0000}, train {line.TrainAccuracy * 100:0.00}%, test {line.TestAccuracy * 100:0.00}% (digits {line.TestDigitAccuracy * 100:0.00}%), {line.Seconds:0.0} s (network {line.NetworkSeconds:0.0} s, estimator {line.EstimatorSeconds:0.0} s)"));
                        }
                    },
                    cancellationToken);
                if (!isQuiet)
                {
                    Console.Out.WriteLine(string.Create(c, $"{summary.Task} {summary.Method}: test accuracy {summary.TestAccuracy * 100:0.00}% after {summary.Epochs} epoch(s), {summary.SecondsPerEpoch:0.0} s per epoch -> {Path.Combine(settings.Out, "summary.json")}"));
                }

                return 0;
            }, cancellationToken);
        });
        return command;
    }

    private static Command BuildConcepts()
    {
        (Command command, Option<FileInfo?> config, ConfigFlags flags, Option<bool> quiet) = NewExperiment("concepts", "CLEVR-2D: re-initialise the pixel perception's concept scorers and tune them from (question, answer) pairs through the questions' Neptune programs; QA accuracy and per-concept F1 on held-out scenes.", ConceptTuningConfig.Schema);
        command.SetAction((parse, cancellationToken) =>
        {
            bool isQuiet = parse.GetValue(quiet);
            ConceptTuningConfig file = parse.GetValue(config) is { } path ? ConceptTuningConfig.Load(path.FullName, CliNotes.ForConfig()) : new ConceptTuningConfig();
            ConceptTuningSettings settings = file.Overlay(ConceptTuningConfig.Read(flags.Read(parse))).Resolve();
            var c = CultureInfo.InvariantCulture;
            return RunEpochs(isQuiet, bar =>
            {
                ConceptTuningSummary summary = ConceptTuningExperiment.Run(
                    settings,
                    (epoch, done, total) => bar.Show($"epoch {epoch.ToString(c)}/{settings.Epochs.ToString(c)}", done, total),
                    line =>
                    {
                        bar.Done();
                        if (!isQuiet)
                        {
                            string f1 = string.Join(", ", line.TestMacroF1.Select(kv => string.Create(c, $"{kv.Key} {kv.Value * 100:0.0}")));
                            Console.Error.WriteLine(string.Create(c, $"epoch {line.Epoch}: loss {line.Loss:0.0000}, train QA {line.TrainAccuracy * 100:0.00}%, test QA {line.TestAccuracy * 100:0.00}%, macro F1 {f1}, {line.Seconds:0.0} s (estimator {line.EstimatorSeconds:0.0} s)"));
                        }
                    },
                    cancellationToken);
                if (!isQuiet)
                {
                    var a = summary.TestAccuracy;
                    Console.Out.WriteLine(string.Create(c, $"{summary.Method}, concepts {string.Join(',', summary.Concepts)}: held-out QA accuracy untouched {a.Untouched * 100:0.00}%, re-initialised {a.Degraded * 100:0.00}%, tuned {a.Tuned * 100:0.00}% after {summary.Epochs} epoch(s) -> {Path.Combine(settings.Out, "summary.json")}"));
                }

                return 0;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>A learning command: its config file option, one flag per config field, and <c>--quiet</c>.</summary>
    private static (Command Command, Option<FileInfo?> Config, ConfigFlags Flags, Option<bool> Quiet) NewExperiment(string name, string description, ConfigSchema schema)
    {
        var config = new Option<FileInfo?>("--config") { Description = "A JSON config file (fields as the flags below, snake_case); flags override its values.", HelpName = "file" };
        var flags = new ConfigFlags(schema);
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar and no per-epoch lines." };
        var command = new Command(name, description);
        command.Options.Add(config);
        flags.AddTo(command);
        command.Options.Add(quiet);
        return (command, config, flags, quiet);
    }

    /// <summary>Runs an experiment under a progress bar; Ctrl+C ends it with exit code 130, keeping the epochs done.</summary>
    private static Task<int> RunEpochs(bool quiet, Func<ProgressBar, int> run, CancellationToken cancellationToken)
    {
        var bar = new ProgressBar(quiet);
        try
        {
            return Task.FromResult(run(bar));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            bar.Done();
            Console.Error.WriteLine("neptune: interrupted; the epochs finished so far are in log.jsonl");
            return Task.FromResult(130);
        }
    }

    /// <summary>A one-line progress bar on standard error, redrawn at most every 200 ms.</summary>
    private sealed class ProgressBar(bool quiet)
    {
        private long _last;
        private bool _shown;

        public void Show(string label, int done, int total)
        {
            long now = Environment.TickCount64;
            if (quiet || (now - _last < 200 && done < total))
            {
                return;
            }

            _last = now;
            _shown = true;
            const int width = 30;
            int filled = total == 0 ? width : (int)((long)done * width / total);
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{label} [{new string('#', filled)}{new string('.', width - filled)}] {done}/{total}"));
        }

        public void Done()
        {
            if (_shown)
            {
                Console.Error.WriteLine();
                _shown = false;
            }
        }
    }
}
