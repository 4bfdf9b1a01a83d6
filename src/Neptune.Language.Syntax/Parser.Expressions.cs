using System.Collections.Immutable;
using System.Globalization;

namespace Neptune.Language.Syntax;

/// <summary>Expressions, from lambda (lowest precedence) down to atoms.</summary>
internal sealed partial class Parser
{
    private static bool StartsExpression(SyntaxKind kind) => kind is SyntaxKind.IdentifierToken or SyntaxKind.IntegerToken
        or SyntaxKind.FloatToken or SyntaxKind.ImaginaryToken or SyntaxKind.StringToken or SyntaxKind.TrueKeyword
        or SyntaxKind.FalseKeyword or SyntaxKind.NoneKeyword or SyntaxKind.EllipsisToken or SyntaxKind.OpenParenToken
        or SyntaxKind.OpenBracketToken or SyntaxKind.OpenBraceToken or SyntaxKind.MinusToken or SyntaxKind.PlusToken
        or SyntaxKind.TildeToken or SyntaxKind.NotKeyword or SyntaxKind.LambdaKeyword or SyntaxKind.AwaitKeyword
        or SyntaxKind.StarToken;

    /// <summary><c>star_expressions</c>: expressions and starred expressions separated by commas (a bare tuple).</summary>
    private ExpressionSyntax ParseStarExpressions()
    {
        int start = StartPosition();
        ExpressionSyntax first = ParseStarExpression();
        if (Current.Kind != SyntaxKind.CommaToken)
        {
            ReportLoneStarred(first);
            return first;
        }

        var elements = _expressionLists.Rent();
        elements.Add(first);
        while (TryEat(SyntaxKind.CommaToken) && StartsExpression(Current.Kind))
        {
            elements.Add(ParseStarExpression());
        }

        return new TupleExpressionSyntax(SpanFrom(start), _expressionLists.Freeze(elements), isParenthesized: false);
    }

    /// <summary>A starred expression alone (<c>*a</c>, <c>x = *a</c>) is only valid inside a tuple, list or set.</summary>
    private void ReportLoneStarred(ExpressionSyntax expression)
    {
        if (expression is StarredExpressionSyntax)
        {
            _diagnostics.Report(SyntaxDiagnostics.InvalidSyntax, expression.Span, "Add a trailing comma to make a tuple (*a,), or remove the '*'.", "cannot use a starred expression here");
        }
    }

    private ExpressionSyntax ParseStarExpression()
    {
        if (Current.Kind != SyntaxKind.StarToken)
        {
            return ParseExpression();
        }

        int start = Next().Start;
        ExpressionSyntax operand = ParseBinary(0);
        return new StarredExpressionSyntax(SpanFrom(start), operand);
    }

    /// <summary>A starred or plain element of a display: <c>*x</c> or a named expression.</summary>
    private ExpressionSyntax ParseStarNamedExpression() =>
        Current.Kind == SyntaxKind.StarToken ? ParseStarExpression() : ParseNamedExpression();

    /// <summary>Loop and comprehension targets: <c>a</c>, <c>a, (b, c)</c>, <c>*rest</c>; stops before <c>in</c>.</summary>
    private ExpressionSyntax ParseTargetList()
    {
        int start = StartPosition();
        ExpressionSyntax first = ParseStarTarget();
        if (Current.Kind == SyntaxKind.CommaToken)
        {
            var elements = _expressionLists.Rent();
            elements.Add(first);
            while (TryEat(SyntaxKind.CommaToken) && StartsExpression(Current.Kind))
            {
                elements.Add(ParseStarTarget());
            }

            first = new TupleExpressionSyntax(SpanFrom(start), _expressionLists.Freeze(elements), isParenthesized: false);
        }
        else
        {
            ReportLoneStarred(first);
        }

        CheckTarget(first, "assign to");
        return first;
    }

    private ExpressionSyntax ParseStarTarget()
    {
        if (Current.Kind != SyntaxKind.StarToken)
        {
            return ParseBinary(0);
        }

        int start = Next().Start;
        ExpressionSyntax operand = ParseBinary(0);
        return new StarredExpressionSyntax(SpanFrom(start), operand);
    }

