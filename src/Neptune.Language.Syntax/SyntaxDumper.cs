using System.Globalization;
using System.Text;

namespace Neptune.Language.Syntax;

/// <summary>Formats a syntax tree as a compact S-expression, e.g. <c>(= x (+ 1 (* 2 y)))</c>.</summary>
internal static class SyntaxDumper
{
    public static string Dump(SyntaxNode node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder b, SyntaxNode? node)
    {
        switch (node)
        {
            case null:
                b.Append('_');
                break;
            case ModuleSyntax n:
                Open(b, "module").Many(b, n.Statements).Close(b);
                break;
            case BlockSyntax n:
                Open(b, "block").Many(b, n.Statements).Close(b);
                break;
            case IdentifierSyntax n:
                b.Append(n.Text);
                break;
            case ExpressionStatementSyntax n:
                Open(b, "expr").One(b, n.Expression).Close(b);
                break;
            case AssignmentStatementSyntax n:
                Open(b, "=").Many(b, n.Targets).One(b, n.Value).Close(b);
                break;
            case AugmentedAssignmentStatementSyntax n:
                Open(b, Symbol(n.Operator) + "=").One(b, n.Target).One(b, n.Value).Close(b);
                break;
            case AnnotatedAssignmentStatementSyntax n:
                Open(b, "ann").One(b, n.Target).One(b, n.Annotation).Optional(b, n.Value).Close(b);
                break;
            case IfStatementSyntax n:
                Open(b, "if").One(b, n.Condition).One(b, n.Body).Many(b, n.ElifClauses).Optional(b, n.Else).Close(b);
                break;
            case ElifClauseSyntax n:
                Open(b, "elif").One(b, n.Condition).One(b, n.Body).Close(b);
                break;
            case ElseClauseSyntax n:
                Open(b, "else").One(b, n.Body).Close(b);
                break;
            case WhileStatementSyntax n:
                Open(b, "while").One(b, n.Condition).One(b, n.Body).Optional(b, n.Else).Close(b);
                break;
            case ForStatementSyntax n:
                Open(b, n.IsAsync ? "async-for" : "for").One(b, n.Target).One(b, n.Iterable).One(b, n.Body).Optional(b, n.Else).Close(b);
                break;
            case BreakStatementSyntax:
                b.Append("break");
                break;
            case ContinueStatementSyntax:
                b.Append("continue");
                break;
            case PassStatementSyntax:
                b.Append("pass");
                break;
            case ReturnStatementSyntax n:
                Open(b, "return").Optional(b, n.Value).Close(b);
                break;
            case DecoratorSyntax n:
                Open(b, "@").One(b, n.Expression).Close(b);
                break;
            case FunctionDefinitionSyntax n:
                Open(b, n.IsAsync ? "async-def" : "def").Many(b, n.Decorators).One(b, n.Name);
                b.Append(" (");
                Join(b, n.Parameters);
                b.Append(')');
                if (n.ReturnAnnotation is not null)
                {
                    b.Append(" ->");
                    One(b, n.ReturnAnnotation);
                }

                One(b, n.Body).Close(b);
                break;
            case ParameterSyntax n:
                WriteParameter(b, n);
                break;
            case ClassDefinitionSyntax n:
                Open(b, "class").Many(b, n.Decorators).One(b, n.Name);
                b.Append(" (");
                Join(b, n.Arguments);
                b.Append(')');
                b.Append(' ');
                Write(b, n.Body);
                b.Append(')');
                break;
            case AssertStatementSyntax n:
                Open(b, "assert").One(b, n.Test).Optional(b, n.Message).Close(b);
                break;
            case RaiseStatementSyntax n:
                Open(b, "raise").Optional(b, n.Exception);
                if (n.Cause is not null)
                {
                    b.Append(" from");
                }

                Optional(b, n.Cause).Close(b);
                break;
            case TryStatementSyntax n:
                Open(b, "try").One(b, n.Body).Many(b, n.Handlers).Optional(b, n.Else).Optional(b, n.Finally).Close(b);
                break;
            case ExceptClauseSyntax n:
                Open(b, "except").Optional(b, n.Type);
                if (n.Name is not null)
                {
                    b.Append(" as");
                }

                Optional(b, n.Name).One(b, n.Body).Close(b);
                break;
            case FinallyClauseSyntax n:
                Open(b, "finally").One(b, n.Body).Close(b);
                break;
            case ImportStatementSyntax n:
                Open(b, "import").Many(b, n.Names).Close(b);
                break;
            case ImportFromStatementSyntax n:
                b.Append("(from ").Append('.', n.Level).Append(n.Module);
                if (n.IsWildcard)
                {
                    b.Append(" *");
                }

                Many(b, n.Names).Close(b);
                break;
            case ImportAliasSyntax n:
                if (n.Alias is null)
                {
                    b.Append(n.Name);
                }
                else
                {
                    b.Append("(as ").Append(n.Name).Append(' ').Append(n.Alias.Text).Append(')');
                }

                break;
            case WithStatementSyntax n:
                Open(b, n.IsAsync ? "async-with" : "with").Many(b, n.Items).One(b, n.Body).Close(b);
                break;
            case WithItemSyntax n:
                Open(b, "item").One(b, n.Expression).Optional(b, n.Target).Close(b);
                break;
            case GlobalStatementSyntax n:
                Open(b, "global").Many(b, n.Names).Close(b);
                break;
            case NonlocalStatementSyntax n:
                Open(b, "nonlocal").Many(b, n.Names).Close(b);
                break;
            case DeleteStatementSyntax n:
                Open(b, "del").Many(b, n.Targets).Close(b);
                break;
            case NameExpressionSyntax n:
                b.Append(n.Name);
                break;
            case IntegerLiteralExpressionSyntax n:
                if (n.IsOverflow)
                {
                    b.Append("(overflow ").Append(n.Text).Append(')');
                }
                else
                {
                    b.Append(n.Value.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case FloatLiteralExpressionSyntax n:
                string text = n.Value.ToString("R", CultureInfo.InvariantCulture);
                b.Append(text);
                if (!double.IsFinite(n.Value) || text.AsSpan().IndexOfAny('.', 'E') >= 0)
                {
                    break;
                }

                b.Append(".0");
                break;
            case StringLiteralExpressionSyntax n:
                Quote(b, n.Value);
                break;
            case FStringExpressionSyntax n:
                Open(b, "f").Many(b, n.Parts).Close(b);
                break;
            case FStringTextSyntax n:
                Quote(b, n.Value);
                break;
            case FormattedValueSyntax n:
                Open(b, "fv").One(b, n.Expression);
                if (n.Conversion != FStringConversion.None)
                {
                    b.Append(n.Conversion switch
                    {
                        FStringConversion.Str => " !s",
                        FStringConversion.Repr => " !r",
                        _ => " !a",
                    });
                }

                Optional(b, n.FormatSpec).Close(b);
                break;
            case BooleanLiteralExpressionSyntax n:
                b.Append(n.Value ? "True" : "False");
                break;
            case NoneLiteralExpressionSyntax:
                b.Append("None");
                break;
            case EllipsisLiteralExpressionSyntax:
                b.Append("...");
                break;
            case UnaryExpressionSyntax n:
                Open(b, n.Operator switch
                {
                    UnaryOperator.Plus => "+",
                    UnaryOperator.Negate => "-",
                    UnaryOperator.Invert => "~",
                    _ => "not",
                }).One(b, n.Operand).Close(b);
                break;
            case BinaryExpressionSyntax n:
                Open(b, Symbol(n.Operator)).One(b, n.Left).One(b, n.Right).Close(b);
                break;
            case BooleanExpressionSyntax n:
                Open(b, n.Operator == BooleanOperator.And ? "and" : "or").Many(b, n.Operands).Close(b);
                break;
            case ComparisonExpressionSyntax n:
                Open(b, "compare").One(b, n.Left);
                for (int i = 0; i < n.Comparators.Length; i++)
                {
                    b.Append(' ').Append(Symbol(n.Operators[i]));
                    One(b, n.Comparators[i]);
                }

                Close(b);
                break;
            case ConditionalExpressionSyntax n:
                Open(b, "?").One(b, n.Condition).One(b, n.WhenTrue).One(b, n.WhenFalse).Close(b);
                break;
            case LambdaExpressionSyntax n:
                b.Append("(lambda (");
                Join(b, n.Parameters);
                b.Append(')');
                One(b, n.Body).Close(b);
                break;
            case CallExpressionSyntax n:
                Open(b, "call").One(b, n.Function).Many(b, n.Arguments).Close(b);
                break;
            case ArgumentSyntax n:
                switch (n.ArgumentKind)
                {
                    case ArgumentKind.Keyword:
                        b.Append("(kw ").Append(n.Name?.Text);
                        One(b, n.Value).Close(b);
                        break;
                    case ArgumentKind.Star:
                        Open(b, "*").One(b, n.Value).Close(b);
                        break;
                    case ArgumentKind.DoubleStar:
                        Open(b, "**").One(b, n.Value).Close(b);
                        break;
                    default:
                        Write(b, n.Value);
                        break;
                }

                break;
            case AttributeExpressionSyntax n:
                Open(b, ".").One(b, n.Target).One(b, n.Name).Close(b);
                break;
            case SubscriptExpressionSyntax n:
                Open(b, "sub").One(b, n.Target).One(b, n.Index).Close(b);
                break;
            case SliceExpressionSyntax n:
                Open(b, "slice").One(b, n.Lower).One(b, n.Upper).One(b, n.Step).Close(b);
                break;
            case TupleExpressionSyntax n:
                Open(b, "tuple").Many(b, n.Elements).Close(b);
                break;
            case ListExpressionSyntax n:
                Open(b, "list").Many(b, n.Elements).Close(b);
                break;
            case SetExpressionSyntax n:
                Open(b, "set").Many(b, n.Elements).Close(b);
                break;
            case DictExpressionSyntax n:
                Open(b, "dict").Many(b, n.Entries).Close(b);
                break;
            case DictEntrySyntax n:
                if (n.Key is null)
                {
                    Open(b, "**").One(b, n.Value).Close(b);
                }
                else
                {
                    b.Append('(');
                    Write(b, n.Key);
                    One(b, n.Value).Close(b);
                }

                break;
            case StarredExpressionSyntax n:
                Open(b, "*").One(b, n.Expression).Close(b);
                break;
            case ListComprehensionSyntax n:
                Open(b, "listcomp").One(b, n.Element).Many(b, n.Clauses).Close(b);
                break;
            case SetComprehensionSyntax n:
                Open(b, "setcomp").One(b, n.Element).Many(b, n.Clauses).Close(b);
                break;
            case DictComprehensionSyntax n:
                Open(b, "dictcomp").One(b, n.Key).One(b, n.Value).Many(b, n.Clauses).Close(b);
                break;
            case GeneratorExpressionSyntax n:
                Open(b, "genexp").One(b, n.Element).Many(b, n.Clauses).Close(b);
                break;
            case ComprehensionClauseSyntax n:
                Open(b, n.IsAsync ? "async-for" : "for").One(b, n.Target).One(b, n.Iterable);
                foreach (ExpressionSyntax condition in n.Conditions)
                {
                    b.Append(" (if");
                    One(b, condition).Close(b);
                }

                Close(b);
                break;
            case NamedExpressionSyntax n:
                Open(b, ":=").One(b, n.Target).One(b, n.Value).Close(b);
                break;
            case AwaitExpressionSyntax n:
                Open(b, "await").One(b, n.Expression).Close(b);
                break;
            case YieldExpressionSyntax n:
                Open(b, "yield").Optional(b, n.Value).Close(b);
                break;
            case YieldFromExpressionSyntax n:
                Open(b, "yield-from").One(b, n.Expression).Close(b);
                break;
            case MissingExpressionSyntax:
                b.Append("<missing>");
                break;
            default:
                b.Append('(').Append(node.Kind).Append(')');
                break;
        }
    }

    private static void WriteParameter(StringBuilder b, ParameterSyntax p)
    {
        string name = p.Name?.Text ?? string.Empty;
        string head = p.ParameterKind switch
        {
            ParameterKind.VarPositional => "*" + name,
            ParameterKind.VarKeyword => "**" + name,
            ParameterKind.KeywordOnlyMarker => "*",
            ParameterKind.PositionalOnlyMarker => "/",
            _ => name,
        };
        if (p.Annotation is null && p.Default is null)
        {
            b.Append(head);
            return;
        }

        b.Append('(').Append(head);
        if (p.Annotation is not null)
        {
            b.Append(" :");
            One(b, p.Annotation);
        }

        if (p.Default is not null)
        {
            b.Append(" =");
            One(b, p.Default);
        }

        b.Append(')');
    }

    private static void Join<T>(StringBuilder b, System.Collections.Immutable.ImmutableArray<T> nodes)
        where T : SyntaxNode
    {
        for (int i = 0; i < nodes.Length; i++)
        {
            if (i > 0)
            {
                b.Append(' ');
            }

            Write(b, nodes[i]);
        }
    }

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.FloorDivide => "//",
        BinaryOperator.Modulo => "%",
        BinaryOperator.MatrixMultiply => "@",
        BinaryOperator.Power => "**",
        BinaryOperator.LeftShift => "<<",
        BinaryOperator.RightShift => ">>",
        BinaryOperator.BitwiseOr => "|",
        BinaryOperator.BitwiseXor => "^",
        _ => "&",
    };

    private static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "==",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.In => "in",
        ComparisonOperator.NotIn => "not-in",
        ComparisonOperator.Is => "is",
        _ => "is-not",
    };

