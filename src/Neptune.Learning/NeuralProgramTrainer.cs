using System.Diagnostics;
using System.Numerics.Tensors;
using Neptune.Learning.BlackBoxes;
using Neptune.Learning.Estimators;
using Neptune.Neural;

namespace Neptune.Learning;

/// <summary>What one training epoch did.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Loss">Mean loss over the epoch's examples.</param>
/// <param name="Seconds">Wall-clock seconds of the epoch.</param>
/// <param name="NetworkSeconds">Wall-clock seconds in the network's forward and backward passes and the optimiser.</param>
/// <param name="EstimatorSeconds">Wall-clock seconds in the estimator (sampling, program runs, aggregation).</param>
public sealed record EpochReport(int Epoch, double Loss, double Seconds, double NetworkSeconds, double EstimatorSeconds);

/// <summary>Accuracy of a model with a program on examples.</summary>
/// <param name="Accuracy">Fraction of examples whose program output, on the most likely symbol of each input, is the label.</param>
/// <param name="SymbolAccuracy">Fraction of inputs whose most likely symbol is the true one (NaN when symbols are unknown).</param>
public sealed record AccuracyReport(double Accuracy, double SymbolAccuracy);

/// <summary>
/// Trains a classifier through a black-box program: each batch, the classifier gives one distribution per program
/// position, the estimator turns (distributions, label) into dL/dp per example, and the mean over the batch is
/// back-propagated. Examples are handled in parallel; each draws from its own randomness, seeded from (seed, epoch,
/// example), so a run is the same for a seed whatever the number of threads.
/// </summary>
public sealed class NeuralProgramTrainer
{
    private readonly IClassifier _model;
    private readonly IGradientEstimator _estimator;
    private readonly IBlackBox _program;
    private readonly int _batchSize;
    private readonly int _seed;
    private readonly ParallelOptions _parallel;
    private float[] _inputs = [];
    private float[] _gradient = [];