    /// <summary><c>namedexpr_test</c>: <c>name := value</c> or an expression.</summary>
    private ExpressionSyntax ParseNamedExpression()
    {
        if (Current.Kind == SyntaxKind.IdentifierToken && Peek(1).Kind == SyntaxKind.ColonEqualsToken)
        {
            SyntaxToken nameToken = Next();
            Next();
            var target = new NameExpressionSyntax(nameToken.Span, Intern(_text.AsSpan(nameToken.Start, nameToken.Length)));
            ExpressionSyntax value = ParseExpression();
            return new NamedExpressionSyntax(SpanFrom(nameToken.Start), target, value);
        }

        ExpressionSyntax expression = ParseExpression();
        if (Current.Kind == SyntaxKind.ColonEqualsToken)
        {
            _diagnostics.Report(SyntaxDiagnostics.InvalidTarget, expression.Span, "Only a plain name can appear on the left of ':='.", "use assignment expressions with", DescribeExpression(expression));
            Next();
            ParseExpression();
        }

        return expression;
    }

    /// <summary>
    /// <c>test</c>: lambda, conditional expression or disjunction. Nesting is counted where recursion happens: a
    /// lambda, the <c>else</c> branch of a conditional, brackets, unary and binary operators, trailers and blocks.
    /// </summary>
    private ExpressionSyntax ParseExpression()
    {
        if (Current.Kind == SyntaxKind.LambdaKeyword)
        {
            return ParseLambda();
        }

        int start = StartPosition();
        ExpressionSyntax expression = ParseOr();
        if (Current.Kind != SyntaxKind.IfKeyword)
        {
            return expression;
        }

        Next();
        ExpressionSyntax condition = ParseOr();
        if (!Expect(SyntaxKind.ElseKeyword, "'else' in conditional expression", "A conditional expression needs both parts: 'a if condition else b'."))
        {
            MissingExpressionSyntax missing = Missing();
            return new ConditionalExpressionSyntax(SpanFrom(start), expression, condition, missing);
        }

        if (!TryEnter())
        {
            MissingExpressionSyntax missing = Bail();
            return new ConditionalExpressionSyntax(SpanFrom(start), expression, condition, missing);
        }

        ExpressionSyntax whenFalse = ParseExpression();
        Exit();
        return new ConditionalExpressionSyntax(SpanFrom(start), expression, condition, whenFalse);
    }

    private ExpressionSyntax ParseLambda()
    {
        int start = Next().Start;
        if (!TryEnter())
        {
            return Bail();
        }

        ImmutableArray<ParameterSyntax> parameters = ParseParameters(SyntaxKind.ColonToken, allowAnnotations: false);
        Expect(SyntaxKind.ColonToken, "':' after lambda parameters");
        ExpressionSyntax body = ParseExpression();
        Exit();
        return new LambdaExpressionSyntax(SpanFrom(start), parameters, body);
    }

    private ExpressionSyntax ParseOr()
    {
        int start = StartPosition();
        ExpressionSyntax first = ParseAnd();
        if (Current.Kind != SyntaxKind.OrKeyword)
        {
            return first;
        }

        var operands = _expressionLists.Rent();
        operands.Add(first);
        while (TryEat(SyntaxKind.OrKeyword))
        {
            operands.Add(ParseAnd());
        }

        return new BooleanExpressionSyntax(SpanFrom(start), BooleanOperator.Or, _expressionLists.Freeze(operands));
    }

    private ExpressionSyntax ParseAnd()
    {
        int start = StartPosition();
        ExpressionSyntax first = ParseNot();
        if (Current.Kind != SyntaxKind.AndKeyword)
        {
            return first;
        }

        var operands = _expressionLists.Rent();
        operands.Add(first);
        while (TryEat(SyntaxKind.AndKeyword))
        {
            operands.Add(ParseNot());
        }

        return new BooleanExpressionSyntax(SpanFrom(start), BooleanOperator.And, _expressionLists.Freeze(operands));
    }

