using Neptune.Language.Library;
using Neptune.Language.Runtime;
using Neptune.Language.Syntax;
using Neptune.Language.Validation;

namespace Neptune.Language.Execution;

/// <summary>Compiles a validated module once into immutable nodes with names resolved to slots.</summary>
internal sealed class Compiler
{
    private readonly BoundProgram _bound;
    private readonly PrimitiveCatalogue _catalogue;
    private Scope _scope;

    private Compiler(BoundProgram bound, EngineOptions options)
    {
        _bound = bound;
        _catalogue = options.Catalogue;
        _scope = bound.Module;
    }

    public static CompiledProgram Compile(BoundProgram bound, EngineOptions options)
    {
        var compiler = new Compiler(bound, options);
        Block body = compiler.CompileBlock(bound.Root.Statements);
        Scope module = bound.Module;
        return new CompiledProgram
        {
            Shape = bound.Shape,
            GlobalCount = module.Slots.Count,
            GlobalCellSlots = [.. module.Slots.Where(static s => s.IsCaptured).Select(static s => s.Slot)],
            Body = body,
            ExecuteSlot = module.TryGetLocal("execute", out Symbol execute) ? execute.Slot : -1,
            KnownScores = KnownCalls.Scores(bound),
        };
    }

    private T At<T>(T node, SyntaxNode syntax)
        where T : class
    {
        var (line, column) = _bound.Text.GetLineAndColumn(syntax.Span.Start);
        switch (node)
        {
            case Expr e:
                e.Line = line;
                e.Column = column;
                break;
            case Stmt s:
                s.Line = line;
                s.Column = column;
                break;
        }

        return node;
    }

    private Block CompileBlock(IEnumerable<StatementSyntax> statements)
    {
        var list = new List<Stmt>();
        foreach (StatementSyntax s in statements)
        {
            if (s is ExpressionStatementSyntax { Expression: EllipsisLiteralExpressionSyntax })
            {
                list.Add(At(new PassStmt(), s));
                continue;
            }

            list.Add(At(CompileStatement(s), s));
        }

        return new Block([.. list]);
    }

    private Stmt CompileStatement(StatementSyntax statement) => statement switch
    {
        ExpressionStatementSyntax e => new ExprStmt(CompileExpression(e.Expression)),
        AssignmentStatementSyntax a => new AssignStmt([.. a.Targets.Select(CompileTarget)], CompileExpression(a.Value)),
        AugmentedAssignmentStatementSyntax a => new AugAssignStmt(
            a.Target is NameExpressionSyntax ? CompileExpression(a.Target) : new ConstExpr(PyNone.Instance),
            CompileTarget(a.Target),
            MapBinary(a.Operator),
            CompileExpression(a.Value)),
        AnnotatedAssignmentStatementSyntax a => a.Value is null
            ? new PassStmt()
            : new AssignStmt([CompileTarget(a.Target)], CompileExpression(a.Value)),
        IfStatementSyntax i => new IfStmt(
            [CompileExpression(i.Condition), .. i.ElifClauses.Select(e => CompileExpression(e.Condition))],
            [CompileBlock(i.Body.Statements), .. i.ElifClauses.Select(e => CompileBlock(e.Body.Statements))],
            i.Else is null ? null : CompileBlock(i.Else.Body.Statements)),
        WhileStatementSyntax w => new WhileStmt(CompileExpression(w.Condition), CompileBlock(w.Body.Statements), w.Else is null ? null : CompileBlock(w.Else.Body.Statements)),
        ForStatementSyntax f => CompileFor(f),
        BreakStatementSyntax => new BreakStmt(),
        ContinueStatementSyntax => new ContinueStmt(),
        PassStatementSyntax => new PassStmt(),
        ReturnStatementSyntax r => new ReturnStmt(r.Value is null ? null : CompileExpression(r.Value)),
        FunctionDefinitionSyntax d => CompileDef(d),
        AssertStatementSyntax a => new AssertStmt(CompileExpression(a.Test), a.Message is null ? null : CompileExpression(a.Message)),
        RaiseStatementSyntax r => new RaiseStmt(r.Exception is null ? null : CompileExpression(r.Exception), r.Cause is null ? null : CompileExpression(r.Cause)),
        TryStatementSyntax t => new TryStmt(
            CompileBlock(t.Body.Statements),
            [.. t.Handlers.Select(h => new ExceptHandler(
                h.Type is null ? null : CompileExpression(h.Type),
                h.Name is null ? null : NameTarget(h.Name.Text),
                CompileBlock(h.Body.Statements)))],
            t.Else is null ? null : CompileBlock(t.Else.Body.Statements),
            t.Finally is null ? null : CompileBlock(t.Finally.Body.Statements)),
        ImportStatementSyntax i => CompileImport(i),
        ImportFromStatementSyntax i => CompileImportFrom(i),
        _ => throw new InvalidOperationException($"statement {statement.Kind} reached the compiler"),
    };

