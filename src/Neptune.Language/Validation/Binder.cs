using System.Globalization;
using Neptune.Language.Library;
using Neptune.Language.Runtime;
using Neptune.Language.Syntax;

namespace Neptune.Language.Validation;

/// <summary>
/// The validator: resolves every name with Python's scope rules and checks the program against the sandbox rules
/// and the primitive catalogue. Never rewrites the tree. Pass one declares the bindings of every scope; pass two walks
/// in evaluation order, resolving names, marking captured variables and reporting NPT2xxx diagnostics.
/// </summary>
internal sealed partial class Binder
{
    private readonly SourceText _text;
    private readonly EngineOptions _options;
    private readonly PrimitiveCatalogue _catalogue;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Dictionary<SyntaxNode, Scope> _scopes = new(ReferenceEqualityComparer.Instance);
    private readonly List<SyntaxNode> _children = [];
    private Scope _scope = null!;

    public Binder(SourceText text, EngineOptions options)
    {
        _text = text;
        _options = options;
        _catalogue = options.Catalogue;
    }

    public BoundProgram Bind(ModuleSyntax root)
    {
        var module = new Scope(ScopeKind.Module, null, root);
        _scopes[root] = module;
        foreach (StatementSyntax s in root.Statements)
        {
            DeclareStatement(s, module);
        }

        ProgramShape shape = DetermineShape(root, module);
        _scope = module;
        VisitStatements(root.Statements);
        AllocateSlots(module);
        return new BoundProgram(_text, root, module, _scopes, _diagnostics, shape);
    }

    // ---------------------------------------------------------------- diagnostics