    private ExpressionSyntax ParseNot()
    {
        if (Current.Kind != SyntaxKind.NotKeyword)
        {
            return ParseComparison();
        }

        int start = Next().Start;
        if (!TryEnter())
        {
            return Bail();
        }

        ExpressionSyntax operand = ParseNot();
        Exit();
        return new UnaryExpressionSyntax(SpanFrom(start), UnaryOperator.Not, operand);
    }

    private ExpressionSyntax ParseComparison()
    {
        int start = StartPosition();
        ExpressionSyntax left = ParseBinary(0);
        if (!TryGetComparison(out _, out _))
        {
            return left;
        }

        var operators = ImmutableArray.CreateBuilder<ComparisonOperator>();
        var comparators = _expressionLists.Rent();
        while (TryGetComparison(out ComparisonOperator op, out int tokens))
        {
            _pos += tokens;
            operators.Add(op);
            comparators.Add(ParseBinary(0));
        }

        return new ComparisonExpressionSyntax(SpanFrom(start), left, operators.ToImmutable(), _expressionLists.Freeze(comparators));
    }

    private bool TryGetComparison(out ComparisonOperator op, out int tokens)
    {
        tokens = 1;
        (bool found, op) = Current.Kind switch
        {
            SyntaxKind.EqualsEqualsToken => (true, ComparisonOperator.Equal),
            SyntaxKind.ExclamationEqualsToken => (true, ComparisonOperator.NotEqual),
            SyntaxKind.LessToken => (true, ComparisonOperator.Less),
            SyntaxKind.LessEqualsToken => (true, ComparisonOperator.LessOrEqual),
            SyntaxKind.GreaterToken => (true, ComparisonOperator.Greater),
            SyntaxKind.GreaterEqualsToken => (true, ComparisonOperator.GreaterOrEqual),
            SyntaxKind.InKeyword => (true, ComparisonOperator.In),
            SyntaxKind.NotKeyword when Peek(1).Kind == SyntaxKind.InKeyword => (true, ComparisonOperator.NotIn),
            SyntaxKind.IsKeyword when Peek(1).Kind == SyntaxKind.NotKeyword => (true, ComparisonOperator.IsNot),
            SyntaxKind.IsKeyword => (true, ComparisonOperator.Is),
            _ => (false, ComparisonOperator.Equal),
        };
        if (op is ComparisonOperator.NotIn or ComparisonOperator.IsNot)
        {
            tokens = 2;
        }

        return found;
    }

    private static int BinaryPrecedence(SyntaxKind kind, out BinaryOperator op)
    {
        (int precedence, op) = kind switch
        {
            SyntaxKind.BarToken => (1, BinaryOperator.BitwiseOr),
            SyntaxKind.CaretToken => (2, BinaryOperator.BitwiseXor),
            SyntaxKind.AmpersandToken => (3, BinaryOperator.BitwiseAnd),
            SyntaxKind.LessLessToken => (4, BinaryOperator.LeftShift),
            SyntaxKind.GreaterGreaterToken => (4, BinaryOperator.RightShift),
            SyntaxKind.PlusToken => (5, BinaryOperator.Add),
            SyntaxKind.MinusToken => (5, BinaryOperator.Subtract),
            SyntaxKind.StarToken => (6, BinaryOperator.Multiply),
            SyntaxKind.SlashToken => (6, BinaryOperator.Divide),
            SyntaxKind.DoubleSlashToken => (6, BinaryOperator.FloorDivide),
            SyntaxKind.PercentToken => (6, BinaryOperator.Modulo),
            SyntaxKind.AtToken => (6, BinaryOperator.MatrixMultiply),
            _ => (0, BinaryOperator.Add),
        };
        return precedence;
    }

