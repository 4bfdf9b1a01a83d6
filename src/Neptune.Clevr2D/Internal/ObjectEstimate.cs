using Neptune.Clevr;

namespace Neptune.Clevr2D.Internal;

/// <summary>
/// Soft attribute distributions and ground-plane position of one detected object, from its <see cref="ObjectFeatures"/>.
/// </summary>
/// <remarks>
/// Shape and material are naive-Bayes posteriors with Student-t (ν = 3) likelihoods around glyph prototypes, so that
/// an occluded or merged silhouette (a far-off feature) yields doubt rather than a confident wrong answer; the summed
/// log-likelihood is tempered because the features are correlated. Color is the smoothed share of the segment's pixel
/// votes. Size and position invert the CLEVR camera (tilt ≈ 27.7°, height ≈ 5.24, f = 525 px): an object of world
/// radius r whose centre projects to row y with image radius R lies at depth Z = H / (sin t + cos t · (y − 160) / f + R / f),
/// and r = R · Z / f.
/// </remarks>
internal sealed class ObjectEstimate
{
    internal const float CameraTilt = 27.7f * MathF.PI / 180f;
    internal const float CameraHeight = 5.24f;
    internal const float SizeThreshold = 0.5f;
    internal const float SizeScale = 0.08f;
    private const float Temperature = 0.5f;
    private const float Nu = 3f;

    // Prototype (median, scale) per shape in vocabulary order (cube, sphere, cylinder): top width, aspect, fill.
    private static readonly float[,] ShapeMean = { { 0.833f, 1.0f, 0.953f }, { 0.632f, 1.0f, 0.787f }, { 1.0f, 0.783f, 0.941f } };
    private static readonly float[,] ShapeScale = { { 0.03f, 0.04f, 0.03f }, { 0.04f, 0.04f, 0.03f }, { 0.04f, 0.03f, 0.03f } };

    // Per material (rubber, metal): highlight fraction, dark ratio, contrast.
    private static readonly float[,] MaterialMean = { { 0f, 0.86f, 0.29f }, { 0.154f, 0.50f, 1.0f } };
    private static readonly float[,] MaterialScale = { { 0.01f, 0.03f, 0.06f }, { 0.1f, 0.04f, 0.3f } };

    private readonly float[][] _distributions;

    public ObjectEstimate(ObjectFeatures features, ReadOnlySpan<int> colorVotes)
    {
        Features = features;
        var color = new float[8];
        float total = 0f;
        for (int c = 0; c < 8; c++)
        {
            total += colorVotes[c];
        }

        for (int c = 0; c < 8; c++)
        {
            color[c] = (colorVotes[c] + 0.5f) / (total + 4f);
        }

        var shape = Posterior(ShapeMean, ShapeScale, [features.TopWidth, features.Aspect, features.Fill]);
        var material = Posterior(MaterialMean, MaterialScale, [features.HighlightFraction, features.DarkRatio, features.Contrast]);

        // Image radius: the box height, or its width over the expected aspect when the bottom is hidden.
        float aspect = (shape[0] * ShapeMean[0, 1]) + (shape[1] * ShapeMean[1, 1]) + (shape[2] * ShapeMean[2, 1]);
        float radius = MathF.Max(features.Height, features.Width / aspect) / 2f;
        float centerY = features.Top + radius;
        const float f = Clevr.ClevrGeometry.FocalLengthPixels;
        float denominator = MathF.Sin(CameraTilt) + (MathF.Cos(CameraTilt) * (centerY - 160f) / f) + (radius / f);
        float depth = CameraHeight / MathF.Max(denominator, 0.05f);
        float worldRadius = radius * depth / f;
        float large = Logistic((MathF.Log(worldRadius) - MathF.Log(SizeThreshold)) / SizeScale);

        Depth = depth;
        Lateral = (features.CenterX - 240f) * depth / f;
        Forward = depth * (MathF.Cos(CameraTilt) - (MathF.Sin(CameraTilt) * (centerY - 160f) / f));
        _distributions = [color, shape, material, [large, 1f - large]];
    }

    public ObjectFeatures Features { get; }

    /// <summary>Estimated camera depth.</summary>
    public float Depth { get; }

    /// <summary>Ground position along the camera's right direction.</summary>
    public float Lateral { get; }

    /// <summary>Ground position along the camera's viewing direction (larger is farther).</summary>
    public float Forward { get; }

    /// <summary>The distribution over the values of an attribute, in <see cref="ClevrVocabulary"/> order.</summary>
    public ReadOnlySpan<float> Distribution(ClevrAttribute attribute) => _distributions[(int)attribute];

    public float Probability(ClevrAttribute attribute, string value)
    {
        int i = Array.IndexOf(ClevrVocabulary.ValueArray(attribute), value);
        return i < 0 ? 0f : _distributions[(int)attribute][i];
    }

    public string MostLikely(ClevrAttribute attribute)
    {
        var d = _distributions[(int)attribute];
        int best = 0;
        for (int i = 1; i < d.Length; i++)
        {
            best = d[i] > d[best] ? i : best;
        }

        return ClevrVocabulary.ValueArray(attribute)[best];
    }

    internal static float Logistic(float z) => 1f / (1f + MathF.Exp(-z));

    private static float[] Posterior(float[,] mean, float[,] scale, ReadOnlySpan<float> x)
    {
        int classes = mean.GetLength(0);
        var logp = new float[classes];
        float max = float.NegativeInfinity;
        for (int c = 0; c < classes; c++)
        {
            float sum = 0f;
            for (int k = 0; k < x.Length; k++)
            {
                float z = (x[k] - mean[c, k]) / scale[c, k];
                sum += -0.5f * (Nu + 1f) * MathF.Log(1f + (z * z / Nu)) - MathF.Log(scale[c, k]);
            }

            logp[c] = sum * Temperature;
            max = MathF.Max(max, logp[c]);
        }

        float total = 0f;
        for (int c = 0; c < classes; c++)
        {
            logp[c] = MathF.Exp(logp[c] - max);
            total += logp[c];
        }

        for (int c = 0; c < classes; c++)
        {
            logp[c] /= total;
        }

        return logp;
    }
}
