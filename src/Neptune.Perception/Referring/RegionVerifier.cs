namespace Neptune.Perception;

/// <summary>What a label given to a verifier names.</summary>
public enum VerificationKind
{
    /// <summary>An object name, a noun phrase ("cube", "man"): "is this region a cube?".</summary>
    ObjectName = 0,

    /// <summary>An attribute or state ("red", "metal", "wearing a blue shirt"): "is this region red?".</summary>
    Property = 1,
}

/// <summary>
/// Checks detected regions against a label: S(label | region) in [0, 1] for each region. The referring-expression
/// operators accept a region as the label only when S ≥ δ_label (<see cref="VerificationSettings"/>).
/// </summary>
/// <remarks>Implementations must be thread-safe; one verifier serves many concurrent runs.</remarks>
public interface IRegionVerifier
{
    /// <summary>Scores regions of one scene against a label.</summary>
    /// <param name="scene">The scene the regions belong to.</param>
    /// <param name="label">The label (an object name or a property).</param>
    /// <param name="kind">What the label names.</param>
    /// <param name="objects">The regions, as object indices into <see cref="IScenePerception.Objects"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One score in [0, 1] per region, in the order given.</returns>
    ValueTask<float[]> VerifyAsync(IScenePerception scene, string label, VerificationKind kind, IReadOnlyList<int> objects, CancellationToken cancellationToken);
}

/// <summary>
/// A verifier that asks the scene's own perception a yes/no question per label — "Is the object in the red box a
/// {label}?" for object names, "Is the object in the red box {label}?" for properties — and reads P(yes) for each
/// region. Over the scene world this reads the annotations, over CLEVR-2D pictures the pixel estimates, over a
/// vision-language model its Yes/No logprobs; one question per label and scene.
/// </summary>
public sealed class PerceptionVerifier : IRegionVerifier
{
    private static readonly string[] Variables = ["x"];

    /// <summary>The shared instance (the verifier is stateless).</summary>
    public static PerceptionVerifier Instance { get; } = new();

    /// <summary>The question asked for an object name or a property.</summary>
    /// <param name="label">The label.</param>
    /// <param name="kind">What it names.</param>
    /// <returns>The yes/no question.</returns>
    public static string QuestionFor(string label, VerificationKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        string l = label.Trim();
        if (kind == VerificationKind.Property)
        {
            return $"Is the object in the red box {l}?";
        }

        string article = "aeiou".Contains(char.ToLowerInvariant(l[0]), StringComparison.Ordinal) ? "an" : "a";
        return $"Is the object in the red box {article} {l}?";
    }

    /// <inheritdoc />
    public async ValueTask<float[]> VerifyAsync(IScenePerception scene, string label, VerificationKind kind, IReadOnlyList<int> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(objects);
        var scores = new float[objects.Count];
        if (objects.Count == 0)
        {
            return scores;
        }

        var tensor = await scene.ScoreAsync(QuestionFor(label, kind), Variables, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < scores.Length; i++)
        {
            int o = objects[i];
            if ((uint)o >= (uint)tensor.DomainSize)
            {
                throw new PerceptionException(PerceptionErrorKind.InvalidArgument, $"region {o} is out of range for verification (the scene has {tensor.DomainSize} objects)");
            }

            scores[i] = Math.Clamp(tensor[o], 0f, 1f);
        }

        return scores;
    }
}

/// <summary>
/// The thresholds of the referring-expression operators: detector confidence, the verifier threshold δ_l per label,
/// and the weight of the verifier in the property score. Validated when built.
/// </summary>
public sealed record VerificationSettings
{
    /// <summary>The defaults: detector threshold 0.2 (VIRO's), δ = 0.5 for every label, property weight 0.8.</summary>
    public static VerificationSettings Default { get; } = new();

    /// <summary>Detections below this confidence are not candidates of FIND. Default 0.2.</summary>
    public float DetectorThreshold { get; init; } = 0.2f;

    /// <summary>δ for labels without their own threshold. Default 0.5.</summary>
    public float VerifierThreshold { get; init; } = 0.5f;

    /// <summary>δ_l per label (compared case-insensitively after trimming).</summary>
    public IReadOnlyDictionary<string, float> LabelThresholds { get; init; } = new Dictionary<string, float>();

    /// <summary>
    /// w in PROPERTY's score w · S(value | region) + (1 − w) · detector confidence (VIRO A.1.2 combines the two by a
    /// weighted sum). Default 0.8.
    /// </summary>
    public float PropertyWeight { get; init; } = 0.8f;

    /// <summary>δ_l for a label.</summary>
    /// <param name="label">The label.</param>
    /// <returns>Its threshold.</returns>
    public float ThresholdFor(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        string key = label.Trim();
        foreach (var (l, t) in LabelThresholds)
        {
            if (string.Equals(l.Trim(), key, StringComparison.OrdinalIgnoreCase))
            {
                return t;
            }
        }

        return VerifierThreshold;
    }

    /// <summary>Checks every value is in range.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A threshold or the weight is outside [0, 1].</exception>
    public VerificationSettings Validate()
    {
        Check(DetectorThreshold, "detector_threshold");
        Check(VerifierThreshold, "verifier_threshold");
        Check(PropertyWeight, "property_weight");
        foreach (var (label, t) in LabelThresholds)
        {
            Check(t, $"label threshold '{label}'");
        }

        return this;
    }

    private static void Check(float value, string name)
    {
        if (!(value is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1], got {value}");
        }
    }
}