    /// <summary>
    /// Left-associative binary operators from <c>|</c> to <c>*</c> by precedence climbing. Every operator in a
    /// chain adds one level of tree depth, so long chains count against <see cref="SyntaxOptions.MaxDepth"/>.
    /// </summary>
    private ExpressionSyntax ParseBinary(int minPrecedence)
    {
        int start = StartPosition();
        ExpressionSyntax left = ParseUnary();
        int entered = 0;
        while (true)
        {
            int precedence = BinaryPrecedence(Current.Kind, out BinaryOperator op);
            if (precedence == 0 || precedence < minPrecedence)
            {
                break;
            }

            if (!TryEnter())
            {
                Bail();
                break;
            }

            entered++;
            Next();
            ExpressionSyntax right = ParseBinary(precedence + 1);
            left = new BinaryExpressionSyntax(SpanFrom(start), left, op, right);
        }

        _depth -= entered;
        return left;
    }

    private ExpressionSyntax ParseUnary()
    {
        UnaryOperator op;
        switch (Current.Kind)
        {
            case SyntaxKind.MinusToken:
                op = UnaryOperator.Negate;
                break;
            case SyntaxKind.PlusToken:
                op = UnaryOperator.Plus;
                break;
            case SyntaxKind.TildeToken:
                op = UnaryOperator.Invert;
                break;
            default:
                return ParsePower();
        }

        int start = Next().Start;
        if (!TryEnter())
        {
            return Bail();
        }

        ExpressionSyntax operand = ParseUnary();
        Exit();
        return new UnaryExpressionSyntax(SpanFrom(start), op, operand);
    }

    /// <summary><c>primary ** unary</c>: right-associative and binds tighter than a unary operator on its left.</summary>
    private ExpressionSyntax ParsePower()
    {
        int start = StartPosition();
        ExpressionSyntax left = ParseAwaitPrimary();
        if (Current.Kind != SyntaxKind.DoubleStarToken)
        {
            return left;
        }

        Next();
        if (!TryEnter())
        {
            return Bail();
        }

        ExpressionSyntax right = ParseUnary();
        Exit();
        return new BinaryExpressionSyntax(SpanFrom(start), left, BinaryOperator.Power, right);
    }

    private ExpressionSyntax ParseAwaitPrimary()
    {
        if (Current.Kind != SyntaxKind.AwaitKeyword)
        {
            return ParsePrimary();
        }

        int start = Next().Start;
        if (!TryEnter())
        {
            return Bail();
        }

        ExpressionSyntax operand = ParsePrimary();
        Exit();
        return new AwaitExpressionSyntax(SpanFrom(start), operand);
    }

    /// <summary>An atom followed by calls, subscripts and attribute accesses; each adds one level of depth.</summary>
    private ExpressionSyntax ParsePrimary()
    {
        int start = StartPosition();
        ExpressionSyntax expression = ParseAtom();
        int entered = 0;
        while (Current.Kind is SyntaxKind.OpenParenToken or SyntaxKind.OpenBracketToken or SyntaxKind.DotToken)
        {
            if (!TryEnter())
            {
                Bail();
                break;
            }

            entered++;
            switch (Current.Kind)
            {
                case SyntaxKind.OpenParenToken:
                    ImmutableArray<ArgumentSyntax> arguments = ParseArguments();
                    expression = new CallExpressionSyntax(SpanFrom(start), expression, arguments);
                    break;
                case SyntaxKind.OpenBracketToken:
                    SyntaxToken open = Next();
                    ExpressionSyntax index = ParseSubscriptIndex();
                    ExpectClosing(SyntaxKind.CloseBracketToken, open);
                    expression = new SubscriptExpressionSyntax(SpanFrom(start), expression, index);
                    break;
                default:
                    Next();
                    IdentifierSyntax name = ParseIdentifier("an attribute name after '.'");
                    expression = new AttributeExpressionSyntax(SpanFrom(start), expression, name);
                    break;
            }
        }

        _depth -= entered;
        return expression;
    }

