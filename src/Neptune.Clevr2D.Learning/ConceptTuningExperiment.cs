using System.Globalization;
using System.Text.Json;
using Neptune.Clevr;
using Neptune.Learning.Estimators;

namespace Neptune.Clevr2D.Learning;

/// <summary>One line of <c>log.jsonl</c>: what an epoch did.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Loss">Mean training loss.</param>
/// <param name="TrainAccuracy">QA accuracy on the first <c>train_eval_size</c> training questions.</param>
/// <param name="TestAccuracy">QA accuracy on the questions over held-out scenes.</param>
/// <param name="TestMacroF1">Per tuned attribute, the mean F1 of its values on the held-out scenes' objects.</param>
/// <param name="Seconds">Training seconds of the epoch (evaluation excluded).</param>
/// <param name="NetworkSeconds">Of which in the heads.</param>
/// <param name="EstimatorSeconds">Of which in the estimator, wall clock.</param>
/// <param name="ProgramRuns">Interpreter runs made this epoch (tuples not seen before).</param>
/// <param name="ProgramSeconds">Interpreter time this epoch, summed over threads.</param>
public sealed record ConceptEpochLog(int Epoch, double Loss, double TrainAccuracy, double TestAccuracy, IReadOnlyDictionary<string, double> TestMacroF1, double Seconds, double NetworkSeconds, double EstimatorSeconds, long ProgramRuns, double ProgramSeconds);

/// <summary>One row of the concept table: a concept's F1 for the untouched, the re-initialised and the tuned scorer.</summary>
/// <param name="Attribute">The attribute.</param>
/// <param name="Concept">The value ("red").</param>
/// <param name="Tuned">Whether this attribute was re-initialised and tuned (otherwise all three columns are the untouched scorer).</param>
/// <param name="Support">Held-out objects annotated with the value.</param>
/// <param name="Untouched">F1 of the untouched pixel scorer.</param>
/// <param name="Degraded">F1 of the re-initialised scorer, before tuning.</param>
/// <param name="TunedF1">F1 after tuning.</param>
public sealed record ConceptRow(string Attribute, string Concept, bool Tuned, int Support, double Untouched, double Degraded, double TunedF1);

/// <summary>The three scorers' values of one measure.</summary>
/// <param name="Untouched">The untouched pixel scorer.</param>
/// <param name="Degraded">The re-initialised scorer, before tuning.</param>
/// <param name="Tuned">After tuning.</param>
public sealed record ScorerComparison(double Untouched, double Degraded, double Tuned);

/// <summary>The content of <c>summary.json</c>.</summary>
/// <param name="Task">What was learned.</param>
/// <param name="Method">The estimator, with its variant.</param>
/// <param name="Concepts">The tuned attributes.</param>
/// <param name="TestAccuracy">QA accuracy on the questions over held-out scenes.</param>
/// <param name="TrainAccuracy">QA accuracy on the first <c>train_eval_size</c> training questions.</param>
/// <param name="MacroF1">Per attribute, the mean F1 of its values on the held-out objects.</param>
/// <param name="AttributeAccuracy">Per attribute, the accuracy on the held-out objects.</param>
/// <param name="ConceptF1">Per concept, F1 on the held-out objects (NePTune's Table 8 form).</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="SecondsPerEpoch">Mean training seconds per epoch.</param>
/// <param name="NetworkSecondsPerEpoch">Of which in the heads.</param>
/// <param name="EstimatorSecondsPerEpoch">Of which in the estimator.</param>
/// <param name="ProgramRuns">Interpreter runs in total.</param>
/// <param name="BlackBoxCalls">Black-box calls in total (memoised or not).</param>
/// <param name="Data">What the data is, in words.</param>
/// <param name="Settings">Every setting.</param>
public sealed record ConceptTuningSummary(
    string Task,
    string Method,
    IReadOnlyList<string> Concepts,
    ScorerComparison TestAccuracy,
    ScorerComparison TrainAccuracy,
    IReadOnlyDictionary<string, ScorerComparison> MacroF1,
    IReadOnlyDictionary<string, ScorerComparison> AttributeAccuracy,
    IReadOnlyList<ConceptRow> ConceptF1,
    int Epochs,
    double SecondsPerEpoch,
    double NetworkSecondsPerEpoch,
    double EstimatorSecondsPerEpoch,
    long ProgramRuns,
    long BlackBoxCalls,
    string Data,
    IReadOnlyDictionary<string, object?> Settings);

