using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Neptune.Language;
using Neptune.Learning;
using Neptune.Learning.BlackBoxes;
using Neptune.Learning.Estimators;
using Neptune.Neural;
using Neptune.Neural.Optimizers;

namespace Neptune.Mnist;

/// <summary>One line of <c>log.jsonl</c>: what an epoch did.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Loss">Mean training loss.</param>
/// <param name="TrainAccuracy">Sum accuracy on the first <c>train_eval_size</c> training tuples.</param>
/// <param name="TestAccuracy">Sum accuracy on the test tuples.</param>
/// <param name="TestDigitAccuracy">Accuracy of the single digits of the test tuples.</param>
/// <param name="Seconds">Training seconds of the epoch (evaluation excluded).</param>
/// <param name="NetworkSeconds">Of which in the network (forward, backward, Adam).</param>
/// <param name="EstimatorSeconds">Of which in the estimator (sampling, program runs, aggregation), wall clock.</param>
/// <param name="ProgramRuns">Interpreter runs made this epoch (tuples not seen before).</param>
/// <param name="ProgramSeconds">Interpreter time this epoch, summed over threads.</param>
public sealed record MnistEpochLog(int Epoch, double Loss, double TrainAccuracy, double TestAccuracy, double TestDigitAccuracy, double Seconds, double NetworkSeconds, double EstimatorSeconds, long ProgramRuns, double ProgramSeconds);

/// <summary>The content of <c>summary.json</c>.</summary>
/// <param name="Task">sum_n.</param>
/// <param name="Method">The estimator, with its variant.</param>
/// <param name="TestAccuracy">Sum accuracy on the test tuples after the last epoch.</param>
/// <param name="TestDigitAccuracy">Single-digit accuracy on the test tuples after the last epoch.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="SecondsPerEpoch">Mean training seconds per epoch.</param>
/// <param name="NetworkSecondsPerEpoch">Of which in the network.</param>
/// <param name="EstimatorSecondsPerEpoch">Of which in the estimator.</param>
/// <param name="ProgramSecondsPerEpoch">Interpreter time per epoch, summed over threads.</param>
/// <param name="ProgramRuns">Interpreter runs in total.</param>
/// <param name="BlackBoxCalls">Black-box calls in total (memoised or not).</param>
/// <param name="Data">What the data is, in words.</param>
/// <param name="Settings">Every setting.</param>
public sealed record MnistSumSummary(string Task, string Method, double TestAccuracy, double TestDigitAccuracy, int Epochs, double SecondsPerEpoch, double NetworkSecondsPerEpoch, double EstimatorSecondsPerEpoch, double ProgramSecondsPerEpoch, long ProgramRuns, long BlackBoxCalls, string Data, IReadOnlyDictionary<string, object?> Settings);