    private ImmutableArray<ArgumentSyntax> ParseArguments()
    {
        SyntaxToken open = Next();
        var arguments = _argumentLists.Rent();
        bool seenKeyword = false;
        while (Current.Kind is not (SyntaxKind.CloseParenToken or SyntaxKind.NewlineToken or SyntaxKind.EndOfFileToken))
        {
            int start = StartPosition();
            int before = _pos;
            if (TryEat(SyntaxKind.StarToken))
            {
                ExpressionSyntax value = ParseExpression();
                arguments.Add(new ArgumentSyntax(SpanFrom(start), ArgumentKind.Star, null, value));
            }
            else if (TryEat(SyntaxKind.DoubleStarToken))
            {
                ExpressionSyntax value = ParseExpression();
                arguments.Add(new ArgumentSyntax(SpanFrom(start), ArgumentKind.DoubleStar, null, value));
                seenKeyword = true;
            }
            else if (Current.Kind == SyntaxKind.IdentifierToken && Peek(1).Kind == SyntaxKind.EqualsToken)
            {
                IdentifierSyntax name = ParseIdentifier("a keyword name");
                Next();
                ExpressionSyntax value = ParseExpression();
                arguments.Add(new ArgumentSyntax(SpanFrom(start), ArgumentKind.Keyword, name, value));
                seenKeyword = true;
            }
            else
            {
                ExpressionSyntax value = ParseNamedExpression();
                if (Current.Kind is SyntaxKind.ForKeyword || (Current.Kind == SyntaxKind.AsyncKeyword && Peek(1).Kind == SyntaxKind.ForKeyword))
                {
                    ImmutableArray<ComprehensionClauseSyntax> clauses = ParseComprehensionClauses(value);
                    value = new GeneratorExpressionSyntax(SpanFrom(start), value, clauses);
                    if (arguments.Count > 0 || Current.Kind == SyntaxKind.CommaToken)
                    {
                        _diagnostics.Report(SyntaxDiagnostics.UnparenthesizedGenerator, value.Span);
                    }
                }

                if (seenKeyword)
                {
                    _diagnostics.Report(SyntaxDiagnostics.PositionalAfterKeyword, value.Span);
                }

                arguments.Add(new ArgumentSyntax(SpanFrom(start), ArgumentKind.Positional, null, value));
            }

            if (_pos == before || !TryEat(SyntaxKind.CommaToken))
            {
                break;
            }
        }

        ExpectClosing(SyntaxKind.CloseParenToken, open);

        return _argumentLists.Freeze(arguments);
    }

    private ExpressionSyntax ParseSubscriptIndex()
    {
        int start = StartPosition();
        ExpressionSyntax first = ParseSliceItem();
        if (Current.Kind != SyntaxKind.CommaToken)
        {
            return first;
        }

        var elements = _expressionLists.Rent();
        elements.Add(first);
        while (TryEat(SyntaxKind.CommaToken) && (StartsExpression(Current.Kind) || Current.Kind == SyntaxKind.ColonToken))
        {
            elements.Add(ParseSliceItem());
        }

        return new TupleExpressionSyntax(SpanFrom(start), _expressionLists.Freeze(elements), isParenthesized: false);
    }

    private ExpressionSyntax ParseSliceItem()
    {
        int start = StartPosition();
        ExpressionSyntax? lower = null;
        if (Current.Kind != SyntaxKind.ColonToken)
        {
            lower = ParseStarNamedExpression();
            if (Current.Kind != SyntaxKind.ColonToken)
            {
                return lower;
            }
        }

        Next();
        ExpressionSyntax? upper = StartsExpression(Current.Kind) ? ParseExpression() : null;
        ExpressionSyntax? step = null;
        if (TryEat(SyntaxKind.ColonToken) && StartsExpression(Current.Kind))
        {
            step = ParseExpression();
        }

        return new SliceExpressionSyntax(SpanFrom(start), lower, upper, step);
    }

