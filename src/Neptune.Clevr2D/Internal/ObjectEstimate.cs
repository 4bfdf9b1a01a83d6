using Neptune.Clevr;

namespace Neptune.Clevr2D.Internal;

/// <summary>
/// Soft attribute distributions and ground-plane position of one detected object, from its <see cref="ObjectFeatures"/>.
/// </summary>
/// <remarks>
/// Shape (top width, aspect, fill; a lower half fuller than a disc's counts against the sphere) and material are naive-Bayes posteriors with Student-t (ν = 3) likelihoods around glyph prototypes, so that
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

    // A disc fills π/4 of the lower half of its box (median 0.788 over the unoccluded spheres of the 1,000 train
    // scenes; cubes 0.969, cylinders 0.943). Hidden or split-off parts only lower the fill, so only a fill above the
    // disc's counts, against the sphere; it is not used when the bottom is hidden.
    private const float DiscBottomFill = 0.788f;
    private const float DiscBottomFillScale = 0.02f;

    // The share of the outline against something nearer from which a silhouette counts as partly hidden.
    private const float ContactLimit = 0.08f;

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

        // A small disc's edge pixels fill its box a little more (about 0.5 / radius).
        float discFill = DiscBottomFill + (0.5f / MathF.Max(1f, features.Height / 2f));
        float excess = (features.Occluded & Occlusion.Bottom) != 0 ? 0f : MathF.Max(0f, features.BottomFill - discFill) / DiscBottomFillScale;
        // When something nearer lies against a good part of the outline, pixels may be missing: a fill below a
        // prototype's is then no evidence against it.
        // The aspect of a box cut at the top or bottom can only grow, of one cut at a side only shrink.
        bool hiddenPart = features.Contact >= ContactLimit;
        bool cutVertically = (features.Occluded & (Occlusion.Top | Occlusion.Bottom)) != 0;
        bool cutSideways = (features.Occluded & (Occlusion.Left | Occlusion.Right)) != 0;
        var shape = Posterior(
            ShapeMean, ShapeScale, [features.TopWidth, features.Aspect, features.Fill], [0f, -0.5f * (Nu + 1f) * MathF.Log(1f + (excess * excess / Nu)), 0f],
            lowerIsFree: (hiddenPart ? 0b100 : 0) | (cutSideways ? 0b010 : 0),
            higherIsFree: cutVertically ? 0b010 : 0);
        var material = Posterior(MaterialMean, MaterialScale, [features.HighlightFraction, features.DarkRatio, features.Contrast]);

        // Image radius: the box height, or its width over the expected aspect when the bottom is hidden (occlusion
        // only shrinks a silhouette). The centre is measured from the sides nothing hides.
        float aspect = (shape[0] * ShapeMean[0, 1]) + (shape[1] * ShapeMean[1, 1]) + (shape[2] * ShapeMean[2, 1]);
        // Every glyph is 2R high, so the height is the radius when nothing nearer hides the top or the bottom.
        var hidden = features.Occluded;
        float radius = (hidden & (Occlusion.Top | Occlusion.Bottom)) == 0
            ? features.Height / 2f
            : MathF.Max(features.Height, features.Width / aspect) / 2f;
        float centerY = (hidden & (Occlusion.Top | Occlusion.Bottom)) == Occlusion.Top
            ? features.Top + features.Height - radius
            : features.Top + radius;

        // Horizontally, a side that touches another segment is unreliable (hidden, or moved by a split): measure from
        // the free side.
        float centerX = (features.Touched & (Occlusion.Left | Occlusion.Right)) switch
        {
            Occlusion.Left => features.Right - (aspect * radius),
            Occlusion.Right => features.Left + (aspect * radius),
            _ => features.CenterX,
        };
        const float f = Clevr.ClevrGeometry.FocalLengthPixels;
        float denominator = MathF.Sin(CameraTilt) + (MathF.Cos(CameraTilt) * (centerY - 160f) / f) + (radius / f);
        float depth = CameraHeight / MathF.Max(denominator, 0.05f);
        float worldRadius = radius * depth / f;
        float large = Logistic((MathF.Log(worldRadius) - MathF.Log(SizeThreshold)) / SizeScale);

        Depth = depth;
        Radius = radius;
        CenterX = centerX;
        CenterY = centerY;
        Lateral = (centerX - 240f) * depth / f;
        WorldRadius = worldRadius;
        Forward = depth * (MathF.Cos(CameraTilt) - (MathF.Sin(CameraTilt) * (centerY - 160f) / f));
        _distributions = [color, shape, material, [large, 1f - large]];
    }

    public ObjectFeatures Features { get; }

    /// <summary>Estimated image radius of the whole object, hidden parts included, in pixels.</summary>
    public float Radius { get; }

    /// <summary>Estimated image centre column of the whole object.</summary>
    public float CenterX { get; }

    /// <summary>Estimated image centre row of the whole object.</summary>
    public float CenterY { get; }

    /// <summary>
    /// The whole object's box, hidden parts included: centre ± <see cref="Clevr.ClevrGeometry.Margin"/> · radius on
    /// both axes (the box convention of <see cref="Clevr.ClevrGeometry.BoxOf"/>), clipped to the 480×320 image.
    /// </summary>
    public Neptune.Perception.BoundingBox AmodalBox
    {
        get
        {
            float half = Clevr.ClevrGeometry.Margin * Radius;
            return new Neptune.Perception.BoundingBox(
                Math.Clamp(CenterX - half, 0f, 480f),
                Math.Clamp(CenterY - half, 0f, 320f),
                Math.Clamp(CenterX + half, 0f, 480f),
                Math.Clamp(CenterY + half, 0f, 320f));
        }
    }

    /// <summary>Estimated camera depth.</summary>
    public float Depth { get; }

    /// <summary>The object's radius in world units, recovered through the camera.</summary>
    public float WorldRadius { get; }

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

    private static float[] Posterior(float[,] mean, float[,] scale, ReadOnlySpan<float> x, ReadOnlySpan<float> extra = default, int lowerIsFree = 0, int higherIsFree = 0)
    {
        int classes = mean.GetLength(0);
        var logp = new float[classes];
        float max = float.NegativeInfinity;
        for (int c = 0; c < classes; c++)
        {
            float sum = 0f;
            for (int k = 0; k < x.Length; k++)
            {
                bool free = ((lowerIsFree & (1 << k)) != 0 && x[k] < mean[c, k]) || ((higherIsFree & (1 << k)) != 0 && x[k] > mean[c, k]);
                float z = free ? 0f : (x[k] - mean[c, k]) / scale[c, k];
                sum += -0.5f * (Nu + 1f) * MathF.Log(1f + (z * z / Nu)) - MathF.Log(scale[c, k]);
            }

            logp[c] = (sum + (extra.IsEmpty ? 0f : extra[c])) * Temperature;
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