/// <summary>
/// Tuning CLEVR-2D concepts from answers: renders the scenes, perceives them from pixels, re-initialises the chosen
/// concept heads (seeded), trains them from (question, answer) pairs of the training scenes through the questions'
/// Neptune programs, and measures QA accuracy and per-concept F1 on held-out scenes for the untouched, the
/// re-initialised and the tuned scorer. Writes <c>log.jsonl</c>, <c>summary.json</c> and <c>concepts.weights</c>.
/// </summary>
public static class ConceptTuningExperiment
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
    private static readonly JsonSerializerOptions JsonLine = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Runs the experiment.</summary>
    /// <param name="s">The settings.</param>
    /// <param name="progress">Receives (stage, done, total): stage 0 is loading, then the epoch.</param>
    /// <param name="epochDone">Receives each epoch's log line.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The summary (also written to <c>summary.json</c>).</returns>
    /// <exception cref="ConceptTuningException">The settings do not fit the data.</exception>
    /// <exception cref="ClevrDataException">A file is not valid CLEVR data.</exception>
    public static ConceptTuningSummary Run(ConceptTuningSettings s, Action<int, int, int>? progress = null, Action<ConceptEpochLog>? epochDone = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(s);
        ConceptData data = ConceptData.Load(s, cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = s.Threads == 0 ? Environment.ProcessorCount : s.Threads };
        var scorer = new ConceptScorer(s.Concepts, s.Hidden, s.LearningRate, data.FeatureMean, data.FeatureStd, s.Seed, s.Threads);
        IGradientEstimator estimator = s.Method switch
        {
            ConceptMethod.Ised => new Ised(s.K, s.Semiring == "min-max" ? Semiring.MinMax : Semiring.AddMult),
            ConceptMethod.Reinforce => new Reinforce(s.K, s.Baseline),
            _ => new IndeCateR(s.K),
        };
        var tuner = new ConceptTuner(scorer, estimator, s.BatchSize, s.Seed, s.Threads);
        var trainEval = data.Train.Take(s.TrainEvalSize).ToList();

        static int[] Untouched(ConceptPicture p) => p.Untouched;
        double untouchedTest = ConceptTuner.Accuracy(data.Test, Untouched, parallel);
        double untouchedTrain = ConceptTuner.Accuracy(trainEval, Untouched, parallel);
        var untouchedF1 = ConceptMetrics.Compute(data.TestPictures, Untouched);
        double degradedTest = ConceptTuner.Accuracy(data.Test, scorer.Values, parallel);
        double degradedTrain = ConceptTuner.Accuracy(trainEval, scorer.Values, parallel);
        var degradedF1 = ConceptMetrics.Compute(data.TestPictures, scorer.Values);

        Directory.CreateDirectory(s.Out);
        var epochs = new List<ConceptEpochLog>();
        double tunedTest = degradedTest, tunedTrain = degradedTrain;
        IReadOnlyList<ConceptF1> tunedF1 = degradedF1;
        using (var log = new StreamWriter(Path.Combine(s.Out, "log.jsonl"), append: false))
        {
            for (int epoch = 1; epoch <= s.Epochs; epoch++)
            {
                long runs = ProgramRuns(data);
                double programSeconds = ProgramSeconds(data);
                int e = epoch;
                ConceptEpochReport report = tuner.TrainEpoch(data.Train, epoch, (done, total) => progress?.Invoke(e, done, total), cancellationToken);
                long runsAfter = ProgramRuns(data);
                double programAfter = ProgramSeconds(data);
                tunedTrain = ConceptTuner.Accuracy(trainEval, scorer.Values, parallel);
                tunedTest = ConceptTuner.Accuracy(data.Test, scorer.Values, parallel);
                tunedF1 = ConceptMetrics.Compute(data.TestPictures, scorer.Values);
                var macro = s.Concepts.ToDictionary(ClevrVocabulary.NameOf, a => ConceptMetrics.MacroF1(tunedF1, a));
                var line = new ConceptEpochLog(epoch, report.Loss, tunedTrain, tunedTest, macro, report.Seconds, report.NetworkSeconds, report.EstimatorSeconds, runsAfter - runs, programAfter - programSeconds);
                epochs.Add(line);
                log.WriteLine(JsonSerializer.Serialize(line, JsonLine));
                log.Flush();
                epochDone?.Invoke(line);
            }
        }

        using (FileStream weights = File.Create(Path.Combine(s.Out, "concepts.weights")))
        {
            scorer.Save(weights);
        }

        var rows = new List<ConceptRow>();
        for (int i = 0; i < untouchedF1.Count; i++)
        {
            ConceptF1 u = untouchedF1[i];
            rows.Add(new ConceptRow(ClevrVocabulary.NameOf(u.Attribute), u.Value, scorer.IsTuned(u.Attribute), u.TruePositives + u.FalseNegatives, u.F1, degradedF1[i].F1, tunedF1[i].F1));
        }

        var attributes = Enum.GetValues<ClevrAttribute>();
        string method = s.Method switch
        {
            ConceptMethod.Ised => $"ised ({s.Semiring})",
            ConceptMethod.Reinforce => s.Baseline ? "reinforce (advantage baseline)" : "reinforce (raw reward)",
            _ => "indecater",
        };
        int trainObjects = data.TrainPictures.Sum(p => p.Count);
        int testObjects = data.TestPictures.Sum(p => p.Count);
        int matched = data.TestPictures.Sum(p => Enumerable.Range(0, p.Count).Count(i => p.Truth[4 * i] >= 0));
        int silent = data.Train.Count(q => q.Positions.Count == 0);
        var summary = new ConceptTuningSummary(
            "clevr2d concepts from answers",
            method,
            [.. s.Concepts.Select(ClevrVocabulary.NameOf)],
            new ScorerComparison(untouchedTest, degradedTest, tunedTest),
            new ScorerComparison(untouchedTrain, degradedTrain, tunedTrain),
            attributes.ToDictionary(ClevrVocabulary.NameOf, a => new ScorerComparison(ConceptMetrics.MacroF1(untouchedF1, a), ConceptMetrics.MacroF1(degradedF1, a), ConceptMetrics.MacroF1(tunedF1, a))),
            attributes.ToDictionary(ClevrVocabulary.NameOf, a => new ScorerComparison(ConceptMetrics.Accuracy(untouchedF1, a), ConceptMetrics.Accuracy(degradedF1, a), ConceptMetrics.Accuracy(tunedF1, a))),
            rows,
            epochs.Count,
            epochs.Average(x => x.Seconds),
            epochs.Average(x => x.NetworkSeconds),
            epochs.Average(x => x.EstimatorSeconds),
            ProgramRuns(data),
            data.Train.Concat(data.Test).Sum(q => q.Calls),
            string.Create(CultureInfo.InvariantCulture, $"CLEVR-2D renders of real CLEVR v1.0 train scenes, perceived from pixels: training scenes are the first {s.TrainScenes} of the scene file ({data.TrainPictures.Count} with questions, {trainObjects} detected objects), held-out scenes its last {s.TestScenes} ({data.TestPictures.Count} with questions, {testObjects} detected objects, {matched} matched to an annotated object at IoU >= 0.5; F1 counts those). {data.Train.Count} training questions ({silent} read no tuned attribute and give no signal), {data.Test.Count} test questions, official programs translated to Neptune and answers only; {data.Untranslated} questions could not be translated. Annotations are used for F1 only, never for training."),
            ConceptTuningConfig.Describe(s));
        File.WriteAllText(Path.Combine(s.Out, "summary.json"), JsonSerializer.Serialize(summary, Json));
        return summary;
    }

    private static long ProgramRuns(ConceptData data) => data.Train.Sum(q => q.Runs) + data.Test.Sum(q => q.Runs);

    private static double ProgramSeconds(ConceptData data) => data.Train.Sum(q => q.Elapsed.TotalSeconds) + data.Test.Sum(q => q.Elapsed.TotalSeconds);
}