    private Stmt CompileFor(ForStatementSyntax f)
    {
        Expr iterable = CompileExpression(f.Iterable);
        return new ForStmt(CompileTarget(f.Target), iterable, CompileBlock(f.Body.Statements), f.Else is null ? null : CompileBlock(f.Else.Body.Statements));
    }

    private Stmt CompileImport(ImportStatementSyntax i)
    {
        var statements = new List<Stmt>();
        foreach (ImportAliasSyntax alias in i.Names)
        {
            statements.Add(new ImportStmt(NameTarget(alias.Alias?.Text ?? alias.Name), Modules.Get(alias.Name)!));
        }

        return statements.Count == 1 ? statements[0] : new BlockStmt(new Block([.. statements]));
    }

    private Stmt CompileImportFrom(ImportFromStatementSyntax i)
    {
        PyModule module = Modules.Get(i.Module)!;
        var statements = new List<Stmt>();
        foreach (ImportAliasSyntax alias in i.Names)
        {
            module.TryGetAttribute(alias.Name, out PyObject? value);
            statements.Add(new ImportStmt(NameTarget(alias.Alias?.Text ?? alias.Name), value!));
        }

        return statements.Count == 1 ? statements[0] : new BlockStmt(new Block([.. statements]));
    }

    private Stmt CompileDef(FunctionDefinitionSyntax d)
    {
        Expr?[] defaults = [.. d.Parameters.Where(static p => p.Name is not null).Select(p => p.Default is null ? null : CompileExpression(p.Default))];
        FunctionCode code = CompileFunction(d, Identifiers.Normalize(d.Name.Text), d.Body.Statements, null);
        return new DefStmt(code, defaults, NameTarget(d.Name.Text));
    }

    private FunctionCode CompileFunction(SyntaxNode node, string name, IEnumerable<StatementSyntax>? body, ExpressionSyntax? lambdaBody)
    {
        Scope scope = _bound.Scopes[node];
        Scope parentFrame = _scope.Frame;
        var sources = new int[scope.FreeVariables.Count];
        for (int i = 0; i < sources.Length; i++)
        {
            Symbol free = scope.FreeVariables[i];
            sources[i] = free.Scope.Frame == parentFrame ? free.Slot : ~parentFrame.FreeVariables.IndexOf(free);
        }

        var code = new FunctionCode
        {
            Name = name,
            Parameters = [.. scope.Parameters],
            SlotCount = scope.Slots.Count,
            CellSlots = [.. scope.Slots.Where(static s => s.IsCaptured && s.Scope.Kind != ScopeKind.Comprehension).Select(static s => s.Slot)],
            FreeSources = sources,
            HasCells = scope.Slots.Exists(static s => s.IsCaptured),
        };

        Scope saved = _scope;
        _scope = scope;
        if (lambdaBody is not null)
        {
            code.LambdaBody = CompileExpression(lambdaBody);
        }
        else
        {
            code.Body = CompileBlock(body!);
        }

        _scope = saved;
        return code;
    }

    private Target NameTarget(string rawName)
    {
        string name = Identifiers.Normalize(rawName);
        Symbol symbol = _scope.Resolve(name) ?? throw new InvalidOperationException($"unbound target '{name}'");
        if (symbol.IsGlobal)
        {
            return new GlobalTarget(symbol.Slot);
        }

        return symbol.IsCaptured ? new CellTarget(symbol.Slot) : new LocalTarget(symbol.Slot);
    }

    private Target CompileTarget(ExpressionSyntax target) => target switch
    {
        NameExpressionSyntax n => NameTarget(n.Name),
        TupleExpressionSyntax t => new UnpackTarget([.. t.Elements.Select(CompileTarget)]),
        ListExpressionSyntax l => new UnpackTarget([.. l.Elements.Select(CompileTarget)]),
        SubscriptExpressionSyntax s => new SubscriptTarget(CompileExpression(s.Target), CompileExpression(s.Index)),
        _ => throw new InvalidOperationException($"target {target.Kind} reached the compiler"),
    };

    private Expr CompileExpression(ExpressionSyntax expression) => At(CompileExpressionCore(expression), expression);

