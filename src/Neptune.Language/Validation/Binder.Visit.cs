using Neptune.Language.Library;
using Neptune.Language.Runtime;
using Neptune.Language.Syntax;

namespace Neptune.Language.Validation;

internal sealed partial class Binder
{

    private void VisitStatements(IEnumerable<StatementSyntax> statements)
    {
        foreach (StatementSyntax s in statements)
        {
            VisitStatement(s);
        }
    }

    private void VisitStatement(StatementSyntax statement)
    {
        switch (statement)
        {
            case ExpressionStatementSyntax e:
                if (e.Expression is not EllipsisLiteralExpressionSyntax)
                {
                    VisitExpression(e.Expression);
                }

                break;
            case AssignmentStatementSyntax a:
                VisitExpression(a.Value);
                foreach (ExpressionSyntax t in a.Targets)
                {
                    VisitTarget(t);
                }

                if (a.Targets.Length == 1 && a.Targets[0] is NameExpressionSyntax single
                    && _scope.TryGetLocal(Identifiers.Normalize(single.Name), out Symbol typed) && typed.BindingCount == 1)
                {
                    typed.Type = InferType(a.Value);
                }

                break;
            case AugmentedAssignmentStatementSyntax a:
                if (a.Target is NameExpressionSyntax)
                {
                    VisitExpression(a.Target);
                }

                if (a.Operator == BinaryOperator.MatrixMultiply)
                {
                    Unsupported(a, "the '@' operator", Construct.Singular);
                }

                VisitExpression(a.Value);
                VisitTarget(a.Target);
                break;
            case AnnotatedAssignmentStatementSyntax a:
                ScanReserved(a.Annotation);
                if (a.Value is not null)
                {
                    VisitExpression(a.Value);
                    VisitTarget(a.Target);
                }
                else if (a.Target is not NameExpressionSyntax)
                {
                    VisitExpression(a.Target);
                }

                break;
            case IfStatementSyntax i:
                VisitExpression(i.Condition);
                VisitStatements(i.Body.Statements);
                foreach (ElifClauseSyntax e in i.ElifClauses)
                {
                    VisitExpression(e.Condition);
                    VisitStatements(e.Body.Statements);
                }

                if (i.Else is not null)
                {
                    VisitStatements(i.Else.Body.Statements);
                }

                break;
            case WhileStatementSyntax w:
                MarkLoopBindings(w.Body);
                VisitExpression(w.Condition);
                VisitStatements(w.Body.Statements);
                if (w.Else is not null)
                {
                    VisitStatements(w.Else.Body.Statements);
                }

                break;
            case ForStatementSyntax f:
                if (f.IsAsync)
                {
                    Unsupported(f, "'async for'", Construct.Singular);
                }

                VisitExpression(f.Iterable);
                MarkLoopBindings(f.Body);
                VisitTarget(f.Target);
                VisitStatements(f.Body.Statements);
                if (f.Else is not null)
                {
                    VisitStatements(f.Else.Body.Statements);
                }

                break;
            case ReturnStatementSyntax r:
                if (r.Value is not null)
                {
                    VisitExpression(r.Value);
                }

                break;
            case FunctionDefinitionSyntax d:
                VisitFunction(d);
                break;
            case ClassDefinitionSyntax c:
                Unsupported(c, "'class' definitions", Construct.Plural, "Use functions, dicts and tuples instead of classes.");
                break;
            case AssertStatementSyntax a:
                VisitExpression(a.Test);
                if (a.Message is not null)
                {
                    VisitExpression(a.Message);
                }

                break;
            case RaiseStatementSyntax r:
                if (r.Exception is not null)
                {
                    VisitExpression(r.Exception);
                }

                if (r.Cause is not null)
                {
                    VisitExpression(r.Cause);
                }

                break;
            case TryStatementSyntax t:
                VisitStatements(t.Body.Statements);
                foreach (ExceptClauseSyntax h in t.Handlers)
                {
                    if (h.Type is not null)
                    {
                        VisitExpression(h.Type);
                    }

                    if (h.Name is not null)
                    {
                        BindName(h.Name, h.Name.Text);
                    }

                    VisitStatements(h.Body.Statements);
                }

                if (t.Else is not null)
                {
                    VisitStatements(t.Else.Body.Statements);
                }

                if (t.Finally is not null)
                {
                    VisitStatements(t.Finally.Body.Statements);
                }

                break;
            case ImportStatementSyntax i:
                foreach (ImportAliasSyntax alias in i.Names)
                {
                    if (!IsAllowedModule(alias.Name))
                    {
                        Report(ValidationDiagnostics.ImportNotAllowed, alias, alias.Name, string.Join(", ", _options.AllowedModules));
                        continue;
                    }

                    Symbol? symbol = alias.Alias is not null ? BindName(alias.Alias, alias.Alias.Text) : BindName(alias, alias.Name);
                    if (symbol is { BindingCount: 1 })
                    {
                        symbol.Type = "module:" + alias.Name;
                    }
                }

                break;
            case ImportFromStatementSyntax i:
                VisitImportFrom(i);
                break;
            case WithStatementSyntax w:
                Unsupported(w, "'with' statements", Construct.Plural);
                break;
            case GlobalStatementSyntax g:
                Unsupported(g, "'global' declarations", Construct.Plural, "Return values from functions instead of assigning globals.");
                break;
            case NonlocalStatementSyntax n:
                Unsupported(n, "'nonlocal' declarations", Construct.Plural, "Return values from functions instead of rebinding enclosing variables.");
                break;
            case DeleteStatementSyntax d:
                Unsupported(d, "'del' statements", Construct.Plural, "Assign a new value instead, or use list.pop / dict.pop.");
                break;
        }
    }