    private ImmutableArray<ComprehensionClauseSyntax> ParseComprehensionClauses(ExpressionSyntax element)
    {
        if (element is StarredExpressionSyntax)
        {
            _diagnostics.Report(SyntaxDiagnostics.InvalidSyntax, element.Span, "Build the items without '*', e.g. [y for x in xs for y in x].", "iterable unpacking cannot be used in a comprehension");
        }

        var clauses = _clauseLists.Rent();
        while (Current.Kind == SyntaxKind.ForKeyword || (Current.Kind == SyntaxKind.AsyncKeyword && Peek(1).Kind == SyntaxKind.ForKeyword))
        {
            int start = StartPosition();
            bool isAsync = TryEat(SyntaxKind.AsyncKeyword);
            Next();
            ExpressionSyntax target = ParseTargetList();
            Expect(SyntaxKind.InKeyword, "'in' after the comprehension target");
            ExpressionSyntax iterable = ParseOr();
            var conditions = _expressionLists.Rent();
            while (TryEat(SyntaxKind.IfKeyword))
            {
                conditions.Add(ParseOr());
            }

            clauses.Add(new ComprehensionClauseSyntax(SpanFrom(start), isAsync, target, iterable, _expressionLists.Freeze(conditions)));
        }

        return _clauseLists.Freeze(clauses);
    }

    private static bool StartsComprehension(SyntaxKind kind, SyntaxKind next) =>
        kind == SyntaxKind.ForKeyword || (kind == SyntaxKind.AsyncKeyword && next == SyntaxKind.ForKeyword);

    private ExpressionSyntax ParseYield()
    {
        int start = Next().Start;
        if (TryEat(SyntaxKind.FromKeyword))
        {
            ExpressionSyntax source = ParseExpression();
            return new YieldFromExpressionSyntax(SpanFrom(start), source);
        }

        ExpressionSyntax? value = StartsExpression(Current.Kind) ? ParseStarExpressions() : null;
        return new YieldExpressionSyntax(SpanFrom(start), value);
    }

    // ---------------------------------------------------------------- atoms

    private ExpressionSyntax ParseAtom()
    {
        SyntaxToken token = Current;
        switch (token.Kind)
        {
            case SyntaxKind.IdentifierToken:
                Next();
                return new NameExpressionSyntax(token.Span, Intern(_text.AsSpan(token.Start, token.Length)));
            case SyntaxKind.IntegerToken:
            case SyntaxKind.FloatToken:
            case SyntaxKind.ImaginaryToken:
                Next();
                return ParseNumber(token);
            case SyntaxKind.StringToken:
                return ParseStrings();
            case SyntaxKind.TrueKeyword:
            case SyntaxKind.FalseKeyword:
                Next();
                return new BooleanLiteralExpressionSyntax(token.Span, token.Kind == SyntaxKind.TrueKeyword);
            case SyntaxKind.NoneKeyword:
                Next();
                return new NoneLiteralExpressionSyntax(token.Span);
            case SyntaxKind.EllipsisToken:
                Next();
                return new EllipsisLiteralExpressionSyntax(token.Span);
            case SyntaxKind.OpenParenToken:
                return ParseParenthesized();
            case SyntaxKind.OpenBracketToken:
                return ParseListDisplay();
            case SyntaxKind.OpenBraceToken:
                return ParseBraceDisplay();
            case SyntaxKind.BadToken:
                Next();
                return Missing();
            default:
                string? hint = token.Kind switch
                {
                    SyntaxKind.YieldKeyword => "Put a yield expression in parentheses.",
                    SyntaxKind.ExclamationToken => "Write 'not x' for logical negation.",
                    SyntaxKind.ElseKeyword or SyntaxKind.ElifKeyword or SyntaxKind.ExceptKeyword or SyntaxKind.FinallyKeyword =>
                        "Align this clause with the statement it belongs to, and make sure that statement ends with ':'.",
                    _ => null,
                };
                _diagnostics.Report(SyntaxDiagnostics.ExpectedExpression, MissingTokenSpan(), hint, Describe(token));
                return Missing();
        }
    }