    private Expr CompileExpressionCore(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case NameExpressionSyntax n:
                return CompileName(n);
            case IntegerLiteralExpressionSyntax i:
                return new ConstExpr(i.IsOverflow ? PyInt.Literal(IntegerLiterals.Value(i)) : PyInt.From(i.Value));
            case FloatLiteralExpressionSyntax x:
                return new ConstExpr(new PyFloat(x.Value));
            case StringLiteralExpressionSyntax s:
                return new ConstExpr(PyStr.From(s.Value));
            case BooleanLiteralExpressionSyntax b:
                return new ConstExpr(PyBool.From(b.Value));
            case NoneLiteralExpressionSyntax:
                return new ConstExpr(PyNone.Instance);
            case FStringExpressionSyntax f:
                return CompileFString(f);
            case UnaryExpressionSyntax u when Binder.IsMinValueLiteral(u):
                return new ConstExpr(PyInt.From(long.MinValue));
            case UnaryExpressionSyntax u:
                return u.Operator == UnaryOperator.Not
                    ? new NotExpr(CompileExpression(u.Operand))
                    : new UnaryExpr(u.Operator switch
                    {
                        UnaryOperator.Plus => PyUnaryOp.Pos,
                        UnaryOperator.Negate => PyUnaryOp.Neg,
                        _ => PyUnaryOp.Invert,
                    }, CompileExpression(u.Operand));
            case BinaryExpressionSyntax b:
                return new BinaryExpr(MapBinary(b.Operator), CompileExpression(b.Left), CompileExpression(b.Right));
            case BooleanExpressionSyntax b:
                return new BoolExpr(b.Operator == BooleanOperator.And, [.. b.Operands.Select(CompileExpression)]);
            case ComparisonExpressionSyntax c:
                return new CompareExpr(CompileExpression(c.Left), [.. c.Operators.Select(MapCompare)], [.. c.Comparators.Select(CompileExpression)]);
            case ConditionalExpressionSyntax c:
                return new ConditionalExpr(CompileExpression(c.Condition), CompileExpression(c.WhenTrue), CompileExpression(c.WhenFalse));
            case LambdaExpressionSyntax l:
            {
                Expr?[] defaults = [.. l.Parameters.Where(static p => p.Name is not null).Select(p => p.Default is null ? null : CompileExpression(p.Default))];
                return new FunctionExpr(CompileFunction(l, "<lambda>", null, l.Body), defaults);
            }

            case CallExpressionSyntax c:
                return CompileCall(c);
            case AttributeExpressionSyntax a:
                return new AttributeExpr(CompileExpression(a.Target), Identifiers.Normalize(a.Name.Text));
            case SubscriptExpressionSyntax s:
                return new SubscriptExpr(CompileExpression(s.Target), CompileExpression(s.Index));
            case SliceExpressionSyntax s:
                return new SliceExpr(
                    s.Lower is null ? null : CompileExpression(s.Lower),
                    s.Upper is null ? null : CompileExpression(s.Upper),
                    s.Step is null ? null : CompileExpression(s.Step));
            case TupleExpressionSyntax t:
                return new TupleExpr([.. t.Elements.Select(CompileExpression)]);
            case ListExpressionSyntax l:
                return new ListExpr([.. l.Elements.Select(CompileExpression)]);
            case SetExpressionSyntax s:
                return new SetExpr([.. s.Elements.Select(CompileExpression)]);
            case DictExpressionSyntax d:
                return new DictExpr([.. d.Entries.Select(e => CompileExpression(e.Key!))], [.. d.Entries.Select(e => CompileExpression(e.Value))]);
            case ListComprehensionSyntax or SetComprehensionSyntax or DictComprehensionSyntax or GeneratorExpressionSyntax:
                return CompileComprehension(expression);
            default:
                throw new InvalidOperationException($"expression {expression.Kind} reached the compiler");
        }
    }

    private Expr CompileName(NameExpressionSyntax n)
    {
        string name = Identifiers.Normalize(n.Name);
        Symbol? symbol = _scope.Resolve(name);
        if (symbol is null)
        {
            if (_catalogue.TryGetFunction(name, out PrimitiveDescriptor? primitive))
            {
                return new PrimitiveRef(primitive);
            }

            if (PyBuiltins.TryGet(name, out PyCallable? builtin))
            {
                return new ConstExpr(builtin);
            }

            if (Identifiers.TryGetExceptionKind(name, out PyErrorKind kind))
            {
                return new ConstExpr(PyExceptionType.Get(kind));
            }

            throw new InvalidOperationException($"unresolved name '{name}' reached the compiler");
        }

        if (symbol.IsGlobal)
        {
            return new GlobalLoad(symbol.Slot, name);
        }

        if (symbol.Scope.Frame == _scope.Frame)
        {
            return symbol.IsCaptured ? new CellLoad(symbol.Slot, name) : new LocalLoad(symbol.Slot, name);
        }

        return new FreeLoad(_scope.Frame.FreeVariables.IndexOf(symbol), name);
    }

    private Expr CompileCall(CallExpressionSyntax c)
    {
        var positional = new List<Expr>();
        var names = new List<string>();
        var keywords = new List<Expr>();
        foreach (ArgumentSyntax arg in c.Arguments)
        {
            if (arg.Name is null)
            {
                positional.Add(CompileExpression(arg.Value));
            }
            else
            {
                names.Add(Identifiers.Normalize(arg.Name.Text));
                keywords.Add(CompileExpression(arg.Value));
            }
        }

        var arguments = new CallArguments([.. positional], [.. names], [.. keywords]);
        if (c.Function is NameExpressionSyntax n)
        {
            string name = Identifiers.Normalize(n.Name);
            if (_scope.Resolve(name) is null && _catalogue.TryGetFunction(name, out PrimitiveDescriptor? primitive))
            {
                return new PrimitiveCallExpr(primitive, arguments);
            }
        }

        if (c.Function is AttributeExpressionSyntax a)
        {
            return new MethodCallExpr(CompileExpression(a.Target), Identifiers.Normalize(a.Name.Text), arguments);
        }

        return new CallExpr(CompileExpression(c.Function), arguments);
    }

    private Expr CompileComprehension(ExpressionSyntax expression)
    {
        var (elements, clauses) = Binder.Comprehension(expression);
        Scope inner = _bound.Scopes[expression];
        var compiled = new ComprehensionClause[clauses.Length];
        Scope saved = _scope;
        for (int i = 0; i < clauses.Length; i++)
        {
            Expr iterable = CompileExpression(clauses[i].Iterable);
            _scope = inner;
            compiled[i] = new ComprehensionClause(CompileTarget(clauses[i].Target), iterable, [.. clauses[i].Conditions.Select(CompileExpression)]);
        }

        _scope = inner;
        Expr element = CompileExpression(elements[0]);
        Expr? value = elements.Length > 1 ? CompileExpression(elements[1]) : null;
        _scope = saved;
        ComprehensionKind kind = expression switch
        {
            SetComprehensionSyntax => ComprehensionKind.Set,
            DictComprehensionSyntax => ComprehensionKind.Dict,
            GeneratorExpressionSyntax => ComprehensionKind.Generator,
            _ => ComprehensionKind.List,
        };
        int[] cells = [.. inner.Symbols.Where(static s => s.IsCaptured).Select(static s => s.Slot)];
        return new ComprehensionExpr(kind, compiled, element, value, cells);
    }

    private Expr CompileFString(FStringExpressionSyntax f)
    {
        var parts = new List<object>();
        foreach (FStringPartSyntax part in f.Parts)
        {
            switch (part)
            {
                case FStringTextSyntax t:
                    parts.Add(t.Value);
                    break;
                case FormattedValueSyntax v:
                    parts.Add(new FormattedPart(CompileExpression(v.Expression), v.Conversion, v.FormatSpec is null ? null : At(CompileFString(v.FormatSpec), v.FormatSpec)));
                    break;
            }
        }

        return new FStringExpr([.. parts]);
    }

    private static PyBinaryOp MapBinary(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => PyBinaryOp.Add,
        BinaryOperator.Subtract => PyBinaryOp.Sub,
        BinaryOperator.Multiply => PyBinaryOp.Mul,
        BinaryOperator.Divide => PyBinaryOp.TrueDiv,
        BinaryOperator.FloorDivide => PyBinaryOp.FloorDiv,
        BinaryOperator.Modulo => PyBinaryOp.Mod,
        BinaryOperator.Power => PyBinaryOp.Pow,
        BinaryOperator.LeftShift => PyBinaryOp.LShift,
        BinaryOperator.RightShift => PyBinaryOp.RShift,
        BinaryOperator.BitwiseOr => PyBinaryOp.BitOr,
        BinaryOperator.BitwiseXor => PyBinaryOp.BitXor,
        BinaryOperator.BitwiseAnd => PyBinaryOp.BitAnd,
        _ => throw new InvalidOperationException($"operator {op} reached the compiler"),
    };

    private static PyCompareOp MapCompare(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => PyCompareOp.Eq,
        ComparisonOperator.NotEqual => PyCompareOp.Ne,
        ComparisonOperator.Less => PyCompareOp.Lt,
        ComparisonOperator.LessOrEqual => PyCompareOp.Le,
        ComparisonOperator.Greater => PyCompareOp.Gt,
        ComparisonOperator.GreaterOrEqual => PyCompareOp.Ge,
        ComparisonOperator.In => PyCompareOp.In,
        ComparisonOperator.NotIn => PyCompareOp.NotIn,
        ComparisonOperator.Is => PyCompareOp.Is,
        _ => PyCompareOp.IsNot,
    };
}

internal sealed class BlockStmt(Block block) : Stmt
{
    public override Signal Exec(Frame f) => block.Exec(f);
}