    private static void Quote(StringBuilder b, string value)
    {
        b.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\t': b.Append("\\t"); break;
                case '\r': b.Append("\\r"); break;
                default:
                    if (char.IsControl(c))
                    {
                        b.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        b.Append(c);
                    }

                    break;
            }
        }

        b.Append('"');
    }

    private static Writer Open(StringBuilder b, string head)
    {
        b.Append('(').Append(head);
        return default;
    }

    private static Writer Optional(StringBuilder b, SyntaxNode? node)
    {
        if (node is not null)
        {
            b.Append(' ');
            Write(b, node);
        }

        return default;
    }

    private static Writer One(StringBuilder b, SyntaxNode? node)
    {
        b.Append(' ');
        Write(b, node);
        return default;
    }

    private static Writer Many<T>(StringBuilder b, System.Collections.Immutable.ImmutableArray<T> nodes)
        where T : SyntaxNode => default(Writer).Many(b, nodes);

    private static void Close(StringBuilder b) => b.Append(')');

    /// <summary>Lets the writers chain: <c>Open(b, "x").One(b, n).Close(b)</c>.</summary>
    private readonly struct Writer
    {
        public Writer One(StringBuilder b, SyntaxNode? node) => SyntaxDumper.One(b, node);

        public Writer Optional(StringBuilder b, SyntaxNode? node) => SyntaxDumper.Optional(b, node);

        public Writer Many<T>(StringBuilder b, System.Collections.Immutable.ImmutableArray<T> nodes)
            where T : SyntaxNode
        {
            foreach (T node in nodes)
            {
                SyntaxDumper.One(b, node);
            }

            return default;
        }

        public void Close(StringBuilder b) => b.Append(')');
    }
}
