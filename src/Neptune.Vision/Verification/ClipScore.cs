using System.Numerics.Tensors;

namespace Neptune.Vision.Verification;

/// <summary>VIRO's verification score (eq. 2) and the attribute softmax (A.1.2) over embedding vectors.</summary>
public static class ClipScore
{
    /// <summary>
    /// S(l | I) = (1/K) Σ_k e^{sim(I,l)/τ} / (e^{sim(I,l)/τ} + e^{sim(I,c_k)/τ}): the mean probability of the label
    /// against each bank category one-on-one, sim being cosine similarity.
    /// </summary>
    /// <remarks>
    /// Each term is computed as the logistic σ((sim(I,l) − sim(I,c_k))/τ), which is the same quotient without
    /// overflow for small τ. Vectors need not be normalised. Bank rows listed in <paramref name="skipRows"/> (the label
    /// itself when it is in the bank, whose term would be ½ whatever the image) are left out, and K counts the others.
    /// No allocation.
    /// </remarks>
    /// <param name="image">The region's image embedding.</param>
    /// <param name="label">The label's text embedding.</param>
    /// <param name="bank">The bank's text embeddings, row after row (K·d values).</param>
    /// <param name="temperature">τ &gt; 0.</param>
    /// <param name="skipRows">Bank rows to leave out.</param>
    /// <returns>S in [0, 1].</returns>
    /// <exception cref="ArgumentException">The dimensions disagree, τ is not positive, or no bank row is left.</exception>
    public static float Verification(ReadOnlySpan<float> image, ReadOnlySpan<float> label, ReadOnlySpan<float> bank, float temperature, ReadOnlySpan<int> skipRows = default)
    {
        int d = image.Length;
        if (d == 0 || label.Length != d || bank.Length % d != 0)
        {
            throw new ArgumentException("the image, label and bank embeddings must share one non-zero dimension");
        }

        if (!(temperature > 0) || !float.IsFinite(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "τ must be a positive number");
        }

        float own = TensorPrimitives.CosineSimilarity(image, label);
        int rows = bank.Length / d;
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < rows; k++)
        {
            if (skipRows.Contains(k))
            {
                continue;
            }

            float other = TensorPrimitives.CosineSimilarity(image, bank.Slice(k * d, d));
            sum += 1.0 / (1.0 + Math.Exp((other - own) / (double)temperature));
            counted++;
        }

        if (counted == 0)
        {
            throw new ArgumentException("the bank holds no category besides the label", nameof(bank));
        }

        return (float)(sum / counted);
    }

    /// <summary>
    /// The softmax over candidate regions of their similarity to one text, p_j = e^{sim(I_j,t)/τ} / Σ_i e^{sim(I_i,t)/τ}
    /// (VIRO A.1.2's attribute score, before it is combined with the detector's confidence).
    /// </summary>
    /// <param name="similarities">sim(I_j, t) per candidate.</param>
    /// <param name="temperature">τ &gt; 0.</param>
    /// <param name="destination">Receives p_j; as long as <paramref name="similarities"/>.</param>
    public static void Softmax(ReadOnlySpan<float> similarities, float temperature, Span<float> destination)
    {
        if (destination.Length != similarities.Length)
        {
            throw new ArgumentException("the destination must be as long as the similarities", nameof(destination));
        }

        if (!(temperature > 0) || !float.IsFinite(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "τ must be a positive number");
        }

        if (similarities.IsEmpty)
        {
            return;
        }

        TensorPrimitives.Divide(similarities, temperature, destination);
        TensorPrimitives.SoftMax(destination, destination);
    }
}
