namespace Neptune.Language.Library;

/// <summary>
/// An absolute location in the image ("on the left", "at the bottom", "top right", "outmost right", "9 o clock"):
/// a horizontal and a vertical third, or the extreme object in one direction.
/// </summary>
internal readonly record struct AbsolutePosition(int Horizontal, int Vertical, bool Extreme)
{
    /// <summary>"Not constrained" for <see cref="Horizontal"/> or <see cref="Vertical"/>.</summary>
    public const int Any = 2;

    public const string Help = "left, right, top, bottom, middle, center, top left, bottom right, leftmost, rightmost, uppermost, bottommost, outmost left, 9 o clock";

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "on", "at", "the", "in", "of", "to", "image", "picture", "photo", "frame", "side", "part", "corner", "edge", "one", "a",
    };

    /// <summary>Reads a position; false when a word is not understood.</summary>
    public static bool TryParse(string text, out AbsolutePosition position)
    {
        position = default;
        int h = Any, v = Any;
        bool extreme = false, centre = false;
        string[] words = text.ToLowerInvariant().Replace('\'', ' ').Replace('-', ' ').Replace('_', ' ')
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return false;
        }

        for (int i = 0; i < words.Length; i++)
        {
            string w = words[i];
            if (Ignored.Contains(w))
            {
                continue;
            }

            if (int.TryParse(w, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int hour))
            {
                // "9 o clock": the clock face, 12 at the top.
                int next = i + 1;
                if (next < words.Length && words[next] == "o")
                {
                    next++;
                }

                if (next >= words.Length || words[next] != "clock")
                {
                    return false;
                }

                i = next;
                switch (hour)
                {
                    case 12: v = -1; break;
                    case 3: h = 1; break;
                    case 6: v = 1; break;
                    case 9: h = -1; break;
                    case 1 or 2: h = 1; v = -1; break;
                    case 4 or 5: h = 1; v = 1; break;
                    case 7 or 8: h = -1; v = 1; break;
                    case 10 or 11: h = -1; v = -1; break;
                    default: return false;
                }

                continue;
            }

            switch (w)
            {
                case "left": h = -1; break;
                case "right": h = 1; break;
                case "leftmost": h = -1; extreme = true; break;
                case "rightmost": h = 1; extreme = true; break;
                case "top" or "upper" or "up" or "above": v = -1; break;
                case "bottom" or "lower" or "down" or "below": v = 1; break;
                case "uppermost" or "topmost": v = -1; extreme = true; break;
                case "bottommost" or "lowermost": v = 1; extreme = true; break;
                case "middle" or "center" or "centre" or "central": centre = true; break;
                case "outmost" or "outermost" or "far" or "farthest" or "furthest" or "most" or "extreme" or "very": extreme = true; break;
                default: return false;
            }
        }

        if (centre && h == Any)
        {
            h = 0;
        }

        if (h == Any && v == Any)
        {
            return false;
        }

        position = new AbsolutePosition(h, v, extreme);
        return true;
    }
}