    private void VisitImportFrom(ImportFromStatementSyntax i)
    {
        string module = new string('.', i.Level) + i.Module;
        if (i.Level > 0 || !IsAllowedModule(i.Module))
        {
            Report(ValidationDiagnostics.ImportNotAllowed, i, module, string.Join(", ", _options.AllowedModules));
            return;
        }

        if (i.IsWildcard)
        {
            Unsupported(i, "'from ... import *'", Construct.Singular, $"Import the names you need: from {i.Module} import sqrt, pi.");
            return;
        }

        PyModule? target = Modules.Get(i.Module);
        foreach (ImportAliasSyntax alias in i.Names)
        {
            if (Identifiers.IsReserved(alias.Name))
            {
                Report(ValidationDiagnostics.ReservedName, alias, alias.Name);
                continue;
            }

            if (target is not null && !target.TryGetAttribute(alias.Name, out _))
            {
                Report(ValidationDiagnostics.UnknownAttribute, alias, $"module '{i.Module}'", alias.Name, string.Join(", ", target.AttributeNames));
                continue;
            }

            if (alias.Alias is not null)
            {
                BindName(alias.Alias, alias.Alias.Text);
            }
            else
            {
                BindName(alias, alias.Name);
            }
        }
    }

    private bool IsAllowedModule(string name)
    {
        foreach (string m in _options.AllowedModules)
        {
            if (string.Equals(m, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void VisitFunction(FunctionDefinitionSyntax d)
    {
        foreach (DecoratorSyntax decorator in d.Decorators)
        {
            Unsupported(decorator, "decorators", Construct.Plural, "Remove the decorator and call the function directly.");
        }

        if (d.IsAsync)
        {
            Unsupported(d, "'async def'", Construct.Singular, "Define an ordinary function with 'def'.");
        }

        VisitParameters(d.Parameters);
        if (d.ReturnAnnotation is not null)
        {
            ScanReserved(d.ReturnAnnotation);
        }

        BindName(d.Name, d.Name.Text);
        Scope body = _scopes[d];
        Scope saved = _scope;
        _scope = body;
        MarkParametersAssigned(body);
        VisitStatements(d.Body.Statements);
        _scope = saved;
    }

    private void VisitParameters(IEnumerable<ParameterSyntax> parameters)
    {
        foreach (ParameterSyntax p in parameters)
        {
            switch (p.ParameterKind)
            {
                case ParameterKind.VarPositional:
                    Unsupported(p, "'*args' parameters", Construct.Plural, "Take a list parameter instead.");
                    break;
                case ParameterKind.VarKeyword:
                    Unsupported(p, "'**kwargs' parameters", Construct.Plural, "Take a dict parameter instead.");
                    break;
                case ParameterKind.KeywordOnlyMarker or ParameterKind.PositionalOnlyMarker:
                    Unsupported(p, "the '*' and '/' parameter markers", Construct.Plural, "List plain parameters, optionally with defaults.");
                    break;
            }

            if (p.Annotation is not null)
            {
                ScanReserved(p.Annotation);
            }

            if (p.Default is not null)
            {
                VisitExpression(p.Default);
            }
        }
    }

    private void MarkParametersAssigned(Scope body)
    {
        foreach (string p in body.Parameters)
        {
            if (body.TryGetLocal(p, out Symbol symbol))
            {
                CheckBindingName(((FunctionLikeParameters(body.Node)).First(x => x.Name is not null && Identifiers.Normalize(x.Name.Text) == p)).Name!, p);
                symbol.IsAssigned = true;
            }
        }
    }

    private static IEnumerable<ParameterSyntax> FunctionLikeParameters(SyntaxNode node) => node switch
    {
        FunctionDefinitionSyntax f => f.Parameters,
        LambdaExpressionSyntax l => l.Parameters,
        _ => [],
    };

    /// <summary>Checks a binding site and marks the name assigned from here on.</summary>
    private Symbol? BindName(SyntaxNode site, string rawName)
    {
        string name = Identifiers.Normalize(rawName);
        if (!CheckBindingName(site, name))
        {
            return null;
        }

        if (_scope.TryGetLocal(name, out Symbol symbol))
        {
            symbol.IsAssigned = true;
            return symbol;
        }

        return null;
    }

    private bool CheckBindingName(SyntaxNode site, string name)
    {
        if (Identifiers.IsReserved(name))
        {
            Report(ValidationDiagnostics.ReservedName, site, name);
            return false;
        }

        string? shadowed = _catalogue.TryGetFunction(name, out _) ? "library function"
            : PyBuiltins.TryGet(name, out _) ? "builtin"
            : Identifiers.TryGetExceptionKind(name, out _) ? "exception class"
            : null;
        if (shadowed is not null)
        {
            Report(ValidationDiagnostics.ShadowedName, site, name, shadowed);
        }

        return true;
    }

    private void MarkLoopBindings(BlockSyntax body)
    {
        var names = new List<string>();
        CollectBoundNames(body.Statements, names);
        foreach (string name in names)
        {
            if (_scope.TryGetLocal(name, out Symbol symbol))
            {
                symbol.IsAssigned = true;
            }
        }
    }

    private static void CollectBoundNames(IEnumerable<StatementSyntax> statements, List<string> names)
    {
        foreach (StatementSyntax s in statements)
        {
            switch (s)
            {
                case AssignmentStatementSyntax a:
                    foreach (ExpressionSyntax t in a.Targets)
                    {
                        CollectTargetNames(t, names);
                    }

                    break;
                case AugmentedAssignmentStatementSyntax a:
                    CollectTargetNames(a.Target, names);
                    break;
                case AnnotatedAssignmentStatementSyntax a:
                    CollectTargetNames(a.Target, names);
                    break;
                case ForStatementSyntax f:
                    CollectTargetNames(f.Target, names);
                    CollectBoundNames(f.Body.Statements, names);
                    if (f.Else is not null)
                    {
                        CollectBoundNames(f.Else.Body.Statements, names);
                    }

                    break;
                case WhileStatementSyntax w:
                    CollectBoundNames(w.Body.Statements, names);
                    if (w.Else is not null)
                    {
                        CollectBoundNames(w.Else.Body.Statements, names);
                    }

                    break;
                case IfStatementSyntax i:
                    CollectBoundNames(i.Body.Statements, names);
                    foreach (ElifClauseSyntax e in i.ElifClauses)
                    {
                        CollectBoundNames(e.Body.Statements, names);
                    }

                    if (i.Else is not null)
                    {
                        CollectBoundNames(i.Else.Body.Statements, names);
                    }

                    break;
                case TryStatementSyntax t:
                    CollectBoundNames(t.Body.Statements, names);
                    foreach (ExceptClauseSyntax h in t.Handlers)
                    {
                        if (h.Name is not null)
                        {
                            names.Add(Identifiers.Normalize(h.Name.Text));
                        }

                        CollectBoundNames(h.Body.Statements, names);
                    }

                    if (t.Else is not null)
                    {
                        CollectBoundNames(t.Else.Body.Statements, names);
                    }

                    if (t.Finally is not null)
                    {
                        CollectBoundNames(t.Finally.Body.Statements, names);
                    }

                    break;
                case FunctionDefinitionSyntax d:
                    names.Add(Identifiers.Normalize(d.Name.Text));
                    break;
                case ImportStatementSyntax i:
                    foreach (ImportAliasSyntax alias in i.Names)
                    {
                        names.Add(Identifiers.Normalize(alias.Alias?.Text ?? alias.Name.Split('.')[0]));
                    }

                    break;
                case ImportFromStatementSyntax i:
                    foreach (ImportAliasSyntax alias in i.Names)
                    {
                        names.Add(Identifiers.Normalize(alias.Alias?.Text ?? alias.Name));
                    }

                    break;
            }
        }
    }

    private static void CollectTargetNames(ExpressionSyntax target, List<string> names) =>
        VisitTargetLeaves(target, names, static (leaf, list) =>
        {
            if (leaf is NameExpressionSyntax n)
            {
                list.Add(Identifiers.Normalize(n.Name));
            }
        });

    /// <summary>
    /// Walks an assignment target through tuple, list and starred unpacking and calls <paramref name="leaf"/> on each
    /// part that is assigned to (a name, a subscript, an attribute, or anything else the program wrote there).
    /// </summary>
    private static void VisitTargetLeaves<TState>(ExpressionSyntax target, TState state, Action<ExpressionSyntax, TState> leaf)
    {
        switch (target)
        {
            case TupleExpressionSyntax t:
                foreach (ExpressionSyntax e in t.Elements)
                {
                    VisitTargetLeaves(e, state, leaf);
                }

                break;
            case ListExpressionSyntax l:
                foreach (ExpressionSyntax e in l.Elements)
                {
                    VisitTargetLeaves(e, state, leaf);
                }

                break;
            case StarredExpressionSyntax s:
                VisitTargetLeaves(s.Expression, state, leaf);
                break;
            default:
                leaf(target, state);
                break;
        }
    }

    private void VisitTarget(ExpressionSyntax target)
    {
        switch (target)
        {
            case NameExpressionSyntax n:
                BindName(n, n.Name);
                break;
            case TupleExpressionSyntax t:
                foreach (ExpressionSyntax e in t.Elements)
                {
                    VisitTarget(e);
                }

                break;
            case ListExpressionSyntax l:
                foreach (ExpressionSyntax e in l.Elements)
                {
                    VisitTarget(e);
                }

                break;
            case StarredExpressionSyntax s:
                Unsupported(s, "star unpacking ('*x')", Construct.Singular, "Unpack a fixed number of values, or index the sequence.");
                VisitTarget(s.Expression);
                break;
            case SubscriptExpressionSyntax s:
                VisitExpression(s.Target);
                VisitExpression(s.Index);
                break;
            case AttributeExpressionSyntax a:
                Unsupported(a, "attribute assignment", Construct.Singular, "Store values in a dict (d[\"key\"] = value) or a variable.");
                VisitExpression(a.Target);
                break;
            default:
                VisitExpression(target);
                break;
        }
    }

    /// <summary>Annotations are never evaluated; they are only checked for reserved names.</summary>
    private void ScanReserved(SyntaxNode node)
    {
        foreach (SyntaxNode n in node.DescendantNodesAndSelf())
        {
            string? name = n switch
            {
                NameExpressionSyntax x => Identifiers.Normalize(x.Name),
                IdentifierSyntax x => Identifiers.Normalize(x.Text),
                _ => null,
            };
            if (name is not null && Identifiers.IsReserved(name))
            {
                Report(ValidationDiagnostics.ReservedName, n, name);
            }
        }
    }
}