    /// <summary>Creates the trainer.</summary>
    /// <param name="model">The classifier of each input.</param>
    /// <param name="estimator">The gradient estimator.</param>
    /// <param name="program">The black box (memoise it for speed: <see cref="MemoizedBlackBox"/>).</param>
    /// <param name="batchSize">Examples per optimiser step.</param>
    /// <param name="seed">Seeds shuffling and sampling.</param>
    /// <param name="threads">Threads for the examples of a batch; 0 means one per core.</param>
    public NeuralProgramTrainer(IClassifier model, IGradientEstimator estimator, IBlackBox program, int batchSize, int seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _model = model;
        _estimator = estimator;
        _program = program;
        _batchSize = batchSize;
        _seed = seed;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads == 0 ? Environment.ProcessorCount : threads };
    }

    /// <summary>Runs one epoch over the examples in a seeded shuffled order.</summary>
    /// <param name="examples">The training examples; all have the same number of positions.</param>
    /// <param name="pool">The inputs they refer to.</param>
    /// <param name="epoch">1-based epoch number (seeds the order and the samples).</param>
    /// <param name="progress">Receives the number of examples done after each batch.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The epoch's report.</returns>
    public EpochReport TrainEpoch(IReadOnlyList<ProgramExample> examples, InputPool pool, int epoch, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(pool);
        var clock = Stopwatch.StartNew();
        int[] order = [.. Enumerable.Range(0, examples.Count)];
        new Random(Seeds.Derive(_seed, epoch, -1)).Shuffle(order);
        int classes = _model.Classes;
        double lossSum = 0;
        long networkTicks = 0;
        long estimatorTicks = 0;
        var losses = new float[_batchSize];
        for (int start = 0; start < order.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(_batchSize, order.Length - start);
            int positions = examples[order[start]].Inputs.Length;
            int rows = Gather(examples, order.AsSpan(start, count), pool, positions);
            long t0 = Stopwatch.GetTimestamp();
            float[] probabilities = _model.Predict(_inputs.AsSpan(0, rows * pool.SampleSize), rows, training: true).ToArray();
            long t1 = Stopwatch.GetTimestamp();
            if (_gradient.Length < rows * classes)
            {
                _gradient = new float[rows * classes];
            }

            float[] gradient = _gradient;
            int first = start;
            Parallel.For(0, count, _parallel, b =>
            {
                int id = order[first + b];
                ProgramExample example = examples[id];
                var random = new Random(Seeds.Derive(_seed, epoch, id));
                int offset = b * positions * classes;
                losses[b] = _estimator.Estimate(
                    probabilities.AsSpan(offset, positions * classes), classes, example.Label, _program, random, gradient.AsSpan(offset, positions * classes));
            });
            long t2 = Stopwatch.GetTimestamp();
            Span<float> g = gradient.AsSpan(0, rows * classes);
            TensorPrimitives.Multiply(g, 1f / count, g);
            _model.Backward(g);
            _model.Step();
            long t3 = Stopwatch.GetTimestamp();
            networkTicks += (t1 - t0) + (t3 - t2);
            estimatorTicks += t2 - t1;
            for (int b = 0; b < count; b++)
            {
                lossSum += losses[b];
            }

            progress?.Report(start + count);
        }

        return new EpochReport(
            epoch,
            examples.Count == 0 ? 0 : lossSum / examples.Count,
            clock.Elapsed.TotalSeconds,
            Stopwatch.GetElapsedTime(0, networkTicks).TotalSeconds,
            Stopwatch.GetElapsedTime(0, estimatorTicks).TotalSeconds);
    }

    /// <summary>
    /// Accuracy without sampling: each input's most likely symbol is taken and the program run on the tuple; also the
    /// per-symbol accuracy when examples carry their true symbols.
    /// </summary>
    /// <param name="examples">The examples.</param>
    /// <param name="pool">The inputs they refer to.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The accuracies.</returns>
    public AccuracyReport Evaluate(IReadOnlyList<ProgramExample> examples, InputPool pool, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(pool);
        int classes = _model.Classes;
        int correct = 0;
        int symbols = 0;
        int symbolsRight = 0;
        int[] ids = [.. Enumerable.Range(0, examples.Count)];
        var outcome = new (bool Right, int Symbols, int SymbolsRight)[examples.Count];
        int batch = Math.Max(_batchSize, 64);
        for (int start = 0; start < ids.Length; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batch, ids.Length - start);
            int positions = examples[start].Inputs.Length;
            int rows = Gather(examples, ids.AsSpan(start, count), pool, positions);
            float[] probabilities = _model.Predict(_inputs.AsSpan(0, rows * pool.SampleSize), rows, training: false).ToArray();
            int first = start;
            Parallel.For(0, count, _parallel, b =>
            {
                ProgramExample example = examples[first + b];
                Span<int> tuple = stackalloc int[positions];
                int right = 0;
                for (int i = 0; i < positions; i++)
                {
                    tuple[i] = TensorPrimitives.IndexOfMax(probabilities.AsSpan(((b * positions) + i) * classes, classes));
                    right += example.Symbols is { } s && s[i] == tuple[i] ? 1 : 0;
                }

                outcome[first + b] = (_program.Run(tuple) == example.Label, example.Symbols is null ? 0 : positions, right);
            });
        }

        foreach ((bool right, int n, int r) in outcome)
        {
            correct += right ? 1 : 0;
            symbols += n;
            symbolsRight += r;
        }

        return new AccuracyReport(
            examples.Count == 0 ? 0 : (double)correct / examples.Count,
            symbols == 0 ? double.NaN : (double)symbolsRight / symbols);
    }

    private int Gather(IReadOnlyList<ProgramExample> examples, ReadOnlySpan<int> ids, InputPool pool, int positions)
    {
        int size = pool.SampleSize;
        int rows = ids.Length * positions;
        if (_inputs.Length < rows * size)
        {
            _inputs = new float[rows * size];
        }

        int row = 0;
        foreach (int id in ids)
        {
            int[] inputs = examples[id].Inputs;
            if (inputs.Length != positions)
            {
                throw new ArgumentException($"example {id} has {inputs.Length} inputs; the batch has {positions}", nameof(examples));
            }

            foreach (int input in inputs)
            {
                pool.Values.AsSpan(input * size, size).CopyTo(_inputs.AsSpan(row * size, size));
                row++;
            }
        }

        return rows;
    }
}
