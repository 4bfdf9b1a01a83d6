namespace Neptune.Vision;

/// <summary>Text clean-up shared by scoring, querying and grounding.</summary>
internal static class VisionText
{
    /// <summary>Removes <c>&lt;think&gt;…&lt;/think&gt;</c> reasoning; an unclosed block runs to the end, a lone closing tag ends one begun before the answer.</summary>
    public static string StripThinking(string text)
    {
        int close = text.IndexOf("</think>", StringComparison.OrdinalIgnoreCase);
        int open = text.IndexOf("<think>", StringComparison.OrdinalIgnoreCase);
        while (close >= 0 || open >= 0)
        {
            if (close >= 0 && (open < 0 || close < open))
            {
                text = text[(close + "</think>".Length)..];
            }
            else
            {
                int end = text.IndexOf("</think>", open, StringComparison.OrdinalIgnoreCase);
                text = end < 0 ? text[..open] : string.Concat(text.AsSpan(0, open), text.AsSpan(end + "</think>".Length));
            }

            close = text.IndexOf("</think>", StringComparison.OrdinalIgnoreCase);
            open = text.IndexOf("<think>", StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }

    /// <summary>A short answer as programs compare it: reasoning removed, first line, trimmed, lower case, no surrounding quotes or final period.</summary>
    public static string NormalizeAnswer(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        ReadOnlySpan<char> t = StripThinking(text).AsSpan().Trim();
        int newline = t.IndexOfAny('\n', '\r');
        if (newline >= 0)
        {
            t = t[..newline].TrimEnd();
        }

        t = t.Trim("\"'`*").Trim();
        while (t.Length > 0 && t[^1] is '.' or '!' or ',')
        {
            t = t[..^1].TrimEnd();
        }

        return t.ToString().ToLowerInvariant();
    }
}