    private void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params object?[] args) =>
        Report(descriptor, node.Span, args);

    private void Report(DiagnosticDescriptor descriptor, TextSpan span, params object?[] args)
    {
        if (_diagnostics.Count >= _options.Syntax.MaxDiagnostics)
        {
            return;
        }

        string hint = descriptor.DefaultHint.Contains('{', StringComparison.Ordinal)
            ? string.Format(CultureInfo.InvariantCulture, descriptor.DefaultHint, args)
            : descriptor.DefaultHint;
        _diagnostics.Add(descriptor.Create(_text, span, hint, args));
    }

    /// <summary>Whether the name of an unsupported construct is singular ("the '@' operator") or plural ("decorators").</summary>
    private enum Construct
    {
        Singular,
        Plural,
    }

    private void Unsupported(SyntaxNode node, string what, Construct number, string? hint = null)
    {
        if (_diagnostics.Count < _options.Syntax.MaxDiagnostics)
        {
            _diagnostics.Add(ValidationDiagnostics.UnsupportedConstruct.Create(_text, node.Span, hint, what, number == Construct.Plural ? "are" : "is"));
        }
    }

    // ---------------------------------------------------------------- shape

    private ProgramShape DetermineShape(ModuleSyntax root, Scope module)
    {
        if (ContainsModuleReturn(root.Statements))
        {
            return ProgramShape.Body;
        }

        if (module.TryGetLocal("execute", out Symbol execute) && execute.Definition is { } def)
        {
            foreach (ParameterSyntax p in def.Parameters)
            {
                if (p.ParameterKind == ParameterKind.Normal && p.Default is null)
                {
                    Report(ValidationDiagnostics.ExecuteHasParameters, def.Name);
                    break;
                }
            }

            return ProgramShape.ExecuteFunction;
        }

        if (EndsWithResultAssignment(root.Statements))
        {
            CheckOperatorProgram(root.Statements);
            return ProgramShape.ResultAssignment;
        }

        Report(ValidationDiagnostics.MissingResult, new TextSpan(0, 0));
        return ProgramShape.Body;
    }

    /// <summary>Whether the last top-level statement is <c>NAME = F(...)</c> for a library function that ends the run (<c>RESULT</c>).</summary>
    private bool EndsWithResultAssignment(IReadOnlyList<StatementSyntax> statements) =>
        statements.Count > 0
        && statements[^1] is AssignmentStatementSyntax { Value: CallExpressionSyntax { Function: NameExpressionSyntax n } }
        && _catalogue.TryGetFunction(Identifiers.Normalize(n.Name), out PrimitiveDescriptor? f)
        && f.EndsRun;

    /// <summary>
    /// The rules of operator programs (VIRO's A.2) beyond the general ones: each top-level variable is defined once,
    /// and the run-ending call (<c>RESULT</c>) appears only in the last line.
    /// </summary>
    private void CheckOperatorProgram(IReadOnlyList<StatementSyntax> statements)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < statements.Count; i++)
        {
            if (statements[i] is AssignmentStatementSyntax assignment)
            {
                foreach (ExpressionSyntax target in assignment.Targets)
                {
                    if (target is NameExpressionSyntax name && !defined.Add(Identifiers.Normalize(name.Name)))
                    {
                        Report(ValidationDiagnostics.Redefined, name, name.Name);
                    }
                }
            }

            if (i == statements.Count - 1)
            {
                break;
            }

            foreach (SyntaxNode node in statements[i].DescendantNodesAndSelf())
            {
                if (node is CallExpressionSyntax { Function: NameExpressionSyntax callee }
                    && _catalogue.TryGetFunction(Identifiers.Normalize(callee.Name), out PrimitiveDescriptor? f) && f.EndsRun)
                {
                    Report(ValidationDiagnostics.ResultNotLast, callee, callee.Name);
                }
            }
        }
    }

    private static bool ContainsModuleReturn(IEnumerable<StatementSyntax> statements)
    {
        foreach (StatementSyntax s in statements)
        {
            bool found = s switch
            {
                ReturnStatementSyntax => true,
                IfStatementSyntax i => ContainsModuleReturn(i.Body.Statements)
                    || i.ElifClauses.Any(static e => ContainsModuleReturn(e.Body.Statements))
                    || (i.Else is not null && ContainsModuleReturn(i.Else.Body.Statements)),
                WhileStatementSyntax w => ContainsModuleReturn(w.Body.Statements) || (w.Else is not null && ContainsModuleReturn(w.Else.Body.Statements)),
                ForStatementSyntax f => ContainsModuleReturn(f.Body.Statements) || (f.Else is not null && ContainsModuleReturn(f.Else.Body.Statements)),
                TryStatementSyntax t => ContainsModuleReturn(t.Body.Statements)
                    || t.Handlers.Any(static h => ContainsModuleReturn(h.Body.Statements))
                    || (t.Else is not null && ContainsModuleReturn(t.Else.Body.Statements))
                    || (t.Finally is not null && ContainsModuleReturn(t.Finally.Body.Statements)),
                _ => false,
            };
            if (found)
            {
                return true;
            }
        }

        return false;
    }

    // ---------------------------------------------------------------- pass one: declarations

    private void DeclareStatement(StatementSyntax statement, Scope scope)
    {
        switch (statement)
        {
            case AssignmentStatementSyntax a:
                foreach (ExpressionSyntax t in a.Targets)
                {
                    DeclareTarget(t, scope);
                }

                DeclareExpression(a.Value, scope);
                break;
            case AugmentedAssignmentStatementSyntax a:
                DeclareTarget(a.Target, scope);
                DeclareExpression(a.Value, scope);
                break;
            case AnnotatedAssignmentStatementSyntax a:
                DeclareTarget(a.Target, scope);
                if (a.Value is not null)
                {
                    DeclareExpression(a.Value, scope);
                }

                break;
            case ForStatementSyntax f:
                DeclareTarget(f.Target, scope);
                DeclareExpression(f.Iterable, scope);
                DeclareBlock(f.Body, scope);
                if (f.Else is not null)
                {
                    DeclareBlock(f.Else.Body, scope);
                }

                break;
            case FunctionDefinitionSyntax d:
                foreach (ParameterSyntax p in d.Parameters)
                {
                    if (p.Default is not null)
                    {
                        DeclareExpression(p.Default, scope);
                    }
                }

                Symbol fn = scope.Bind(Identifiers.Normalize(d.Name.Text));
                fn.Definition = fn.BindingCount == 1 ? d : null;
                var body = new Scope(ScopeKind.Function, scope, d);
                scope.Children.Add(body);
                _scopes[d] = body;
                DeclareParameters(d.Parameters, body);
                DeclareBlock(d.Body, body);
                break;
            case TryStatementSyntax t:
                DeclareBlock(t.Body, scope);
                foreach (ExceptClauseSyntax h in t.Handlers)
                {
                    if (h.Type is not null)
                    {
                        DeclareExpression(h.Type, scope);
                    }

                    if (h.Name is not null)
                    {
                        scope.Bind(Identifiers.Normalize(h.Name.Text));
                    }

                    DeclareBlock(h.Body, scope);
                }

                if (t.Else is not null)
                {
                    DeclareBlock(t.Else.Body, scope);
                }

                if (t.Finally is not null)
                {
                    DeclareBlock(t.Finally.Body, scope);
                }

                break;
            case ImportStatementSyntax i:
                foreach (ImportAliasSyntax alias in i.Names)
                {
                    string bound = alias.Alias?.Text ?? alias.Name.Split('.')[0];
                    scope.Bind(Identifiers.Normalize(bound));
                }

                break;
            case ImportFromStatementSyntax i when !i.IsWildcard:
                foreach (ImportAliasSyntax alias in i.Names)
                {
                    scope.Bind(Identifiers.Normalize(alias.Alias?.Text ?? alias.Name));
                }

                break;
            case ClassDefinitionSyntax or WithStatementSyntax or GlobalStatementSyntax or NonlocalStatementSyntax or DeleteStatementSyntax or ImportFromStatementSyntax:
                break;
            default:
                _children.Clear();
                statement.CollectChildren(_children);
                foreach (SyntaxNode child in _children.ToArray())
                {
                    switch (child)
                    {
                        case BlockSyntax b:
                            DeclareBlock(b, scope);
                            break;
                        case ElifClauseSyntax e:
                            DeclareExpression(e.Condition, scope);
                            DeclareBlock(e.Body, scope);
                            break;
                        case ElseClauseSyntax e:
                            DeclareBlock(e.Body, scope);
                            break;
                        case ExpressionSyntax e:
                            DeclareExpression(e, scope);
                            break;
                    }
                }

                break;
        }
    }

    private void DeclareBlock(BlockSyntax block, Scope scope)
    {
        foreach (StatementSyntax s in block.Statements)
        {
            DeclareStatement(s, scope);
        }
    }

    private static void DeclareParameters(IEnumerable<ParameterSyntax> parameters, Scope scope)
    {
        foreach (ParameterSyntax p in parameters)
        {
            if (p.Name is null)
            {
                continue;
            }

            string name = Identifiers.Normalize(p.Name.Text);
            Symbol symbol = scope.Bind(name);
            symbol.IsParameter = true;
            scope.Parameters.Add(name);
        }
    }

    private void DeclareTarget(ExpressionSyntax target, Scope scope) =>
        VisitTargetLeaves(target, (Binder: this, Scope: scope), static (leaf, s) =>
        {
            if (leaf is NameExpressionSyntax n)
            {
                s.Scope.Bind(Identifiers.Normalize(n.Name));
            }
            else
            {
                s.Binder.DeclareExpression(leaf, s.Scope);
            }
        });

    private void DeclareExpression(ExpressionSyntax expression, Scope scope)
    {
        switch (expression)
        {
            case LambdaExpressionSyntax l:
            {
                foreach (ParameterSyntax p in l.Parameters)
                {
                    if (p.Default is not null)
                    {
                        DeclareExpression(p.Default, scope);
                    }
                }

                var body = new Scope(ScopeKind.Function, scope, l);
                scope.Children.Add(body);
                _scopes[l] = body;
                DeclareParameters(l.Parameters, body);
                DeclareExpression(l.Body, body);
                return;
            }

            case ListComprehensionSyntax or SetComprehensionSyntax or DictComprehensionSyntax or GeneratorExpressionSyntax:
            {
                var (elements, clauses) = Comprehension(expression);
                var inner = new Scope(ScopeKind.Comprehension, scope, expression);
                scope.Children.Add(inner);
                _scopes[expression] = inner;
                for (int i = 0; i < clauses.Length; i++)
                {
                    DeclareExpression(clauses[i].Iterable, i == 0 ? scope : inner);
                    DeclareTarget(clauses[i].Target, inner);
                    foreach (ExpressionSyntax c in clauses[i].Conditions)
                    {
                        DeclareExpression(c, inner);
                    }
                }

                foreach (ExpressionSyntax e in elements)
                {
                    DeclareExpression(e, inner);
                }

                return;
            }
        }

        var children = new List<SyntaxNode>();
        expression.CollectChildren(children);
        foreach (SyntaxNode child in children)
        {
            DeclareNode(child, scope);
        }
    }

    private void DeclareNode(SyntaxNode node, Scope scope)
    {
        if (node is ExpressionSyntax e)
        {
            DeclareExpression(e, scope);
            return;
        }

        var children = new List<SyntaxNode>();
        node.CollectChildren(children);
        foreach (SyntaxNode child in children)
        {
            DeclareNode(child, scope);
        }
    }

    internal static (ExpressionSyntax[] Elements, ComprehensionClauseSyntax[] Clauses) Comprehension(ExpressionSyntax expression) => expression switch
    {
        ListComprehensionSyntax c => ([c.Element], [.. c.Clauses]),
        SetComprehensionSyntax c => ([c.Element], [.. c.Clauses]),
        GeneratorExpressionSyntax c => ([c.Element], [.. c.Clauses]),
        DictComprehensionSyntax c => ([c.Key, c.Value], [.. c.Clauses]),
        _ => throw new ArgumentException("not a comprehension", nameof(expression)),
    };

    // ---------------------------------------------------------------- slots

    private static void AllocateSlots(Scope scope)
    {
        if (scope.Kind != ScopeKind.Comprehension)
        {
            // Parameters first, in order, so a call binds arguments straight into slots 0..n-1.
            foreach (string p in scope.Parameters)
            {
                scope.TryGetLocal(p, out Symbol symbol);
                if (symbol.Slot < 0)
                {
                    symbol.Slot = scope.Slots.Count;
                    scope.Slots.Add(symbol);
                }
            }
        }

        foreach (Symbol symbol in scope.Symbols)
        {
            if (symbol.Slot < 0)
            {
                symbol.Slot = scope.Frame.Slots.Count;
                scope.Frame.Slots.Add(symbol);
            }
        }

        foreach (Scope child in scope.Children)
        {
            AllocateSlots(child);
        }
    }
}
