using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Neptune.Language.Syntax;

/// <summary>
/// Recursive-descent parser over the token array. It never throws: missing tokens are reported and skipped over,
/// unexpected tokens are skipped to the end of the logical line, and nesting deeper than
/// <see cref="SyntaxOptions.MaxDepth"/> is reported once (NPT1005) and the rest of the line skipped, so recursion
/// depth and tree depth stay bounded. This file holds the infrastructure and statements.
/// </summary>
internal sealed partial class Parser
{
    private readonly SourceText _source;
    private readonly string _text;
    private readonly SyntaxToken[] _tokens;
    private readonly int _tokenCount;
    private readonly DiagnosticBag _diagnostics;
    private readonly SyntaxOptions _options;
    private readonly ParseScratch _scratch;
    private readonly ListPool<ExpressionSyntax> _expressionLists;
    private readonly ListPool<ArgumentSyntax> _argumentLists;
    private readonly ListPool<ParameterSyntax> _parameterLists;
    private readonly ListPool<ComprehensionClauseSyntax> _clauseLists;
    private int _pos;
    private int _depth;
    private int _loopDepth;
    private int _floor;
    private int _missingPosition = -1;

    public Parser(SourceText source, SyntaxToken[] tokens, int tokenCount, DiagnosticBag diagnostics, SyntaxOptions options, ParseScratch scratch)
    {
        _source = source;
        _text = source.Text;
        _tokens = tokens;
        _tokenCount = tokenCount;
        _diagnostics = diagnostics;
        _options = options;
        _scratch = scratch;
        _expressionLists = scratch.ExpressionLists;
        _argumentLists = scratch.ArgumentLists;
        _parameterLists = scratch.ParameterLists;
        _clauseLists = scratch.ClauseLists;
        _floor = tokens.Length > 0 ? tokens[0].Start : 0;
    }

    /// <summary>Creates a parser for an f-string replacement field that shares the state of its enclosing parse.</summary>
    private Parser(Parser parent, SyntaxToken[] tokens, int tokenCount)
    {
        _source = parent._source;
        _text = parent._text;
        _tokens = tokens;
        _tokenCount = tokenCount;
        _diagnostics = parent._diagnostics;
        _options = parent._options;
        _scratch = parent._scratch;
        _expressionLists = parent._expressionLists;
        _argumentLists = parent._argumentLists;
        _parameterLists = parent._parameterLists;
        _clauseLists = parent._clauseLists;
        _depth = parent._depth;
        _floor = tokens.Length > 0 ? tokens[0].Start : 0;
    }

    private SyntaxToken Current => _tokens[_pos];

    private SyntaxToken Peek(int offset) => _tokens[Math.Min(_pos + offset, _tokenCount - 1)];

    public ModuleSyntax ParseModule()
    {
        var statements = new List<StatementSyntax>();
        ParseStatements(statements, topLevel: true);
        return new ModuleSyntax(new TextSpan(0, _text.Length), [.. statements]);
    }

    /// <summary>Parses the expression of an f-string replacement field (the whole token range).</summary>
    public ExpressionSyntax ParseEmbeddedExpression()
    {
        ExpressionSyntax expression = Current.Kind == SyntaxKind.YieldKeyword ? ParseYield() : ParseStarExpressions();
        if (Current.Kind != SyntaxKind.EndOfFileToken)
        {
            ReportUnexpected(Current);
        }

        return expression;
    }

    // ---------------------------------------------------------------- infrastructure

    private SyntaxToken Next()
    {
        SyntaxToken token = _tokens[_pos];
        if (token.Kind != SyntaxKind.EndOfFileToken)
        {
            _pos++;
        }

        return token;
    }

    private bool TryEat(SyntaxKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }

