using Neptune.Perception;

namespace Neptune.Language.Library;

/// <summary>How the referring-expression operators verify their candidates: the verifier and its thresholds.</summary>
public sealed record ReferringOptions
{
    /// <summary>The defaults: <see cref="PerceptionVerifier"/> with <see cref="VerificationSettings.Default"/>.</summary>
    public static ReferringOptions Default { get; } = new();

    /// <summary>Scores regions against labels for FIND and PROPERTY.</summary>
    public IRegionVerifier Verifier { get; init; } = PerceptionVerifier.Instance;

    /// <summary>Detector and verifier thresholds.</summary>
    public VerificationSettings Settings { get; init; } = VerificationSettings.Default;
}
