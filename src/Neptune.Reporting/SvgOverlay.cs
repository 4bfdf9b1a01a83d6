using System.Globalization;
using System.Net;
using System.Text;
using Neptune.Perception;

namespace Neptune.Reporting;

/// <summary>Draws detected objects as an SVG layer over an image: one labelled box per object.</summary>
public static class SvgOverlay
{
    private static readonly string[] Palette = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45", "#fabed4", "#469990"];

    /// <summary>The stroke color used for an object, by index (stable across a report).</summary>
    /// <param name="index">The object's index.</param>
    /// <returns>A CSS color.</returns>
    public static string ColorOf(int index) => Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];

    /// <summary>Renders the overlay; when <paramref name="imageDataUri"/> is given the image is embedded beneath it.</summary>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="objects">The objects to draw.</param>
    /// <param name="imageDataUri">A <c>data:</c> URI of the image, <c>#id</c> of an image defined in the same document (<see cref="ImageDefinition"/>), or null for boxes only.</param>
    /// <returns>An <c>&lt;svg&gt;</c> element.</returns>
    public static string Render(int width, int height, IReadOnlyList<DetectedObject> objects, string? imageDataUri = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" class=\"scene\">");
        AppendImage(sb, width, height, imageDataUri);

        var placed = new List<(float X, float Y, float W, float H)>(objects.Count);
        foreach (DetectedObject o in objects)
        {
            BoundingBox b = o.Box;
            string color = ColorOf(o.Index);
            string title = o.Label is null
                ? string.Create(CultureInfo.InvariantCulture, $"object {o.Index} {b} confidence {o.Confidence:0.##}")
                : string.Create(CultureInfo.InvariantCulture, $"object {o.Index} ({o.Label}) {b} confidence {o.Confidence:0.##}");
            sb.Append("<g><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>");
            sb.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{b.Left:0.#}\" y=\"{b.Top:0.#}\" width=\"{b.Width:0.#}\" height=\"{b.Height:0.#}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>");
            float labelWidth = LabelWidth(o.Index);
            (float lx, float ly) = PlaceLabel(b, labelWidth, width, height, placed);
            placed.Add((lx, ly, labelWidth, LabelHeight));
            sb.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"label\" x=\"{lx:0.#}\" y=\"{ly:0.#}\" width=\"{labelWidth:0.#}\" height=\"{LabelHeight:0.#}\" fill=\"{color}\"/>");
            sb.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{lx + 2:0.#}\" y=\"{ly + 10:0.#}\" font-size=\"11\" font-family=\"monospace\" fill=\"#fff\">{o.Index}</text></g>");
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>The stroke color of expected referent boxes.</summary>
    public const string ExpectedColor = "#00c853";

    /// <summary>The stroke color of predicted referent boxes.</summary>
    public const string PredictedColor = "#ff00e5";

    /// <summary>The stroke color of the other detections under a referring overlay.</summary>
    public const string DetectedColor = "#9e9e9e";

    /// <summary>
    /// Renders a referring-expression overlay: every detection as a thin grey box, the expected referents as wide green
    /// dashed boxes and the predicted referents as magenta boxes on top, so that a match shows as magenta inside green.
    /// </summary>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="detected">The detections (drawn first, thin).</param>
    /// <param name="expected">The expected boxes.</param>
    /// <param name="predicted">The predicted boxes.</param>
    /// <param name="imageDataUri">A <c>data:</c> URI of the image, <c>#id</c> of an image defined in the same document (<see cref="ImageDefinition"/>), or null for boxes only.</param>
    /// <returns>An <c>&lt;svg&gt;</c> element.</returns>
    public static string RenderReferring(int width, int height, IReadOnlyList<DetectedObject> detected, IReadOnlyList<BoundingBox> expected, IReadOnlyList<BoundingBox> predicted, string? imageDataUri = null)
    {
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(predicted);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" class=\"scene\">");
        AppendImage(sb, width, height, imageDataUri);

        foreach (DetectedObject o in detected)
        {
            Box(sb, "detected", o.Box, DetectedColor, 1, null, string.Create(CultureInfo.InvariantCulture, $"object {o.Index} {o.Box}"));
        }

        for (int i = 0; i < expected.Count; i++)
        {
            Box(sb, "expected", expected[i], ExpectedColor, 4, "8 4", string.Create(CultureInfo.InvariantCulture, $"expected {i + 1} {expected[i]}"));
        }

        for (int i = 0; i < predicted.Count; i++)
        {
            Box(sb, "predicted", predicted[i], PredictedColor, 2, null, string.Create(CultureInfo.InvariantCulture, $"predicted {i + 1} {predicted[i]}"));
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>
    /// The image beneath the boxes: a <c>data:</c> URI is embedded; <c>#id</c> refers to an image defined once in the
    /// same document (<see cref="ImageDefinition"/>), so that a picture shown on several cards is stored once.
    /// </summary>
    private static void AppendImage(StringBuilder sb, int width, int height, string? image)
    {
        if (image is null)
        {
            return;
        }

        if (image.StartsWith('#'))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<use href=\"{WebUtility.HtmlEncode(image)}\" x=\"0\" y=\"0\"/>");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"<image href=\"{WebUtility.HtmlEncode(image)}\" x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\"/>");
        }
    }

    /// <summary>An invisible SVG that defines an image once, for overlays that refer to it as <c>#id</c>.</summary>
    /// <param name="id">The element id.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="imageDataUri">The image's <c>data:</c> URI.</param>
    /// <returns>An <c>&lt;svg&gt;</c> element of no size.</returns>
    public static string ImageDefinition(string id, int width, int height, string imageDataUri) =>
        string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs><image id=\"{WebUtility.HtmlEncode(id)}\" href=\"{WebUtility.HtmlEncode(imageDataUri)}\" x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\"/></defs></svg>");

    private static void Box(StringBuilder sb, string kind, BoundingBox b, string color, int stroke, string? dash, string title)
    {
        sb.Append("<g><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        sb.Append(CultureInfo.InvariantCulture,
            $"<rect class=\"{kind}\" x=\"{b.Left:0.#}\" y=\"{b.Top:0.#}\" width=\"{b.Width:0.#}\" height=\"{b.Height:0.#}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{stroke}\"");
        if (dash is not null)
        {
            sb.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        }

        sb.Append("/></g>");
    }

    private const float LabelHeight = 12;

    private static float LabelWidth(int index) => 4 + (7 * index.ToString(CultureInfo.InvariantCulture).Length);

    /// <summary>
    /// Where an object's index label goes: the first free spot among above the box's top-left corner, inside it, at the
    /// other corners and beside it; then the nearest free spot scanning outwards; a label never covers an earlier one
    /// while the picture has room.
    /// </summary>
    private static (float X, float Y) PlaceLabel(BoundingBox b, float w, int width, int height, List<(float X, float Y, float W, float H)> placed)
    {
        const float h = LabelHeight;
        (float, float)[] preferred =
        [
            (b.Left, b.Top - h), (b.Left, b.Top), (b.Right - w, b.Top - h), (b.Right - w, b.Top),
            (b.Left, b.Bottom), (b.Left, b.Bottom - h), (b.Left - w, b.Top), (b.Right, b.Top),
        ];
        foreach ((float x, float y) in preferred)
        {
            (float cx, float cy) = Clamp(x, y, w, width, height);
            if (IsFree(cx, cy, w, placed))
            {
                return (cx, cy);
            }
        }

        // Scan rings of growing distance around the top-left corner, one label size per step.
        (float ox, float oy) = Clamp(b.Left, b.Top - h, w, width, height);
        int maxRing = (int)Math.Ceiling(Math.Max(width / (w + 1), height / h));
        for (int ring = 1; ring <= maxRing; ring++)
        {
            for (int dy = -ring; dy <= ring; dy++)
            {
                for (int dx = -ring; dx <= ring; dx++)
                {
                    if (Math.Max(Math.Abs(dx), Math.Abs(dy)) != ring)
                    {
                        continue;
                    }

                    float x = ox + (dx * (w + 1)), y = oy + (dy * h);
                    if (x >= 0 && y >= 0 && x + w <= width && y + h <= height && IsFree(x, y, w, placed))
                    {
                        return (x, y);
                    }
                }
            }
        }

        return (ox, oy);
    }

    private static (float X, float Y) Clamp(float x, float y, float w, int width, int height) =>
        (Math.Clamp(x, 0, Math.Max(0, width - w)), Math.Clamp(y, 0, Math.Max(0, height - LabelHeight)));

    private static bool IsFree(float x, float y, float w, List<(float X, float Y, float W, float H)> placed)
    {
        foreach ((float px, float py, float pw, float ph) in placed)
        {
            if (x < px + pw && px < x + w && y < py + ph && py < y + LabelHeight)
            {
                return false;
            }
        }

        return true;
    }
}
