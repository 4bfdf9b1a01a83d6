using System.Text;

namespace Neptune.Language.Syntax;

/// <summary>
/// Working state one thread reuses from parse to parse: the token buffer, the scratch lists and a table of the names and
/// string values already seen, so that parsing many similar programs (the questions of a dataset) allocates little more
/// than the tree itself.
/// </summary>
/// <remarks>
/// <para>A parse takes the thread's scratch and gives it back when done; a parse that starts while another is running
/// on the same thread (never the case today) gets fresh state. Nothing of the scratch is reachable from a tree except the
/// interned strings, which are immutable, so trees stay independent of each other and of the thread.</para>
/// <para>Bounded: the table is emptied when it holds <see cref="MaxInterned"/> strings, a string longer than
/// <see cref="MaxInternedLength"/> is never interned, and a token buffer grown past <see cref="MaxKeptTokens"/> is
/// dropped.</para>
/// </remarks>
internal sealed class ParseScratch
{
    internal const int MaxInterned = 4096;
    internal const int MaxInternedLength = 256;
    internal const int MaxKeptTokens = 1 << 14;

    [ThreadStatic]
    private static ParseScratch? t_free;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    private ParseScratch()
    {
        Strings = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Interned strings, looked up by their characters.</summary>
    public Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Strings { get; }

    /// <summary>The token buffer of the last parse, to lex into (null before the first parse).</summary>
    public SyntaxToken[]? Tokens { get; set; }

    public ListPool<ExpressionSyntax> ExpressionLists { get; } = new();

    public ListPool<ArgumentSyntax> ArgumentLists { get; } = new();

    public ListPool<ParameterSyntax> ParameterLists { get; } = new();

    public ListPool<ComprehensionClauseSyntax> ClauseLists { get; } = new();

    public StringBuilder Builder { get; } = new();

    /// <summary>Takes this thread's scratch, or new state when it is in use.</summary>
    public static ParseScratch Rent()
    {
        ParseScratch? scratch = t_free;
        t_free = null;
        return scratch ?? new ParseScratch();
    }

    /// <summary>Gives the scratch back to this thread for the next parse.</summary>
    /// <param name="scratch">The scratch from <see cref="Rent"/>.</param>
    /// <param name="tokens">The token buffer the parse used, kept unless it grew large.</param>
    public static void Return(ParseScratch scratch, SyntaxToken[] tokens)
    {
        scratch.Tokens = tokens.Length <= MaxKeptTokens ? tokens : null;
        if (scratch.Builder.Capacity > MaxInternedLength * 16)
        {
            scratch.Builder.Clear();
            scratch.Builder.Capacity = MaxInternedLength;
        }

        t_free = scratch;
    }

    /// <summary>Returns the one string with these characters, interning it when it is short.</summary>
    public string Intern(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxInternedLength)
        {
            return text.ToString();
        }

        if (Strings.TryGetValue(text, out string? known))
        {
            return known;
        }

        if (_strings.Count >= MaxInterned)
        {
            _strings.Clear();
        }

        string s = text.ToString();
        _strings[s] = s;
        return s;
    }
}
