using Neptune.Clevr2D;
using Neptune.Imaging;
using Neptune.Perception;
using Neptune.Vision.Ask;

namespace Neptune.Clevr.Vision.Perception;

/// <summary>
/// The embedded default world as an <see cref="IAskPerception"/>: a 480×320 CLEVR-2D picture perceived from its pixels
/// alone (<see cref="PixelWorld"/>), with no model server. The world is closed: it finds every object, whatever names
/// the program asks for. Thread-safe.
/// </summary>
public sealed class PixelAskPerception : IAskPerception
{
    /// <summary>The one instance (it holds no state).</summary>
    public static PixelAskPerception Instance { get; } = new();

    private PixelAskPerception()
    {
    }

    /// <inheritdoc />
    /// <exception cref="PerceptionException">The picture is not 480×320 (InvalidImage).</exception>
    public Task<IScenePerception> PerceiveAsync(RgbaImage image, IReadOnlyList<string> objectNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        // Segmentation and estimates are CPU work of a few milliseconds: off the caller's context, like program runs.
        return Task.Run<IScenePerception>(() => new PixelWorld(image), cancellationToken);
    }
}
