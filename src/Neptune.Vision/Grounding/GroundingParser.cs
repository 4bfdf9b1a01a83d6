using System.Text.Json;
using Neptune.Perception;

namespace Neptune.Vision.Grounding;

/// <summary>One box a grounding model named, in the model's coordinates.</summary>
internal readonly record struct RawGrounding(double X1, double Y1, double X2, double Y2, string? Label, double? Score);

/// <summary>
/// Reads <c>[{"bbox_2d": [x1, y1, x2, y2], "label": "…"}]</c> from a grounding answer: inside code fences or not, with
/// reasoning or trailing text around it, a single object instead of a list, <c>bbox</c> for <c>bbox_2d</c>.
/// </summary>
internal static class GroundingParser
{
    /// <summary>Parses the answer; false with a reason when it holds no JSON list or object of boxes.</summary>
    public static bool TryParse(string? answer, out List<RawGrounding> boxes, out string? failure)
    {
        boxes = [];
        if (string.IsNullOrWhiteSpace(answer))
        {
            failure = "the answer is empty";
            return false;
        }

        string text = VisionText.StripThinking(answer);
        int start = 0;
        bool sawJson = false;
        while (start < text.Length)
        {
            int open = text.IndexOfAny(['[', '{'], start);
            if (open < 0)
            {
                break;
            }

            int end = MatchingEnd(text, open);
            if (end < 0)
            {
                break;
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(text.AsMemory(open, end - open + 1), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 });
                sawJson = true;
                if (Collect(doc.RootElement, boxes))
                {
                    failure = null;
                    return true;
                }

                if (doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() == 0)
                {
                    failure = null;
                    return true;
                }
            }
            catch (JsonException)
            {
            }

            start = open + 1;
        }

        failure = sawJson ? "the answer's JSON holds no bbox_2d boxes" : "the answer holds no JSON list of boxes";
        return false;
    }

    /// <summary>Maps a raw box to image pixels.</summary>
    /// <param name="raw">The box in the model's coordinates.</param>
    /// <param name="convention">The coordinate convention.</param>
    /// <param name="sentWidth">Width of the image as sent.</param>
    /// <param name="sentHeight">Height of the image as sent.</param>
    /// <param name="imageWidth">Width of the original image.</param>
    /// <param name="imageHeight">Height of the original image.</param>
    /// <param name="rule">The resize rule for <see cref="GroundingCoordinates.ResizedPixels"/>.</param>
    /// <returns>The box in original-image pixels, clipped to the image.</returns>
    public static BoundingBox ToImage(RawGrounding raw, GroundingCoordinates convention, int sentWidth, int sentHeight, int imageWidth, int imageHeight, QwenResizeRule rule)
    {
        double sx;
        double sy;
        switch (convention)
        {
            case GroundingCoordinates.Relative1000:
                sx = imageWidth / 1000.0;
                sy = imageHeight / 1000.0;
                break;
            case GroundingCoordinates.ResizedPixels:
                (int rw, int rh) = rule.Apply(sentWidth, sentHeight);
                sx = (double)imageWidth / rw;
                sy = (double)imageHeight / rh;
                break;
            default:
                sx = (double)imageWidth / sentWidth;
                sy = (double)imageHeight / sentHeight;
                break;
        }

        double x1 = Math.Min(raw.X1, raw.X2) * sx;
        double x2 = Math.Max(raw.X1, raw.X2) * sx;
        double y1 = Math.Min(raw.Y1, raw.Y2) * sy;
        double y2 = Math.Max(raw.Y1, raw.Y2) * sy;
        return new BoundingBox(
            (float)Math.Clamp(x1, 0, imageWidth),
            (float)Math.Clamp(y1, 0, imageHeight),
            (float)Math.Clamp(x2, 0, imageWidth),
            (float)Math.Clamp(y2, 0, imageHeight));
    }

    private static bool Collect(JsonElement root, List<RawGrounding> boxes)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (TryRead(root, out RawGrounding one))
            {
                boxes.Add(one);
                return true;
            }

            // {"objects": [...]} and similar wrappers.
            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Array && Collect(p.Value, boxes))
                {
                    return true;
                }
            }

            return false;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (JsonElement item in root.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && TryRead(item, out RawGrounding box))
            {
                boxes.Add(box);
            }
        }

        return boxes.Count > 0;
    }

    private static bool TryRead(JsonElement item, out RawGrounding box)
    {
        box = default;
        if (!(item.TryGetProperty("bbox_2d", out JsonElement b) || item.TryGetProperty("bbox", out b) || item.TryGetProperty("box", out b))
            || b.ValueKind != JsonValueKind.Array || b.GetArrayLength() != 4)
        {
            return false;
        }

        Span<double> v = stackalloc double[4];
        int i = 0;
        foreach (JsonElement n in b.EnumerateArray())
        {
            if (n.ValueKind != JsonValueKind.Number || !n.TryGetDouble(out v[i]) || !double.IsFinite(v[i]))
            {
                return false;
            }

            i++;
        }

        string? label = item.TryGetProperty("label", out JsonElement l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
        double? score = (item.TryGetProperty("score", out JsonElement s) || item.TryGetProperty("confidence", out s)) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null;
        box = new RawGrounding(v[0], v[1], v[2], v[3], label, score);
        return true;
    }

    /// <summary>The index of the bracket closing the one at <paramref name="open"/>, skipping strings; -1 when unbalanced.</summary>
    private static int MatchingEnd(string text, int open)
    {
        int depth = 0;
        bool inString = false;
        for (int i = open; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '[' or '{':
                    depth++;
                    break;
                case ']' or '}':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }
}
