namespace Neptune.Language.Syntax;

/// <summary>
/// Program text with a line index, used to map spans to 1-based line and column numbers and to fetch source lines
/// for error messages.
/// </summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    /// <summary>Creates a source text.</summary>
    /// <param name="text">The program text.</param>
    /// <param name="path">The name shown in diagnostics.</param>
    public SourceText(string text, string path = "program.py")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        Text = text;
        Path = path;
        _lineStarts = ComputeLineStarts(text);
    }

    /// <summary>The program text.</summary>
    public string Text { get; }

    /// <summary>The name shown in diagnostics, for example <c>program.py</c>.</summary>
    public string Path { get; }

    /// <summary>Number of characters.</summary>
    public int Length => Text.Length;

    /// <summary>Number of lines; an empty text has one line.</summary>
    public int LineCount => _lineStarts.Length;

    /// <summary>Maps an offset to a 1-based line and a 1-based column (in UTF-16 code units).</summary>
    /// <param name="position">An offset in the text; values outside the text are clamped.</param>
    /// <returns>The line and column.</returns>
    public (int Line, int Column) GetLineAndColumn(int position)
    {
        position = Math.Clamp(position, 0, Text.Length);
        int index = Array.BinarySearch(_lineStarts, position);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, position - _lineStarts[index] + 1);
    }

    /// <summary>Returns the text of a line without its line break.</summary>
    /// <param name="line">The 1-based line number.</param>
    /// <returns>The line text, or an empty string when the line does not exist.</returns>
    public string GetLineText(int line)
    {
        if (line < 1 || line > _lineStarts.Length)
        {
            return string.Empty;
        }

        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
        {
            end--;
        }

        return Text.Substring(start, end - start);
    }

    /// <summary>Returns the text covered by a span.</summary>
    /// <param name="span">The span; it is clamped to the text.</param>
    /// <returns>The covered text.</returns>
    public string GetText(TextSpan span)
    {
        int start = Math.Clamp(span.Start, 0, Text.Length);
        int end = Math.Clamp(span.End, start, Text.Length);
        return Text.Substring(start, end - start);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static int[] ComputeLineStarts(string text)
    {
        // Two passes, so the index is one exact array: count the line breaks, then record where each line starts.
        int lines = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                lines++;
            }
            else if (c == '\n')
            {
                lines++;
            }
        }

        var starts = new int[lines];
        int line = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts[line++] = i + 1;
            }
            else if (c == '\n')
            {
                starts[line++] = i + 1;
            }
        }

        return starts;
    }
}
