using Neptune.Clevr2D;

namespace Neptune.Evaluation.Results;

/// <summary>Accumulates result rows into an <see cref="EvaluationSummary"/>. Not thread-safe: the single writer owns it.</summary>
internal sealed class SummaryBuilder
{
    private readonly Dictionary<string, long> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byError = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GroupAccuracy> _byCategory = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GroupAccuracy> _byTemplate = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GroupAccuracy> _byFamily = new(StringComparer.Ordinal);
    private readonly HashSet<int> _detectedImages = [];
    private DetectionSummary? _detection;
    private double _prepareUs;
    private double _runUs;
    private long _tuples;
    private long _requests;
    private long _cacheHits;
    private long _speculative;
    private long _roundTrips;
    private readonly Dictionary<string, long> _earlyExits = new(StringComparer.Ordinal);
    private readonly HashSet<int> _recImages = [];
    private readonly HashSet<int> _sessionImages = [];
    private long _recTarget;
    private long _recTruePositives;
    private long _recNoTarget;
    private long _recTrueNegatives;
    private long _recIouCount;
    private long _recGrecCorrect;
    private long _recTargetPredicted;
    private long _recCorrectAt07;
    private double _recIouSum;

    public long Total { get; private set; }

    public long Correct { get; private set; }

    public long Failures { get; private set; }

    public void Add(ResultRow row, bool resumed = false)
    {
        Total++;
        if (row.Correct)
        {
            Correct++;
        }

        if (row.FailureKind is { } kind)
        {
            Failures++;
            Increment(_byKind, kind);
            Increment(_byError, row.Error ?? kind);
        }

        Add(_byCategory, row.Category, row.Correct);
        Add(_byTemplate, row.Template ?? "unknown", row.Correct);
        Add(_byFamily, row.FamilyKey, row.Correct);
        _prepareUs += row.PrepareMicroseconds;
        _runUs += row.RunMicroseconds;
        _tuples += row.ScoredTuples;
        _requests += row.VlmRequests;
        _cacheHits += row.CacheHits;
        _speculative += row.SpeculativeCalls;
        _roundTrips += row.RoundTrips;
        if (row.Referring is { } rec)
        {
            _recImages.Add(row.ImageIndex);
            if (!resumed)
            {
                _sessionImages.Add(row.ImageIndex);
            }

            // A row is judged by boxes (pixel perception) when it has an IoU; a run is all one or the other.
            bool ran = row.FailureKind is null;
            bool boxes = rec.Iou is not null;
            double f1 = !ran ? 0
                : boxes ? Referring.ReferringMetrics.GrecF1(rec.PredictedNoTarget, rec.PredictedBoxes, rec.ExpectedBoxes)
                : Referring.ReferringMetrics.GrecF1Objects(rec.PredictedNoTarget, rec.PredictedObjects, rec.ExpectedObjects);
            _recGrecCorrect += f1 == 1 ? 1 : 0;
            if (rec.ExpectedNoTarget)
            {
                _recNoTarget++;
                _recTrueNegatives += row.Correct ? 1 : 0;
            }
            else
            {
                _recTarget++;
                _recTruePositives += row.Correct ? 1 : 0;
                _recTargetPredicted += ran && !rec.PredictedNoTarget && (rec.PredictedObjects.Count > 0 || rec.PredictedBoxes.Count > 0) ? 1 : 0;
                _recCorrectAt07 += ran && boxes && Referring.ReferringMetrics.CorrectAt(rec.PredictedNoTarget, rec.PredictedBoxes, rec.ExpectedBoxes, 0.7) ? 1 : 0;

                if (rec.Iou is double iou)
                {
                    _recIouSum += iou;
                    _recIouCount++;
                }
            }

            if (rec.AbstainedBy is { } op)
            {
                Increment(_earlyExits, op);
            }
        }

        if (row.Detection is DetectionMetrics d && _detectedImages.Add(row.ImageIndex))
        {
            // Every question about an image carries the image's counts; the first one seen stands for the image.
            _detection = _detection is { } sum
                ? new DetectionSummary(sum.Images + 1, sum.TruePositives + d.TruePositives, sum.FalsePositives + d.FalsePositives, sum.FalseNegatives + d.FalseNegatives)
                : new DetectionSummary(1, d.TruePositives, d.FalsePositives, d.FalseNegatives);
        }
    }

    public EvaluationSummary Build(long evaluated, long resumed, long selected, double wallSeconds, IReadOnlyList<KeyValuePair<string, object?>> settings, bool interrupted = false) => new()
    {
        Interrupted = interrupted,
        Total = Total,
        Correct = Correct,
        Failures = Failures,
        FailuresByKind = new Dictionary<string, long>(_byKind, StringComparer.Ordinal),
        FailuresByError = new Dictionary<string, long>(_byError, StringComparer.Ordinal),
        ByCategory = new Dictionary<string, GroupAccuracy>(_byCategory, StringComparer.Ordinal),
        ByTemplate = new Dictionary<string, GroupAccuracy>(_byTemplate, StringComparer.Ordinal),
        ByFamily = new Dictionary<string, GroupAccuracy>(_byFamily, StringComparer.Ordinal),
        Detection = _detection,
        Referring = _recTarget + _recNoTarget == 0 ? null : new ReferringTotals(
            _recTarget, _recTruePositives, _recNoTarget, _recTrueNegatives, _recIouCount == 0 ? null : _recIouSum / _recIouCount,
            new Dictionary<string, long>(_earlyExits, StringComparer.Ordinal), _recImages.Count, _sessionImages.Count)
        {
            GrecCorrect = _recGrecCorrect,
            TargetPredicted = _recTargetPredicted,
            BoxTargetItems = _recIouCount == 0 ? 0 : _recTarget,
            CorrectAt07 = _recCorrectAt07,
        },
        ScoredTuplesPerQuestion = Total == 0 ? 0 : (double)_tuples / Total,
        Calls = new PerceptionCalls(_requests, _tuples, _cacheHits, _speculative, _roundTrips),
        MeanPrepareMicroseconds = Total == 0 ? 0 : _prepareUs / Total,
        MeanRunMicroseconds = Total == 0 ? 0 : _runUs / Total,
        Evaluated = evaluated,
        Resumed = resumed,
        Selected = selected,
        WallSeconds = wallSeconds,
        Settings = settings,
    };

    private static void Increment(Dictionary<string, long> counts, string key)
    {
        counts.TryGetValue(key, out long n);
        counts[key] = n + 1;
    }

    private static void Add(Dictionary<string, GroupAccuracy> groups, string key, bool correct)
    {
        groups.TryGetValue(key, out GroupAccuracy g);
        groups[key] = new GroupAccuracy(g.Total + 1, g.Correct + (correct ? 1 : 0));
    }
}