/// <summary>
/// MNIST sum_n through a Neptune program: reads the official test digits, splits them with a fixed seed, forms n-digit
/// tuples, trains a digit network with the chosen estimator through the program and writes <c>log.jsonl</c>,
/// <c>summary.json</c> and <c>model.weights</c>.
/// </summary>
public static class MnistSumExperiment
{
    /// <summary>The built-in black box: the sum of the digits the program reads with <c>query</c>.</summary>
    public const string SumProgram = """
        total = 0
        for d in objects():
            total = total + int(query("Which digit is this?", d))
        return total
        """;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
    private static readonly JsonSerializerOptions JsonLine = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Runs the experiment.</summary>
    /// <param name="s">The settings.</param>
    /// <param name="progress">Receives (epoch, examples done, examples per epoch) after each batch.</param>
    /// <param name="epochDone">Receives each epoch's log line.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The summary (also written to <c>summary.json</c>).</returns>
    /// <exception cref="MnistDataException">The data cannot be read.</exception>
    /// <exception cref="ProgramValidationException">The program file is not a valid Neptune program.</exception>
    public static MnistSumSummary Run(MnistSumSettings s, Action<int, int, int>? progress = null, Action<MnistEpochLog>? epochDone = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(s);
        MnistDigits digits = MnistDigits.Read(s.Images, s.Labels);
        if (s.TrainDigits >= digits.Count)
        {
            throw new MnistConfigException($"train_digits: {s.TrainDigits} leaves no test digits of {digits.Count}");
        }

        (int[] trainDigits, int[] testDigits) = digits.Split(s.TrainDigits, s.SplitSeed);
        var random = new Random(s.Seed);
        List<ProgramExample> train = digits.SumExamples(trainDigits, s.Digits, s.TrainSize, random);
        List<ProgramExample> test = digits.SumExamples(testDigits, s.Digits, s.TestSize, random);
        List<ProgramExample> trainEval = train[..Math.Min(s.TrainEvalSize, train.Count)];

        string source = s.Program is null ? SumProgram : File.ReadAllText(s.Program);
        PreparedProgram program = new ProgramEngine().Prepare(source, s.Program is null ? "sum.py" : Path.GetFileName(s.Program));
        string[] vocabulary = [.. Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture))];
        var interpreter = new ProgramBlackBox(program, vocabulary);
        var box = new MemoizedBlackBox(interpreter);
        IGradientEstimator estimator = s.Method switch
        {
            LearningMethod.Ised => new Ised(
                s.K,
                s.Semiring == "min-max" ? Semiring.MinMax : Semiring.AddMult,
                s.OutputSpace == "fixed" ? [.. Enumerable.Range(0, (9 * s.Digits) + 1).Select(v => v.ToString(CultureInfo.InvariantCulture))] : null),
            LearningMethod.Reinforce => new Reinforce(s.K, s.Baseline),
            _ => new IndeCateR(s.K),
        };

        Sequential network = s.Network == DigitNetwork.Conv ? Architectures.DigitConvNet(10, s.Seed) : Architectures.LeNet(10, s.Seed);
        var model = new NeuralClassifier(network, p => new Adam(p, (float)s.LearningRate), new NeuralContext(s.Seed, s.Threads));
        var trainer = new NeuralProgramTrainer(model, estimator, box, s.BatchSize, s.Seed, s.Threads);

        Directory.CreateDirectory(s.Out);
        string logPath = Path.Combine(s.Out, "log.jsonl");
        var epochs = new List<MnistEpochLog>();
        AccuracyReport testReport = new(double.NaN, double.NaN);
        using (var log = new StreamWriter(logPath, append: false))
        {
            for (int epoch = 1; epoch <= s.Epochs; epoch++)
            {
                long runs = interpreter.Runs;
                TimeSpan programTime = interpreter.Elapsed;
                int e = epoch;
                EpochReport report = trainer.TrainEpoch(train, digits.Pool, epoch, new SyncProgress(done => progress?.Invoke(e, done, train.Count)), cancellationToken);
                long runsAfter = interpreter.Runs;
                double programSeconds = (interpreter.Elapsed - programTime).TotalSeconds;
                AccuracyReport trainReport = trainer.Evaluate(trainEval, digits.Pool, cancellationToken);
                testReport = trainer.Evaluate(test, digits.Pool, cancellationToken);
                var line = new MnistEpochLog(epoch, report.Loss, trainReport.Accuracy, testReport.Accuracy, testReport.SymbolAccuracy, report.Seconds, report.NetworkSeconds, report.EstimatorSeconds, runsAfter - runs, programSeconds);
                epochs.Add(line);
                log.WriteLine(JsonSerializer.Serialize(line, JsonLine));
                log.Flush();
                epochDone?.Invoke(line);
            }
        }

        using (FileStream weights = File.Create(Path.Combine(s.Out, "model.weights")))
        {
            model.Save(weights);
        }

        string method = s.Method switch
        {
            LearningMethod.Ised => $"ised ({s.Semiring}, {s.OutputSpace} outputs)",
            LearningMethod.Reinforce => s.Baseline ? "reinforce (advantage baseline)" : "reinforce (raw reward)",
            _ => "indecater",
        };
        var summary = new MnistSumSummary(
            $"sum_{s.Digits}",
            method,
            testReport.Accuracy,
            testReport.SymbolAccuracy,
            epochs.Count,
            epochs.Average(e => e.Seconds),
            epochs.Average(e => e.NetworkSeconds),
            epochs.Average(e => e.EstimatorSeconds),
            epochs.Average(e => e.ProgramSeconds),
            interpreter.Runs,
            box.Calls,
            string.Create(CultureInfo.InvariantCulture, $"MNIST official test digits only: {digits.Count} split {s.TrainDigits} train / {digits.Count - s.TrainDigits} test (split seed {s.SplitSeed}); {s.TrainSize} training and {s.TestSize} test tuples of {s.Digits} digits, digit values uniform, images drawn with replacement from their split; accuracy from the most likely digit of each image"),
            MnistSumConfig.Describe(s));
        File.WriteAllText(Path.Combine(s.Out, "summary.json"), JsonSerializer.Serialize(summary, Json));
        return summary;
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
