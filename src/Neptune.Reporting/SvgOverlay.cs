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
            float labelY = b.Top >= 14 ? b.Top - 2 : b.Top + 12;
            sb.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{b.Left:0.#}\" y=\"{labelY - 11:0.#}\" width=\"{(o.Index >= 10 ? 18 : 11)}\" height=\"12\" fill=\"{color}\"/>");
            sb.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{b.Left + 2:0.#}\" y=\"{labelY - 1:0.#}\" font-size=\"11\" font-family=\"monospace\" fill=\"#fff\">{o.Index}</text></g>");
        }

        return sb.Append("</svg>").ToString();
    }
}
