using System.Diagnostics;
using System.Numerics.Tensors;
using Neptune.Clevr;
using Neptune.Learning;
using Neptune.Learning.Estimators;

namespace Neptune.Clevr2D.Learning;

/// <summary>What one tuning epoch did.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Loss">Mean loss over the epoch's questions.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="NetworkSeconds">Of which in the heads (forward, backward, Adam).</param>
/// <param name="EstimatorSeconds">Of which in the estimator (sampling, program runs, aggregation), wall clock.</param>
public sealed record ConceptEpochReport(int Epoch, double Loss, double Seconds, double NetworkSeconds, double EstimatorSeconds);

/// <summary>
/// Trains a <see cref="ConceptScorer"/> from (question, answer) pairs only: per batch, each tuned head gives a
/// distribution per object of each question's picture; a question's input positions are its picture's objects times
/// the tuned attributes its program reads (padded to eight classes with zero probability, which are never sampled);
/// the estimator turns (distributions, answer) into dL/dp through the question's program, and the batch mean is
/// back-propagated into the heads. Each question samples from its own randomness, seeded from (seed, epoch, question),
/// so a run is the same for a seed whatever the number of threads.
/// </summary>
public sealed class ConceptTuner
{
    /// <summary>Classes per position: the most values an attribute has (eight colors).</summary>
    public const int Classes = 8;

    private readonly ConceptScorer _scorer;
    private readonly IGradientEstimator _estimator;
    private readonly int _batchSize;
    private readonly int _seed;
    private readonly ParallelOptions _parallel;

    /// <summary>Creates the tuner.</summary>
    /// <param name="scorer">The scorer to train.</param>
    /// <param name="estimator">The gradient estimator.</param>
    /// <param name="batchSize">Questions per optimiser step.</param>
    /// <param name="seed">Seeds the order and the samples.</param>
    /// <param name="threads">Threads for the questions of a batch; 0 = one per core.</param>
    public ConceptTuner(ConceptScorer scorer, IGradientEstimator estimator, int batchSize, int seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _scorer = scorer;
        _estimator = estimator;
        _batchSize = batchSize;
        _seed = seed;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads == 0 ? Environment.ProcessorCount : threads };
    }

    /// <summary>Runs one epoch over the questions that have positions, in a seeded shuffled order.</summary>
    /// <param name="questions">The training questions (those without positions give no signal and are skipped).</param>
    /// <param name="epoch">1-based epoch (seeds the order and the samples).</param>
    /// <param name="progress">Receives (questions done, questions in the epoch) after each batch.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The report.</returns>
    public ConceptEpochReport TrainEpoch(IReadOnlyList<ConceptQuestion> questions, int epoch, Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var clock = Stopwatch.StartNew();
        ConceptQuestion[] order = [.. questions.Where(q => q.Positions.Count > 0)];
        new Random(Seeds.Derive(_seed, epoch, -1)).Shuffle(order);
        const int f = PixelWorld.ConceptFeatureCount;
        double lossSum = 0;
        long networkTicks = 0, estimatorTicks = 0;
        var losses = new float[_batchSize];
        for (int start = 0; start < order.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(_batchSize, order.Length - start);
            var batch = order.AsSpan(start, count).ToArray();
            var rowOffset = new int[count];
            int rows = 0;
            for (int b = 0; b < count; b++)
            {
                rowOffset[b] = rows;
                rows += batch[b].Picture.Count;
            }

            var inputs = new float[rows * f];
            for (int b = 0; b < count; b++)
            {
                batch[b].Picture.Features.CopyTo(inputs, rowOffset[b] * f);
            }

            long t0 = Stopwatch.GetTimestamp();
            var probabilities = new float[4][];
            foreach (ClevrAttribute a in _scorer.Concepts)
            {
                probabilities[(int)a] = _scorer.Head(a).Predict(inputs, rows, training: true).ToArray();
            }

            long t1 = Stopwatch.GetTimestamp();
            var gradients = new float[count][];
            Parallel.For(0, count, _parallel, b =>
            {
                ConceptQuestion q = batch[b];
                int positions = q.Positions.Count;
                var p = new float[positions * Classes];
                for (int i = 0; i < positions; i++)
                {
                    (int obj, ClevrAttribute a) = q.Positions[i];
                    int c = ClevrVocabulary.ValuesOf(a).Count;
                    probabilities[(int)a].AsSpan((rowOffset[b] + obj) * c, c).CopyTo(p.AsSpan(i * Classes, c));
                }

                var g = new float[positions * Classes];
                losses[b] = _estimator.Estimate(p, Classes, q.Answer, q, new Random(Seeds.Derive(_seed, epoch, q.Id)), g);
                gradients[b] = g;
            });
            long t2 = Stopwatch.GetTimestamp();
            var headGradients = new float[4][];
            foreach (ClevrAttribute a in _scorer.Concepts)
            {
                headGradients[(int)a] = new float[rows * ClevrVocabulary.ValuesOf(a).Count];
            }

            for (int b = 0; b < count; b++)
            {
                ConceptQuestion q = batch[b];
                for (int i = 0; i < q.Positions.Count; i++)
                {
                    (int obj, ClevrAttribute a) = q.Positions[i];
                    int c = ClevrVocabulary.ValuesOf(a).Count;
                    Span<float> target = headGradients[(int)a].AsSpan((rowOffset[b] + obj) * c, c);
                    TensorPrimitives.MultiplyAdd(gradients[b].AsSpan(i * Classes, c), 1f / count, target, target);
                }

                lossSum += losses[b];
            }

            foreach (ClevrAttribute a in _scorer.Concepts)
            {
                var head = _scorer.Head(a);
                head.Backward(headGradients[(int)a]);
                head.Step();
            }

            long t3 = Stopwatch.GetTimestamp();
            networkTicks += (t1 - t0) + (t3 - t2);
            estimatorTicks += t2 - t1;
            progress?.Invoke(start + count, order.Length);
        }

        return new ConceptEpochReport(
            epoch,
            order.Length == 0 ? 0 : lossSum / order.Length,
            clock.Elapsed.TotalSeconds,
            Stopwatch.GetElapsedTime(0, networkTicks).TotalSeconds,
            Stopwatch.GetElapsedTime(0, estimatorTicks).TotalSeconds);
    }

    /// <summary>
    /// QA accuracy without sampling: each question's program run on the given values of its picture's objects.
    /// </summary>
    /// <param name="questions">The questions.</param>
    /// <param name="valuesOf">The values (4 per object) of each picture, for example <see cref="ConceptScorer.Values"/>.</param>
    /// <param name="parallel">Threads.</param>
    /// <returns>The fraction answered right.</returns>
    public static double Accuracy(IReadOnlyList<ConceptQuestion> questions, Func<ConceptPicture, int[]> valuesOf, ParallelOptions? parallel = null)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(valuesOf);
        if (questions.Count == 0)
        {
            return 0;
        }

        var cache = new Dictionary<ConceptPicture, int[]>();
        foreach (ConceptQuestion q in questions)
        {
            if (!cache.ContainsKey(q.Picture))
            {
                cache[q.Picture] = valuesOf(q.Picture);
            }
        }

        int right = 0;
        Parallel.For(0, questions.Count, parallel ?? new ParallelOptions(), i =>
        {
            ConceptQuestion q = questions[i];
            if (q.Run(q.Select(cache[q.Picture])) == q.Answer)
            {
                Interlocked.Increment(ref right);
            }
        });
        return (double)right / questions.Count;
    }
}
