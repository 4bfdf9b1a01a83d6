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
    /// <param name="imageDataUri">A <c>data:</c> URI of the image, or null for boxes only.</param>
    /// <returns>An <c>&lt;svg&gt;</c> element.</returns>
    public static string Render(int width, int height, IReadOnlyList<DetectedObject> objects, string? imageDataUri = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" class=\"scene\">");
        if (imageDataUri is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<image href=\"{WebUtility.HtmlEncode(imageDataUri)}\" x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\"/>");
        }

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
