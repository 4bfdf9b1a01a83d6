using System.Globalization;
using System.Text.Json;
using Neptune.Perception;

namespace Neptune.Evaluation.Referring;

/// <summary>A ground-truth file of a frame sequence is malformed or names an unknown image. The message names the file and the line.</summary>
public sealed class SequenceGroundTruthException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, with the file and line.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SequenceGroundTruthException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>The ground truth of one frame: its clip, its index in the clip and its box (null when the target is absent).</summary>
/// <param name="Clip">The clip id.</param>
/// <param name="Frame">The frame's index in the clip (≥ 0, unique within the clip).</param>
/// <param name="Box">The target's box, or null for no target.</param>
public readonly record struct SequenceLabel(string Clip, int Frame, BoundingBox? Box);

/// <summary>
/// Reads the ground truth of <c>neptune find --ground-truth</c>: JSON lines, one object per frame,
/// <c>{"image": "frame_0001.png", "clip": "kitchen", "frame": 0, "box": [x1, y1, x2, y2]}</c> with <c>"box": null</c>
/// for a frame without the target. <c>image</c> is the image's name in the results (a file name of <c>--images</c>, or
/// a scene's image file name); <c>clip</c> a non-empty string; <c>frame</c> an integer ≥ 0; the box four finite
/// numbers in pixels with x1 ≤ x2 and y1 ≤ y2. Blank lines are skipped and other fields ignored. An image may appear
/// once, and a (clip, frame) pair once.
/// </summary>
public static class SequenceGroundTruth
{
    /// <summary>Reads a ground-truth file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="display">How the file is named in messages.</param>
    /// <param name="images">The names of the run's input images: a line naming another image is an error.</param>
    /// <returns>The labels by image name.</returns>
    /// <exception cref="SequenceGroundTruthException">A line is malformed, repeats an image or a (clip, frame), or names an unknown image; or the file has no line.</exception>
    public static IReadOnlyDictionary<string, SequenceLabel> Read(string path, string display, IReadOnlySet<string> images)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(images);
        return Parse(File.ReadLines(path), display, images);
    }

    /// <summary>Parses ground-truth lines (see <see cref="Read"/>).</summary>
    /// <param name="lines">The lines.</param>
    /// <param name="display">How the file is named in messages.</param>
    /// <param name="images">The names of the run's input images.</param>
    /// <returns>The labels by image name.</returns>
    /// <exception cref="SequenceGroundTruthException">As for <see cref="Read"/>.</exception>
    public static IReadOnlyDictionary<string, SequenceLabel> Parse(IEnumerable<string> lines, string display, IReadOnlySet<string> images)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(images);
        var labels = new Dictionary<string, SequenceLabel>(StringComparer.Ordinal);
        var frames = new HashSet<(string, int)>();
        int number = 0;
        foreach (string line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string where = string.Create(CultureInfo.InvariantCulture, $"{display}:{number}");
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new SequenceGroundTruthException($"{where}: not valid JSON: {e.Message}", e);
            }

            using (doc)
            {
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new SequenceGroundTruthException($"{where}: expected a JSON object with image, clip, frame and box");
                }

                string image = RequireString(root, "image", where);
                string clip = RequireString(root, "clip", where);
                if (!root.TryGetProperty("frame", out JsonElement f) || f.ValueKind != JsonValueKind.Number || !f.TryGetInt32(out int frame) || frame < 0)
                {
                    throw new SequenceGroundTruthException($"{where}: 'frame' must be an integer ≥ 0");
                }

                if (!root.TryGetProperty("box", out JsonElement b))
                {
                    throw new SequenceGroundTruthException($"{where}: 'box' is missing (use null for a frame without the target)");
                }

                BoundingBox? box = b.ValueKind == JsonValueKind.Null ? null : Box(b, where);
                if (!images.Contains(image))
                {
                    throw new SequenceGroundTruthException($"{where}: unknown image '{image}': not among the input images");
                }

                if (!labels.TryAdd(image, new SequenceLabel(clip, frame, box)))
                {
                    throw new SequenceGroundTruthException($"{where}: image '{image}' appears twice");
                }

                if (!frames.Add((clip, frame)))
                {
                    throw new SequenceGroundTruthException(string.Create(CultureInfo.InvariantCulture, $"{where}: clip '{clip}' has frame {frame} twice"));
                }
            }
        }

        if (labels.Count == 0)
        {
            throw new SequenceGroundTruthException($"{display}: no frames");
        }

        return labels;
    }

    private static string RequireString(JsonElement root, string name, string where)
    {
        if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString()))
        {
            throw new SequenceGroundTruthException($"{where}: '{name}' must be a non-empty string");
        }

        return e.GetString()!;
    }

    private static BoundingBox Box(JsonElement b, string where)
    {
        const string Shape = "'box' must be null or [x1, y1, x2, y2] with x1 ≤ x2 and y1 ≤ y2";
        if (b.ValueKind != JsonValueKind.Array || b.GetArrayLength() != 4)
        {
            throw new SequenceGroundTruthException($"{where}: {Shape}");
        }

        Span<float> v = stackalloc float[4];
        for (int i = 0; i < 4; i++)
        {
            JsonElement n = b[i];
            if (n.ValueKind != JsonValueKind.Number || !n.TryGetDouble(out double d) || !double.IsFinite(d) || !float.IsFinite((float)d))
            {
                throw new SequenceGroundTruthException($"{where}: {Shape}");
            }

            v[i] = (float)d;
        }

        if (v[2] < v[0] || v[3] < v[1])
        {
            throw new SequenceGroundTruthException($"{where}: {Shape}");
        }

        return new BoundingBox(v[0], v[1], v[2], v[3]);
    }
}