    private ExpressionSyntax ParseParenthesized()
    {
        SyntaxToken open = Next();
        if (!TryEnter())
        {
            return Bail();
        }

        try
        {
            if (TryEat(SyntaxKind.CloseParenToken))
            {
                return new TupleExpressionSyntax(SpanFrom(open.Start), [], isParenthesized: true);
            }

            if (Current.Kind == SyntaxKind.YieldKeyword)
            {
                ExpressionSyntax yield = ParseYield();
                ExpectClosing(SyntaxKind.CloseParenToken, open);
                return yield;
            }

            ExpressionSyntax first = ParseStarNamedExpression();
            if (StartsComprehension(Current.Kind, Peek(1).Kind))
            {
                ImmutableArray<ComprehensionClauseSyntax> clauses = ParseComprehensionClauses(first);
                ExpectClosing(SyntaxKind.CloseParenToken, open);
                return new GeneratorExpressionSyntax(SpanFrom(open.Start), first, clauses);
            }

            if (Current.Kind != SyntaxKind.CommaToken)
            {
                ExpectClosing(SyntaxKind.CloseParenToken, open);
                return first;
            }

            var elements = _expressionLists.Rent();
            elements.Add(first);
            while (TryEat(SyntaxKind.CommaToken) && Current.Kind != SyntaxKind.CloseParenToken && StartsExpression(Current.Kind))
            {
                elements.Add(ParseStarNamedExpression());
            }

            ExpectClosing(SyntaxKind.CloseParenToken, open);
            return new TupleExpressionSyntax(SpanFrom(open.Start), _expressionLists.Freeze(elements), isParenthesized: true);
        }
        finally
        {
            Exit();
        }
    }

    private ExpressionSyntax ParseListDisplay()
    {
        SyntaxToken open = Next();
        if (!TryEnter())
        {
            return Bail();
        }

        try
        {
            var elements = _expressionLists.Rent();
            if (Current.Kind != SyntaxKind.CloseBracketToken)
            {
                ExpressionSyntax first = ParseStarNamedExpression();
                if (StartsComprehension(Current.Kind, Peek(1).Kind))
                {
                    ImmutableArray<ComprehensionClauseSyntax> clauses = ParseComprehensionClauses(first);
                    ExpectClosing(SyntaxKind.CloseBracketToken, open);
                    return new ListComprehensionSyntax(SpanFrom(open.Start), first, clauses);
                }

                elements.Add(first);
                while (TryEat(SyntaxKind.CommaToken) && StartsExpression(Current.Kind))
                {
                    elements.Add(ParseStarNamedExpression());
                }
            }

            ExpectClosing(SyntaxKind.CloseBracketToken, open);
            return new ListExpressionSyntax(SpanFrom(open.Start), _expressionLists.Freeze(elements));
        }
        finally
        {
            Exit();
        }
    }

    private ExpressionSyntax ParseBraceDisplay()
    {
        SyntaxToken open = Next();
        if (!TryEnter())
        {
            return Bail();
        }

        try
        {
            if (TryEat(SyntaxKind.CloseBraceToken))
            {
                return new DictExpressionSyntax(SpanFrom(open.Start), []);
            }

            if (Current.Kind == SyntaxKind.DoubleStarToken)
            {
                return ParseDictRest(open, null);
            }

            int firstStart = StartPosition();
            ExpressionSyntax first = ParseStarNamedExpression();
            if (Current.Kind == SyntaxKind.ColonToken && first is not StarredExpressionSyntax)
            {
                Next();
                ExpressionSyntax value = ParseExpression();
                if (StartsComprehension(Current.Kind, Peek(1).Kind))
                {
                    ImmutableArray<ComprehensionClauseSyntax> clauses = ParseComprehensionClauses(first);
                    ExpectClosing(SyntaxKind.CloseBraceToken, open);
                    return new DictComprehensionSyntax(SpanFrom(open.Start), first, value, clauses);
                }

                return ParseDictRest(open, new DictEntrySyntax(TextSpan.FromBounds(firstStart, value.Span.End), first, value));
            }

            if (StartsComprehension(Current.Kind, Peek(1).Kind))
            {
                ImmutableArray<ComprehensionClauseSyntax> clauses = ParseComprehensionClauses(first);
                ExpectClosing(SyntaxKind.CloseBraceToken, open);
                return new SetComprehensionSyntax(SpanFrom(open.Start), first, clauses);
            }

            var elements = _expressionLists.Rent();
            elements.Add(first);
            while (TryEat(SyntaxKind.CommaToken) && StartsExpression(Current.Kind))
            {
                elements.Add(ParseStarNamedExpression());
            }

            ExpectClosing(SyntaxKind.CloseBraceToken, open);
            return new SetExpressionSyntax(SpanFrom(open.Start), _expressionLists.Freeze(elements));
        }
        finally
        {
            Exit();
        }
    }

