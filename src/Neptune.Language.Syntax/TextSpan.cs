namespace Neptune.Language.Syntax;

/// <summary>A range of UTF-16 code units in a <see cref="SourceText"/>.</summary>
/// <param name="Start">Offset of the first character.</param>
/// <param name="Length">Number of characters covered.</param>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>Offset one past the last character.</summary>
    public int End => Start + Length;

    /// <summary>Creates a span from a start and an exclusive end offset.</summary>
    /// <param name="start">Offset of the first character.</param>
    /// <param name="end">Offset one past the last character.</param>
    /// <returns>The span; a negative range collapses to an empty span at <paramref name="start"/>.</returns>
    public static TextSpan FromBounds(int start, int end) => new(start, end < start ? 0 : end - start);

    /// <summary>Whether <paramref name="other"/> lies entirely within this span.</summary>
    /// <param name="other">The span to test.</param>
    /// <returns><see langword="true"/> when <paramref name="other"/> starts and ends inside this span.</returns>
    public bool Contains(TextSpan other) => other.Start >= Start && other.End <= End;

    /// <inheritdoc />
    public override string ToString() => $"[{Start}..{End})";
}
