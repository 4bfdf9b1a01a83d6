using Neptune.Imaging;

namespace Neptune.Vision.Verification;

/// <summary>
/// A scene perception that holds its picture, so that verifiers can crop its regions
/// (<see cref="Scoring.VlmScenePerception"/>, <see cref="PhotoScenePerception"/>).
/// </summary>
public interface ISceneImageSource
{
    /// <summary>The picture.</summary>
    RgbaImage Image { get; }

    /// <summary>The hex SHA-256 of the picture's size and pixels (the caches' image key).</summary>
    string ImageHash { get; }
}