        Next();
        return true;
    }

    /// <summary>End of the last consumed token other than NEWLINE, INDENT and DEDENT.</summary>
    private int LastTokenEnd()
    {
        for (int i = _pos - 1; i >= 0; i--)
        {
            SyntaxToken token = _tokens[i];
            if (token.Kind is not (SyntaxKind.NewlineToken or SyntaxKind.IndentToken or SyntaxKind.DedentToken or SyntaxKind.EndOfFileToken))
            {
                return Math.Max(token.End, _floor);
            }
        }

        return _floor;
    }

    /// <summary>
    /// The span from <paramref name="start"/> to the end of the last consumed token, extended over a zero-width
    /// placeholder created since <paramref name="start"/>, so parents always contain their children.
    /// </summary>
    private TextSpan SpanFrom(int start)
    {
        int end = Math.Max(start, LastTokenEnd());
        if (_missingPosition >= start)
        {
            end = Math.Max(end, _missingPosition);
        }

        return TextSpan.FromBounds(start, end);
    }

    /// <summary>
    /// Where a zero-width placeholder goes: at the current token when it is on the same line, otherwise right after
    /// the last consumed token.
    /// </summary>
    private int MissingPosition()
    {
        int position = LastTokenEnd();
        if (Current.Kind is not (SyntaxKind.NewlineToken or SyntaxKind.EndOfFileToken or SyntaxKind.IndentToken or SyntaxKind.DedentToken))
        {
            position = Math.Max(position, Current.Start);
        }

        _missingPosition = position;
        return position;
    }

    private MissingExpressionSyntax Missing() => new(new TextSpan(MissingPosition(), 0));

    /// <summary>
    /// Where a node that begins at the current token starts: the token itself, or, at a line end where the node
    /// will be empty, right after the last consumed token, so that it stays inside its parent.
    /// </summary>
    private int StartPosition() =>
        Current.Kind is SyntaxKind.NewlineToken or SyntaxKind.EndOfFileToken or SyntaxKind.IndentToken or SyntaxKind.DedentToken
            ? Math.Min(Current.Start, LastTokenEnd())
            : Current.Start;

    /// <summary>Where to report a missing token: the current token, or the end of the previous one at a line end.</summary>
    private TextSpan MissingTokenSpan()
    {
        SyntaxToken current = Current;
        return current.Kind is SyntaxKind.NewlineToken or SyntaxKind.EndOfFileToken or SyntaxKind.IndentToken or SyntaxKind.DedentToken
            ? new TextSpan(LastTokenEnd(), 0)
            : current.Span;
    }

    private bool Expect(SyntaxKind kind, string what, string? hint = null)
    {
        if (TryEat(kind))
        {
            return true;
        }

        if (Current.Kind == SyntaxKind.BadToken)
        {
            Next();
            if (TryEat(kind))
            {
                return true;
            }
        }

        _diagnostics.Report(SyntaxDiagnostics.ExpectedToken, MissingTokenSpan(), hint, what + FoundSuffix(Current));
        return false;
    }

    private void ExpectClosing(SyntaxKind kind, SyntaxToken open)
    {
        if (TryEat(kind))
        {
            return;
        }

        var (line, column) = _source.GetLineAndColumn(open.Start);
        var (name, symbol) = kind switch
        {
            SyntaxKind.CloseParenToken => ("parenthesis", ")"),
            SyntaxKind.CloseBracketToken => ("bracket", "]"),
            _ => ("brace", "}"),
        };
        string hint = string.Create(CultureInfo.InvariantCulture, $"Close the {name} opened at line {line}, column {column} with '{symbol}'.");
        _diagnostics.Report(SyntaxDiagnostics.ExpectedToken, MissingTokenSpan(), hint, "'" + symbol + "'" + FoundSuffix(Current));
    }

    private string FoundSuffix(SyntaxToken token) =>
        token.Kind is SyntaxKind.NewlineToken or SyntaxKind.EndOfFileToken ? string.Empty : ", found " + Describe(token);

    private void ReportUnexpected(SyntaxToken token, string? hint = null)
    {
        if (token.Kind == SyntaxKind.BadToken)
        {
            return;
        }

        if (token.Kind is SyntaxKind.CloseParenToken or SyntaxKind.CloseBracketToken or SyntaxKind.CloseBraceToken)
        {
            _diagnostics.Report(SyntaxDiagnostics.UnmatchedClosingBracket, token.Span, hint, _text.Substring(token.Start, 1));
            return;
        }

        _diagnostics.Report(SyntaxDiagnostics.UnexpectedToken, token.Span, hint, Describe(token));
    }

    private string Describe(SyntaxToken token)
    {
        switch (token.Kind)
        {
            case SyntaxKind.NewlineToken:
                return "end of line";
            case SyntaxKind.EndOfFileToken:
                return "end of input";
            case SyntaxKind.IndentToken:
                return "indent";
            case SyntaxKind.DedentToken:
                return "dedent";
            case SyntaxKind.StringToken:
                return "string literal";
            case SyntaxKind.BadToken:
                return "invalid character";
        }

        string text = _text.Substring(token.Start, Math.Min(token.Length, 30));
        return token.Kind switch
        {
            SyntaxKind.IdentifierToken => "name '" + text + "'",
            SyntaxKind.IntegerToken or SyntaxKind.FloatToken or SyntaxKind.ImaginaryToken => "number '" + text + "'",
            >= SyntaxKind.FalseKeyword and <= SyntaxKind.YieldKeyword => "keyword '" + text + "'",
            _ => "'" + text + "'",
        };
    }

    /// <summary>Enters one nesting level; reports NPT1005 once when the limit or the stack is exhausted.</summary>
    private bool TryEnter()
    {
        if (_depth >= _options.MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            if (!_diagnostics.NestingReported)
            {
                _diagnostics.NestingReported = true;
                _diagnostics.Report(SyntaxDiagnostics.NestingTooDeep, Current.Span, null, _options.MaxDepth);
            }

            return false;
        }

        _depth++;
        return true;
    }

    private void Exit() => _depth--;

    /// <summary>Abandons the rest of the logical line after a nesting error, suppressing cascading errors.</summary>
    private MissingExpressionSyntax Bail()
    {
        MissingExpressionSyntax missing = Missing();
        SkipToEndOfLine(consumeNewline: false);
        _diagnostics.SuppressThrough = Math.Max(_diagnostics.SuppressThrough, Current.Start);
        return missing;
    }

    private void SkipToEndOfLine(bool consumeNewline)
    {
        while (Current.Kind is not (SyntaxKind.NewlineToken or SyntaxKind.EndOfFileToken))
        {
            Next();
        }

        if (consumeNewline)
        {
            TryEat(SyntaxKind.NewlineToken);
        }
    }

    private string Intern(ReadOnlySpan<char> text) => _scratch.Intern(text);

    private IdentifierSyntax ParseIdentifier(string what)
    {
        SyntaxToken token = Current;
        if (token.Kind == SyntaxKind.IdentifierToken)
        {
            Next();
            return new IdentifierSyntax(token.Span, Intern(_text.AsSpan(token.Start, token.Length)));
        }

        string? hint = token.Kind is >= SyntaxKind.FalseKeyword and <= SyntaxKind.YieldKeyword
            ? "'" + _text.Substring(token.Start, token.Length) + "' is a reserved keyword and cannot be used as a name; choose another name."
            : null;
        _diagnostics.Report(SyntaxDiagnostics.ExpectedToken, MissingTokenSpan(), hint, what + FoundSuffix(token));
        return new IdentifierSyntax(new TextSpan(MissingPosition(), 0), string.Empty);
    }

    // ---------------------------------------------------------------- statements

    private void ParseStatements(List<StatementSyntax> sink, bool topLevel)
    {
        while (true)
        {
            SyntaxKind kind = Current.Kind;
            if (kind == SyntaxKind.EndOfFileToken || (kind == SyntaxKind.DedentToken && !topLevel))
            {
                return;
            }

            if (kind is SyntaxKind.NewlineToken or SyntaxKind.DedentToken)
            {
                Next();
                continue;
            }

            int before = _pos;
            ParseStatement(sink);
            if (_pos == before)
            {
                ReportUnexpected(Current);
                Next();
            }
        }
    }

    private void ParseStatement(List<StatementSyntax> sink)
    {
        _floor = Current.Start;
        switch (Current.Kind)
        {
            case SyntaxKind.IfKeyword:
                sink.Add(ParseIf());
                return;
            case SyntaxKind.WhileKeyword:
                sink.Add(ParseWhile());
                return;
            case SyntaxKind.ForKeyword:
                sink.Add(ParseFor(Current.Start, isAsync: false));
                return;
            case SyntaxKind.TryKeyword:
                sink.Add(ParseTry());
                return;
            case SyntaxKind.WithKeyword:
                sink.Add(ParseWith(Current.Start, isAsync: false));
                return;
            case SyntaxKind.DefKeyword:
                sink.Add(ParseFunctionDefinition(Current.Start, [], isAsync: false));
                return;
            case SyntaxKind.ClassKeyword:
                sink.Add(ParseClassDefinition(Current.Start, []));
                return;
            case SyntaxKind.AtToken:
                ParseDecorated(sink);
                return;
            case SyntaxKind.AsyncKeyword when Peek(1).Kind is SyntaxKind.DefKeyword or SyntaxKind.ForKeyword or SyntaxKind.WithKeyword:
                int start = Next().Start;
                sink.Add(Current.Kind switch
                {
                    SyntaxKind.DefKeyword => ParseFunctionDefinition(start, [], isAsync: true),
                    SyntaxKind.ForKeyword => ParseFor(start, isAsync: true),
                    _ => ParseWith(start, isAsync: true),
                });
                return;
            case SyntaxKind.IndentToken:
                _diagnostics.Report(SyntaxDiagnostics.UnexpectedIndent, Current.Span);
                sink.AddRange(ParseIndentedBlock().Statements);
                return;
            default:
                ParseSimpleStatements(sink);
                return;
        }
    }

    private void ParseSimpleStatements(List<StatementSyntax> sink)
    {
        while (true)
        {
            _floor = Current.Start;
            sink.Add(ParseSmallStatement());
            if (Current.Kind == SyntaxKind.SemicolonToken)
            {
                Next();
                if (Current.Kind is SyntaxKind.NewlineToken or SyntaxKind.EndOfFileToken)
                {
                    break;
                }

                continue;
            }

            break;
        }

        if (Current.Kind is not (SyntaxKind.NewlineToken or SyntaxKind.EndOfFileToken))
        {
            SyntaxToken token = Current;
            SyntaxToken statementStart = _tokens[Math.Max(0, FindLineStartToken())];
            if (statementStart.Kind == SyntaxKind.IdentifierToken && _text.AsSpan(statementStart.Start, statementStart.Length).SequenceEqual("match"))
            {
                ReportUnexpected(token, "'match' statements are not supported; use if/elif/else instead.");
            }
            else if (token.Kind is SyntaxKind.IdentifierToken or SyntaxKind.IntegerToken or SyntaxKind.FloatToken or SyntaxKind.StringToken
                or SyntaxKind.OpenParenToken or SyntaxKind.OpenBracketToken)
            {
                ReportUnexpected(token, "Separate statements with a new line, and items with a comma (perhaps a comma or an operator is missing).");
            }
            else
            {
                ReportUnexpected(token);
            }

            SkipToEndOfLine(consumeNewline: false);
        }

        TryEat(SyntaxKind.NewlineToken);
    }

    /// <summary>Index of the first token of the current logical line.</summary>
    private int FindLineStartToken()
    {
        int i = _pos - 1;
        while (i >= 0 && _tokens[i].Kind is not (SyntaxKind.NewlineToken or SyntaxKind.IndentToken or SyntaxKind.DedentToken))
        {
            i--;
        }

        return i + 1;
    }

    private StatementSyntax ParseSmallStatement()
    {
        SyntaxToken first = Current;
        int start = first.Start;
        switch (first.Kind)
        {
            case SyntaxKind.PassKeyword:
                Next();
                return new PassStatementSyntax(first.Span);
            case SyntaxKind.BreakKeyword:
            case SyntaxKind.ContinueKeyword:
                Next();
                bool isBreak = first.Kind == SyntaxKind.BreakKeyword;
                if (_loopDepth == 0)
                {
                    _diagnostics.Report(SyntaxDiagnostics.OutsideContext, first.Span, null, isBreak ? "break" : "continue", "loop");
                }

                return isBreak ? new BreakStatementSyntax(first.Span) : new ContinueStatementSyntax(first.Span);
            case SyntaxKind.ReturnKeyword:
            {
                Next();
                ExpressionSyntax? value = StartsExpression(Current.Kind) ? ParseStarExpressions() : null;
                return new ReturnStatementSyntax(SpanFrom(start), value);
            }

            case SyntaxKind.RaiseKeyword:
            {
                Next();
                ExpressionSyntax? exception = null;
                ExpressionSyntax? cause = null;
                if (StartsExpression(Current.Kind))
                {
                    exception = ParseExpression();
                    if (TryEat(SyntaxKind.FromKeyword))
                    {
                        cause = ParseExpression();
                    }
                }

                return new RaiseStatementSyntax(SpanFrom(start), exception, cause);
            }

            case SyntaxKind.GlobalKeyword:
            case SyntaxKind.NonlocalKeyword:
            {
                Next();
                var names = ImmutableArray.CreateBuilder<IdentifierSyntax>();
                do
                {
                    names.Add(ParseIdentifier("a name"));
                }
                while (TryEat(SyntaxKind.CommaToken));

                return first.Kind == SyntaxKind.GlobalKeyword
                    ? new GlobalStatementSyntax(SpanFrom(start), names.ToImmutable())
                    : new NonlocalStatementSyntax(SpanFrom(start), names.ToImmutable());
            }

            case SyntaxKind.DelKeyword:
            {
                Next();
                List<ExpressionSyntax> targets = _expressionLists.Rent();
                do
                {
                    if (!StartsExpression(Current.Kind) && targets.Count > 0)
                    {
                        break;
                    }

                    ExpressionSyntax target = ParseBinary(0);
                    CheckTarget(target, "delete");
                    targets.Add(target);
                }
                while (TryEat(SyntaxKind.CommaToken));

                return new DeleteStatementSyntax(SpanFrom(start), _expressionLists.Freeze(targets));
            }

            case SyntaxKind.AssertKeyword:
            {
                Next();
                ExpressionSyntax test = ParseExpression();
                ExpressionSyntax? message = TryEat(SyntaxKind.CommaToken) ? ParseExpression() : null;
                return new AssertStatementSyntax(SpanFrom(start), test, message);
            }

            case SyntaxKind.ImportKeyword:
                return ParseImport();
            case SyntaxKind.FromKeyword:
                return ParseImportFrom();
            default:
                return ParseExpressionStatement();
        }
    }

    private StatementSyntax ParseExpressionStatement()
    {
        int start = StartPosition();
        ExpressionSyntax first = Current.Kind == SyntaxKind.YieldKeyword ? ParseYield() : ParseStarExpressions();
        SyntaxKind kind = Current.Kind;
        if (kind == SyntaxKind.EqualsToken)
        {
            var items = new List<ExpressionSyntax> { first };
            while (TryEat(SyntaxKind.EqualsToken))
            {
                items.Add(ParseAssignedValue());
            }

            var targets = ImmutableArray.CreateBuilder<ExpressionSyntax>(items.Count - 1);
            for (int i = 0; i < items.Count - 1; i++)
            {
                CheckTarget(items[i], "assign to");
                targets.Add(items[i]);
            }

            return new AssignmentStatementSyntax(SpanFrom(start), targets.MoveToImmutable(), items[^1]);
        }

        if (kind == SyntaxKind.ColonToken)
        {
            Next();
            if (first is not (NameExpressionSyntax or AttributeExpressionSyntax or SubscriptExpressionSyntax or MissingExpressionSyntax))
            {
                _diagnostics.Report(SyntaxDiagnostics.InvalidTarget, first.Span, "Annotate a single name, attribute or subscript.", "annotate", DescribeExpression(first));
            }

            ExpressionSyntax annotation = ParseExpression();
            ExpressionSyntax? value = TryEat(SyntaxKind.EqualsToken) ? ParseAssignedValue() : null;
            return new AnnotatedAssignmentStatementSyntax(SpanFrom(start), first, annotation, value);
        }

        if (TryGetAugmentedOperator(kind, out BinaryOperator op))
        {
            Next();
            if (first is not (NameExpressionSyntax or AttributeExpressionSyntax or SubscriptExpressionSyntax or MissingExpressionSyntax))
            {
                _diagnostics.Report(SyntaxDiagnostics.InvalidTarget, first.Span, "Augmented assignment needs a single name, attribute or subscript on the left.", "assign to", DescribeExpression(first));
            }

            ExpressionSyntax value = ParseAssignedValue();
            return new AugmentedAssignmentStatementSyntax(SpanFrom(start), first, op, value);
        }

        return new ExpressionStatementSyntax(SpanFrom(start), first);
    }

    private ExpressionSyntax ParseAssignedValue() => Current.Kind == SyntaxKind.YieldKeyword ? ParseYield() : ParseStarExpressions();

    private static bool TryGetAugmentedOperator(SyntaxKind kind, out BinaryOperator op)
    {
        (bool found, op) = kind switch
        {
            SyntaxKind.PlusEqualsToken => (true, BinaryOperator.Add),
            SyntaxKind.MinusEqualsToken => (true, BinaryOperator.Subtract),
            SyntaxKind.StarEqualsToken => (true, BinaryOperator.Multiply),
            SyntaxKind.SlashEqualsToken => (true, BinaryOperator.Divide),
            SyntaxKind.DoubleSlashEqualsToken => (true, BinaryOperator.FloorDivide),
            SyntaxKind.PercentEqualsToken => (true, BinaryOperator.Modulo),
            SyntaxKind.AtEqualsToken => (true, BinaryOperator.MatrixMultiply),
            SyntaxKind.DoubleStarEqualsToken => (true, BinaryOperator.Power),
            SyntaxKind.LessLessEqualsToken => (true, BinaryOperator.LeftShift),
            SyntaxKind.GreaterGreaterEqualsToken => (true, BinaryOperator.RightShift),
            SyntaxKind.BarEqualsToken => (true, BinaryOperator.BitwiseOr),
            SyntaxKind.CaretEqualsToken => (true, BinaryOperator.BitwiseXor),
            SyntaxKind.AmpersandEqualsToken => (true, BinaryOperator.BitwiseAnd),
            _ => (false, BinaryOperator.Add),
        };
        return found;
    }

    /// <summary>Reports targets that cannot be assigned to or deleted.</summary>
    private void CheckTarget(ExpressionSyntax target, string verb)
    {
        switch (target)
        {
            case NameExpressionSyntax or AttributeExpressionSyntax or SubscriptExpressionSyntax or MissingExpressionSyntax:
                return;
            case TupleExpressionSyntax tuple:
                CheckTargets(tuple.Elements, verb);
                return;
            case ListExpressionSyntax list:
                CheckTargets(list.Elements, verb);
                return;
            case StarredExpressionSyntax starred when verb != "delete":
                CheckTarget(starred.Expression, verb);
                return;
            default:
                string? hint = target is ComparisonExpressionSyntax && verb == "assign to"
                    ? "To compare values write '==' inside an expression; to assign, put a name on the left of '='."
                    : null;
                _diagnostics.Report(SyntaxDiagnostics.InvalidTarget, target.Span, hint, verb, DescribeExpression(target));
                return;
        }
    }

    private void CheckTargets(ImmutableArray<ExpressionSyntax> elements, string verb)
    {
        bool starred = false;
        foreach (ExpressionSyntax element in elements)
        {
            if (element is StarredExpressionSyntax && verb != "delete")
            {
                if (starred)
                {
                    _diagnostics.Report(SyntaxDiagnostics.InvalidSyntax, element.Span, "Unpack into at most one starred name: first, *rest = items.", "multiple starred expressions in assignment");
                }

                starred = true;
            }

            CheckTarget(element, verb);
        }
    }

    private static string DescribeExpression(ExpressionSyntax expression) => expression switch
    {
        CallExpressionSyntax => "function call",
        IntegerLiteralExpressionSyntax or FloatLiteralExpressionSyntax or StringLiteralExpressionSyntax or BooleanLiteralExpressionSyntax
            or NoneLiteralExpressionSyntax or EllipsisLiteralExpressionSyntax => "literal",
        FStringExpressionSyntax => "f-string expression",
        ComparisonExpressionSyntax => "comparison",
        ConditionalExpressionSyntax => "conditional expression",
        LambdaExpressionSyntax => "lambda",
        BooleanExpressionSyntax or BinaryExpressionSyntax or UnaryExpressionSyntax => "expression",
        ListComprehensionSyntax or SetComprehensionSyntax or DictComprehensionSyntax => "comprehension",
        GeneratorExpressionSyntax => "generator expression",
        DictExpressionSyntax => "dict literal",
        SetExpressionSyntax => "set display",
        NamedExpressionSyntax => "named expression",
        AwaitExpressionSyntax => "await expression",
        YieldExpressionSyntax or YieldFromExpressionSyntax => "yield expression",
        StarredExpressionSyntax => "starred expression",
        TupleExpressionSyntax => "tuple",
        ListExpressionSyntax => "list",
        _ => "expression",
    };

    private StatementSyntax ParseImport()
    {
        int start = Next().Start;
        var names = ImmutableArray.CreateBuilder<ImportAliasSyntax>();
        do
        {
            int aliasStart = StartPosition();
            string name = ParseDottedName();
            IdentifierSyntax? alias = TryEat(SyntaxKind.AsKeyword) ? ParseIdentifier("a name after 'as'") : null;
            names.Add(new ImportAliasSyntax(SpanFrom(aliasStart), name, alias));
        }
        while (TryEat(SyntaxKind.CommaToken));

        return new ImportStatementSyntax(SpanFrom(start), names.ToImmutable());
    }

    private string ParseDottedName()
    {
        IdentifierSyntax first = ParseIdentifier("a module name");
        if (Current.Kind != SyntaxKind.DotToken)
        {
            return first.Text;
        }

        var builder = new System.Text.StringBuilder(first.Text);
        while (TryEat(SyntaxKind.DotToken))
        {
            builder.Append('.').Append(ParseIdentifier("a name after '.'").Text);
        }

        return builder.ToString();
    }

    private StatementSyntax ParseImportFrom()
    {
        int start = Next().Start;
        int level = 0;
        while (Current.Kind is SyntaxKind.DotToken or SyntaxKind.EllipsisToken)
        {
            level += Next().Kind == SyntaxKind.DotToken ? 1 : 3;
        }

        string module = level == 0 || Current.Kind == SyntaxKind.IdentifierToken ? ParseDottedName() : string.Empty;
        Expect(SyntaxKind.ImportKeyword, "'import' after the module name in 'from ... import'");
        var names = ImmutableArray.CreateBuilder<ImportAliasSyntax>();
        bool wildcard = false;
        if (TryEat(SyntaxKind.StarToken))
        {
            wildcard = true;
        }
        else
        {
            SyntaxToken open = Current;
            bool parenthesized = TryEat(SyntaxKind.OpenParenToken);
            do
            {
                if (parenthesized && Current.Kind == SyntaxKind.CloseParenToken && names.Count > 0)
                {
                    break;
                }

                int aliasStart = StartPosition();
                IdentifierSyntax name = ParseIdentifier("a name to import");
                IdentifierSyntax? alias = TryEat(SyntaxKind.AsKeyword) ? ParseIdentifier("a name after 'as'") : null;
                names.Add(new ImportAliasSyntax(SpanFrom(aliasStart), name.Text, alias));
            }
            while (TryEat(SyntaxKind.CommaToken));

            if (parenthesized)
            {
                ExpectClosing(SyntaxKind.CloseParenToken, open);
            }
        }

        return new ImportFromStatementSyntax(SpanFrom(start), level, module, names.ToImmutable(), wildcard);
    }

    // ---------------------------------------------------------------- compound statements

    /// <summary>Parses <c>':' block</c>; <paramref name="after"/> names the header for messages ("'if' condition").</summary>
    private BlockSyntax ParseBlock(string after)
    {
        if (!TryEat(SyntaxKind.ColonToken))
        {
            _diagnostics.Report(
                SyntaxDiagnostics.ExpectedToken,
                MissingTokenSpan(),
                "End the " + after.Replace("'", string.Empty, StringComparison.Ordinal) + " line with ':'.",
                "':' after " + after + FoundSuffix(Current));

            // Recover: skip to a colon on the same logical line, if there is one.
            int scan = _pos;
            while (_tokens[scan].Kind is not (SyntaxKind.NewlineToken or SyntaxKind.EndOfFileToken or SyntaxKind.ColonToken))
            {
                scan++;
            }

            if (_tokens[scan].Kind == SyntaxKind.ColonToken)
            {
                _pos = scan + 1;
            }
        }

        if (Current.Kind == SyntaxKind.NewlineToken)
        {
            Next();
            if (Current.Kind == SyntaxKind.IndentToken)
            {
                return ParseIndentedBlock();
            }

            _diagnostics.Report(SyntaxDiagnostics.ExpectedIndentedBlock, MissingTokenSpan(), null, after);
            return new BlockSyntax(new TextSpan(LastTokenEnd(), 0), []);
        }

        if (Current.Kind == SyntaxKind.EndOfFileToken)
        {
            _diagnostics.Report(SyntaxDiagnostics.ExpectedIndentedBlock, MissingTokenSpan(), null, after);
            return new BlockSyntax(new TextSpan(LastTokenEnd(), 0), []);
        }

        int start = StartPosition();
        var statements = new List<StatementSyntax>();
        int floor = _floor;
        ParseSimpleStatements(statements);
        _floor = floor;
        return new BlockSyntax(SpanFrom(start), [.. statements]);
    }

    private BlockSyntax ParseIndentedBlock()
    {
        SyntaxToken indent = Next();
        int floor = _floor;
        if (!TryEnter())
        {
            // Skip the whole block, nested blocks included.
            int level = 1;
            while (level > 0 && Current.Kind != SyntaxKind.EndOfFileToken)
            {
                SyntaxKind kind = Next().Kind;
                level += kind == SyntaxKind.IndentToken ? 1 : kind == SyntaxKind.DedentToken ? -1 : 0;
            }

            _diagnostics.SuppressThrough = Math.Max(_diagnostics.SuppressThrough, Current.Start - 1);
            return new BlockSyntax(new TextSpan(indent.End, 0), []);
        }

        var statements = new List<StatementSyntax>();
        ParseStatements(statements, topLevel: false);
        TryEat(SyntaxKind.DedentToken);
        Exit();
        _floor = floor;
        TextSpan span = statements.Count == 0
            ? new TextSpan(indent.End, 0)
            : TextSpan.FromBounds(statements[0].Span.Start, statements[^1].Span.End);
        return new BlockSyntax(span, [.. statements]);
    }

    private StatementSyntax ParseIf()
    {
        int start = Next().Start;
        ExpressionSyntax condition = ParseNamedExpression();
        BlockSyntax body = ParseBlock("'if' condition");
        var elifs = ImmutableArray.CreateBuilder<ElifClauseSyntax>();
        while (Current.Kind == SyntaxKind.ElifKeyword)
        {
            int clauseStart = Next().Start;
            ExpressionSyntax elifCondition = ParseNamedExpression();
            BlockSyntax elifBody = ParseBlock("'elif' condition");
            elifs.Add(new ElifClauseSyntax(SpanFrom(clauseStart), elifCondition, elifBody));
        }

        ElseClauseSyntax? elseClause = ParseElse();
        return new IfStatementSyntax(SpanFrom(start), condition, body, elifs.ToImmutable(), elseClause);
    }

    private ElseClauseSyntax? ParseElse()
    {
        if (Current.Kind != SyntaxKind.ElseKeyword)
        {
            return null;
        }

        int start = Next().Start;
        BlockSyntax body = ParseBlock("'else'");
        return new ElseClauseSyntax(SpanFrom(start), body);
    }

    private BlockSyntax ParseLoopBody(string after)
    {
        _loopDepth++;
        BlockSyntax body = ParseBlock(after);
        _loopDepth--;
        return body;
    }

    private StatementSyntax ParseWhile()
    {
        int start = Next().Start;
        ExpressionSyntax condition = ParseNamedExpression();
        BlockSyntax body = ParseLoopBody("'while' condition");
        ElseClauseSyntax? elseClause = ParseElse();
        return new WhileStatementSyntax(SpanFrom(start), condition, body, elseClause);
    }

    private StatementSyntax ParseFor(int start, bool isAsync)
    {
        Next();
        ExpressionSyntax target = ParseTargetList();
        Expect(SyntaxKind.InKeyword, "'in' after the loop target");
        ExpressionSyntax iterable = ParseStarExpressions();
        BlockSyntax body = ParseLoopBody("'for' loop header");
        ElseClauseSyntax? elseClause = ParseElse();
        return new ForStatementSyntax(SpanFrom(start), isAsync, target, iterable, body, elseClause);
    }

    private StatementSyntax ParseTry()
    {
        int start = Next().Start;
        BlockSyntax body = ParseBlock("'try'");
        var handlers = ImmutableArray.CreateBuilder<ExceptClauseSyntax>();
        while (Current.Kind == SyntaxKind.ExceptKeyword)
        {
            int clauseStart = Next().Start;
            ExpressionSyntax? type = null;
            IdentifierSyntax? name = null;
            if (StartsExpression(Current.Kind))
            {
                type = ParseExpression();
                if (Current.Kind == SyntaxKind.CommaToken)
                {
                    _diagnostics.Report(SyntaxDiagnostics.ExpectedToken, Current.Span, "Write several exception types as a tuple: except (A, B) as e:", "':' or 'as'" + FoundSuffix(Current));
                }

                if (TryEat(SyntaxKind.AsKeyword))
                {
                    name = ParseIdentifier("a name after 'as'");
                }
            }

            BlockSyntax handlerBody = ParseBlock("'except' clause");
            handlers.Add(new ExceptClauseSyntax(SpanFrom(clauseStart), type, name, handlerBody));
        }

        ElseClauseSyntax? elseClause = handlers.Count > 0 ? ParseElse() : null;
        FinallyClauseSyntax? finallyClause = null;
        if (Current.Kind == SyntaxKind.FinallyKeyword)
        {
            int clauseStart = Next().Start;
            BlockSyntax finallyBody = ParseBlock("'finally'");
            finallyClause = new FinallyClauseSyntax(SpanFrom(clauseStart), finallyBody);
        }

        if (handlers.Count == 0 && finallyClause is null)
        {
            _diagnostics.Report(SyntaxDiagnostics.ExpectedToken, MissingTokenSpan(), "Follow 'try:' with at least one 'except' or a 'finally' block at the same indentation.", "'except' or 'finally' block" + FoundSuffix(Current));
        }

        return new TryStatementSyntax(SpanFrom(start), body, handlers.ToImmutable(), elseClause, finallyClause);
    }

    private StatementSyntax ParseWith(int start, bool isAsync)
    {
        Next();
        var items = ImmutableArray.CreateBuilder<WithItemSyntax>();
        do
        {
            int itemStart = StartPosition();
            ExpressionSyntax expression = ParseExpression();
            ExpressionSyntax? target = null;
            if (TryEat(SyntaxKind.AsKeyword))
            {
                target = ParseStarTarget();
                CheckTarget(target, "assign to");
            }

            items.Add(new WithItemSyntax(SpanFrom(itemStart), expression, target));
        }
        while (TryEat(SyntaxKind.CommaToken));

        BlockSyntax body = ParseBlock("'with' statement");
        return new WithStatementSyntax(SpanFrom(start), isAsync, items.ToImmutable(), body);
    }

    private void ParseDecorated(List<StatementSyntax> sink)
    {
        int start = StartPosition();
        var decorators = ImmutableArray.CreateBuilder<DecoratorSyntax>();
        while (Current.Kind == SyntaxKind.AtToken)
        {
            int decoratorStart = Next().Start;
            ExpressionSyntax expression = ParseNamedExpression();
            decorators.Add(new DecoratorSyntax(SpanFrom(decoratorStart), expression));
            if (!TryEat(SyntaxKind.NewlineToken))
            {
                ReportUnexpected(Current);
                SkipToEndOfLine(consumeNewline: true);
            }
        }

        switch (Current.Kind)
        {
            case SyntaxKind.DefKeyword:
                sink.Add(ParseFunctionDefinition(start, decorators.ToImmutable(), isAsync: false));
                return;
            case SyntaxKind.ClassKeyword:
                sink.Add(ParseClassDefinition(start, decorators.ToImmutable()));
                return;
            case SyntaxKind.AsyncKeyword when Peek(1).Kind == SyntaxKind.DefKeyword:
                Next();
                sink.Add(ParseFunctionDefinition(start, decorators.ToImmutable(), isAsync: true));
                return;
            default:
                _diagnostics.Report(SyntaxDiagnostics.ExpectedToken, MissingTokenSpan(), "Decorators must be followed by a function or class definition.", "'def' or 'class' after a decorator" + FoundSuffix(Current));
                return;
        }
    }

    private StatementSyntax ParseFunctionDefinition(int start, ImmutableArray<DecoratorSyntax> decorators, bool isAsync)
    {
        Next();
        IdentifierSyntax name = ParseIdentifier("a function name after 'def'");
        SyntaxToken open = Current;
        ImmutableArray<ParameterSyntax> parameters = [];
        if (Expect(SyntaxKind.OpenParenToken, "'(' after the function name"))
        {
            parameters = ParseParameters(SyntaxKind.CloseParenToken, allowAnnotations: true);
            ExpectClosing(SyntaxKind.CloseParenToken, open);
        }

        ExpressionSyntax? returns = TryEat(SyntaxKind.ArrowToken) ? ParseExpression() : null;
        int loops = _loopDepth;
        _loopDepth = 0;
        BlockSyntax body = ParseBlock("function definition");
        _loopDepth = loops;
        return new FunctionDefinitionSyntax(SpanFrom(start), decorators, isAsync, name, parameters, returns, body);
    }

    private StatementSyntax ParseClassDefinition(int start, ImmutableArray<DecoratorSyntax> decorators)
    {
        Next();
        IdentifierSyntax name = ParseIdentifier("a class name after 'class'");
        ImmutableArray<ArgumentSyntax> arguments = [];
        if (Current.Kind == SyntaxKind.OpenParenToken)
        {
            arguments = ParseArguments();
        }

        int loops = _loopDepth;
        _loopDepth = 0;
        BlockSyntax body = ParseBlock("class definition");
        _loopDepth = loops;
        return new ClassDefinitionSyntax(SpanFrom(start), decorators, name, arguments, body);
    }

    private ImmutableArray<ParameterSyntax> ParseParameters(SyntaxKind terminator, bool allowAnnotations)
    {
        List<ParameterSyntax> parameters = _parameterLists.Rent();
        HashSet<string>? seen = null;
        bool seenDefault = false;
        bool seenStar = false;
        bool seenSlash = false;
        ParameterSyntax? pendingBareStar = null;
        ParameterSyntax? varKeyword = null;
        while (Current.Kind != terminator && Current.Kind is not (SyntaxKind.NewlineToken or SyntaxKind.EndOfFileToken))
        {
            int start = StartPosition();
            SyntaxToken first = Current;
            if (varKeyword is not null)
            {
                _diagnostics.Report(SyntaxDiagnostics.InvalidSyntax, first.Span, "Put '**" + varKeyword.Name?.Text + "' last.", "parameters cannot follow the '**' parameter");
            }

            if (first.Kind == SyntaxKind.StarToken && seenStar)
            {
                _diagnostics.Report(SyntaxDiagnostics.InvalidSyntax, first.Span, "Use a single '*' or '*args' per parameter list.", "'*' may appear only once in a parameter list");
            }
            else if (first.Kind == SyntaxKind.SlashToken && (seenSlash || seenStar))
            {
                _diagnostics.Report(SyntaxDiagnostics.InvalidSyntax, first.Span, "Write '/' once, before any '*'.", "'/' may appear only once, before '*'");
            }
            else if (first.Kind == SyntaxKind.SlashToken && parameters.Count == 0)
            {
                _diagnostics.Report(SyntaxDiagnostics.InvalidSyntax, first.Span, "Put the positional-only parameters before '/', or remove it.", "at least one parameter must precede '/'");
            }

            ParameterKind kind = ParameterKind.Normal;
            IdentifierSyntax? name = null;
            ExpressionSyntax? annotation = null;
            ExpressionSyntax? defaultValue = null;
            if (TryEat(SyntaxKind.StarToken))
            {
                seenStar = true;
                if (Current.Kind == SyntaxKind.IdentifierToken)
                {
                    kind = ParameterKind.VarPositional;
                    name = ParseIdentifier("a parameter name");
                }
                else
                {
                    kind = ParameterKind.KeywordOnlyMarker;
                }
            }
            else if (TryEat(SyntaxKind.DoubleStarToken))
            {
                kind = ParameterKind.VarKeyword;
                name = ParseIdentifier("a parameter name after '**'");
            }
            else if (TryEat(SyntaxKind.SlashToken))
            {
                kind = ParameterKind.PositionalOnlyMarker;
                seenSlash = true;
            }
            else
            {
                int before = _pos;
                name = ParseIdentifier("a parameter name");
                if (_pos == before)
                {
                    break;
                }
            }

            if (name is not null && allowAnnotations && kind != ParameterKind.PositionalOnlyMarker && TryEat(SyntaxKind.ColonToken))
            {
                annotation = ParseExpression();
            }

            if (kind == ParameterKind.Normal && TryEat(SyntaxKind.EqualsToken))
            {
                defaultValue = ParseExpression();
                seenDefault = true;
            }
            else if (kind == ParameterKind.Normal && seenDefault && !seenStar && name is not null)
            {
                _diagnostics.Report(SyntaxDiagnostics.NonDefaultAfterDefault, name.Span, null, name.Text);
            }

            if (name is not null && name.Text.Length > 0)
            {
                seen ??= new HashSet<string>(StringComparer.Ordinal);
                if (!seen.Add(name.Text))
                {
                    _diagnostics.Report(SyntaxDiagnostics.DuplicateParameter, name.Span, null, name.Text);
                }
            }

            var parameter = new ParameterSyntax(SpanFrom(start), kind, name, annotation, defaultValue);
            parameters.Add(parameter);
            if (kind == ParameterKind.KeywordOnlyMarker)
            {
                pendingBareStar = parameter;
            }
            else if (kind == ParameterKind.Normal)
            {
                pendingBareStar = null;
            }

            varKeyword ??= kind == ParameterKind.VarKeyword ? parameter : null;
            if (!TryEat(SyntaxKind.CommaToken))
            {
                break;
            }
        }

        if (pendingBareStar is not null)
        {
            _diagnostics.Report(SyntaxDiagnostics.InvalidSyntax, pendingBareStar.Span, "Follow a bare '*' with at least one keyword-only parameter, or remove it.", "named parameters must follow bare '*'");
        }

        return _parameterLists.Freeze(parameters);
    }
}
