using System.Numerics.Tensors;

namespace Neptune.Neural;

/// <summary>Row-wise activations and losses on spans; the caller owns every buffer and in-place use is allowed where stated.</summary>
public static class Functions
{
    /// <summary>The smallest probability a log is taken of; PyTorch's BCE clamps the log at −100 in the same way.</summary>
    public const float LogFloor = -100f;

    /// <summary>Softmax of each row: <c>p_i = exp(x_i − max x) / Σ_j exp(x_j − max x)</c>.</summary>
    /// <param name="logits">rows × width values.</param>
    /// <param name="width">Values per row.</param>
    /// <param name="destination">Receives the probabilities; may be <paramref name="logits"/>.</param>
    public static void Softmax(ReadOnlySpan<float> logits, int width, Span<float> destination)
    {
        CheckRows(logits.Length, width, destination.Length);
        for (int r = 0; r < logits.Length / width; r++)
        {
            TensorPrimitives.SoftMax(logits.Slice(r * width, width), destination.Slice(r * width, width));
        }
    }

    /// <summary>Log-softmax of each row: <c>x_i − max x − log Σ_j exp(x_j − max x)</c>, exact for large logits.</summary>
    /// <param name="logits">rows × width values.</param>
    /// <param name="width">Values per row.</param>
    /// <param name="destination">Receives the log-probabilities; may be <paramref name="logits"/>.</param>
    public static void LogSoftmax(ReadOnlySpan<float> logits, int width, Span<float> destination)
    {
        CheckRows(logits.Length, width, destination.Length);
        for (int r = 0; r < logits.Length / width; r++)
        {
            ReadOnlySpan<float> x = logits.Slice(r * width, width);
            Span<float> y = destination.Slice(r * width, width);
            float max = TensorPrimitives.Max(x);
            float sum = 0;
            for (int i = 0; i < width; i++)
            {
                sum += MathF.Exp(x[i] - max);
            }

            float shift = max + MathF.Log(sum);
            TensorPrimitives.Subtract(x, shift, y);
        }
    }

    /// <summary>
    /// The gradient through a row-wise softmax: given p = softmax(x) and g = dL/dp, writes
    /// <c>dL/dx_i = p_i (g_i − Σ_j g_j p_j)</c>.
    /// </summary>
    /// <param name="probabilities">The softmax output, rows × width.</param>
    /// <param name="gradient">dL/dp, rows × width.</param>
    /// <param name="width">Values per row.</param>
    /// <param name="destination">Receives dL/dx; may be <paramref name="gradient"/>.</param>
    public static void SoftmaxBackward(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> gradient, int width, Span<float> destination)
    {
        CheckRows(probabilities.Length, width, destination.Length);
        for (int r = 0; r < probabilities.Length / width; r++)
        {
            ReadOnlySpan<float> p = probabilities.Slice(r * width, width);
            ReadOnlySpan<float> g = gradient.Slice(r * width, width);
            Span<float> d = destination.Slice(r * width, width);
            float dot = TensorPrimitives.Dot(g, p);
            TensorPrimitives.Subtract(g, dot, d);
            TensorPrimitives.Multiply(d, p, d);
        }
    }

    /// <summary>
    /// Mean binary cross-entropy <c>−(1/n) Σ [t log p + (1−t) log(1−p)]</c>, each log clamped at <see cref="LogFloor"/>,
    /// and its gradient <c>dL/dp</c>.
    /// </summary>
    /// <param name="probabilities">p, each in [0, 1].</param>
    /// <param name="targets">t, each in [0, 1].</param>
    /// <param name="gradient">Receives dL/dp (0 where a log is clamped); may be empty to skip it.</param>
    /// <returns>The loss; 0 for empty input.</returns>
    public static float BinaryCrossEntropy(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, Span<float> gradient)
    {
        if (targets.Length != probabilities.Length || (gradient.Length != 0 && gradient.Length < probabilities.Length))
        {
            throw new ArgumentException("probabilities, targets and gradient must have one length");
        }

        int n = probabilities.Length;
        if (n == 0)
        {
            return 0;
        }

        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            float p = probabilities[i];
            float t = targets[i];
            float logP = p > 0 ? MathF.Max(MathF.Log(p), LogFloor) : LogFloor;
            float log1P = p < 1 ? MathF.Max(MathF.Log(1 - p), LogFloor) : LogFloor;
            loss -= (t * logP) + ((1 - t) * log1P);
            if (gradient.Length != 0)
            {
                float dp = logP > LogFloor ? -t / p : 0f;
                float d1p = log1P > LogFloor ? (1 - t) / (1 - p) : 0f;
                gradient[i] = (dp + d1p) / n;
            }
        }

        return (float)(loss / n);
    }

    /// <summary>Mean negative log-likelihood <c>−(1/rows) Σ_r logp[r, label_r]</c> and its gradient with respect to the log-probabilities.</summary>
    /// <param name="logProbabilities">rows × width log-probabilities.</param>
    /// <param name="labels">One class per row.</param>
    /// <param name="width">Classes.</param>
    /// <param name="gradient">Receives dL/d logp (rows × width); may be empty to skip it.</param>
    /// <returns>The loss.</returns>
    public static float NegativeLogLikelihood(ReadOnlySpan<float> logProbabilities, ReadOnlySpan<int> labels, int width, Span<float> gradient)
    {
        int rows = labels.Length;
        if (logProbabilities.Length != rows * width || (gradient.Length != 0 && gradient.Length < rows * width))
        {
            throw new ArgumentException("the log-probabilities must hold one row per label");
        }

        if (gradient.Length != 0)
        {
            gradient[..(rows * width)].Clear();
        }

        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            int label = labels[r];
            ArgumentOutOfRangeException.ThrowIfNegative(label, nameof(labels));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, width, nameof(labels));
            loss -= logProbabilities[(r * width) + label];
            if (gradient.Length != 0)
            {
                gradient[(r * width) + label] = -1f / rows;
            }
        }

        return rows == 0 ? 0 : (float)(loss / rows);
    }

    private static void CheckRows(int length, int width, int destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (length % width != 0)
        {
            throw new ArgumentException($"{length} values do not form rows of {width}");
        }

        if (destination < length)
        {
            throw new ArgumentException("the destination is shorter than the input");
        }
    }
}