    private DictExpressionSyntax ParseDictRest(SyntaxToken open, DictEntrySyntax? first)
    {
        var entries = ImmutableArray.CreateBuilder<DictEntrySyntax>();
        if (first is not null)
        {
            entries.Add(first);
            if (!TryEat(SyntaxKind.CommaToken))
            {
                ExpectClosing(SyntaxKind.CloseBraceToken, open);
                return new DictExpressionSyntax(SpanFrom(open.Start), entries.ToImmutable());
            }
        }

        while (Current.Kind == SyntaxKind.DoubleStarToken || StartsExpression(Current.Kind))
        {
            int start = StartPosition();
            if (TryEat(SyntaxKind.DoubleStarToken))
            {
                ExpressionSyntax mapping = ParseBinary(0);
                entries.Add(new DictEntrySyntax(SpanFrom(start), null, mapping));
            }
            else
            {
                ExpressionSyntax key = ParseExpression();
                Expect(SyntaxKind.ColonToken, "':' after dictionary key", "Write dictionary entries as key: value.");
                ExpressionSyntax value = ParseExpression();
                entries.Add(new DictEntrySyntax(SpanFrom(start), key, value));
            }

            if (!TryEat(SyntaxKind.CommaToken))
            {
                break;
            }
        }

        ExpectClosing(SyntaxKind.CloseBraceToken, open);
        return new DictExpressionSyntax(SpanFrom(open.Start), entries.ToImmutable());
    }

    private ExpressionSyntax ParseNumber(SyntaxToken token)
    {
        ReadOnlySpan<char> text = _text.AsSpan(token.Start, token.Length);
        if (token.Kind != SyntaxKind.IntegerToken)
        {
            if ((token.Flags & TokenFlags.Invalid) != 0 || token.Kind == SyntaxKind.ImaginaryToken)
            {
                return new FloatLiteralExpressionSyntax(token.Span, 0);
            }

            Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
            int length = 0;
            foreach (char c in text)
            {
                if (c != '_')
                {
                    buffer[length++] = c;
                }
            }

            double value = double.TryParse(buffer[..length], NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : 0;
            return new FloatLiteralExpressionSyntax(token.Span, value);
        }

        string literal = text.ToString();
        if ((token.Flags & TokenFlags.Invalid) != 0)
        {
            return new IntegerLiteralExpressionSyntax(token.Span, 0, false, literal);
        }

        int radix = 10;
        int index = 0;
        if ((token.Flags & TokenFlags.Hexadecimal) != 0)
        {
            (radix, index) = (16, 2);
        }
        else if ((token.Flags & TokenFlags.Octal) != 0)
        {
            (radix, index) = (8, 2);
        }
        else if ((token.Flags & TokenFlags.Binary) != 0)
        {
            (radix, index) = (2, 2);
        }

        ulong accumulator = 0;
        bool overflow = false;
        for (; index < text.Length; index++)
        {
            char c = text[index];
            if (c == '_')
            {
                continue;
            }

            int digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            if (accumulator > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                overflow = true;
                break;
            }

            accumulator = (accumulator * (ulong)radix) + (ulong)digit;
        }

        bool minValueMagnitude = !overflow && accumulator == (ulong)long.MaxValue + 1;
        overflow |= accumulator > long.MaxValue;
        return new IntegerLiteralExpressionSyntax(token.Span, overflow ? 0 : (long)accumulator, overflow, literal, minValueMagnitude);
    }
}
