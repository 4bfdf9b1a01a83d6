// Syntax node classes. One sealed class per node kind.
using System.Collections.Immutable;

namespace Neptune.Language.Syntax;

/// <summary>The root of a program: its top-level statements.</summary>
public sealed class ModuleSyntax : SyntaxNode
{
    internal ModuleSyntax(TextSpan span, ImmutableArray<StatementSyntax> statements)
        : base(span)
    {
        Statements = statements;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.Module;

    /// <summary>The top-level statements in source order.</summary>
    public ImmutableArray<StatementSyntax> Statements { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Statements);
    }
}

/// <summary>The body of a compound statement: an indented block or the simple statements after the colon.</summary>
public sealed class BlockSyntax : SyntaxNode
{
    internal BlockSyntax(TextSpan span, ImmutableArray<StatementSyntax> statements)
        : base(span)
    {
        Statements = statements;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.Block;

    /// <summary>The statements in source order.</summary>
    public ImmutableArray<StatementSyntax> Statements { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Statements);
    }
}

/// <summary>A name that is not an expression: a definition, parameter, attribute, keyword-argument, alias or declared name.</summary>
public sealed class IdentifierSyntax : SyntaxNode
{
    internal IdentifierSyntax(TextSpan span, string text)
        : base(span)
    {
        Text = text;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.Identifier;

    /// <summary>The name.</summary>
    public string Text { get; }
}

/// <summary>An expression evaluated for its effect, such as a call.</summary>
public sealed class ExpressionStatementSyntax : StatementSyntax
{
    internal ExpressionStatementSyntax(TextSpan span, ExpressionSyntax expression)
        : base(span)
    {
        Expression = expression;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ExpressionStatement;

    /// <summary>The expression.</summary>
    public ExpressionSyntax Expression { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Expression);
    }
}

/// <summary>An assignment <c>a = b = value</c>.</summary>
public sealed class AssignmentStatementSyntax : StatementSyntax
{
    internal AssignmentStatementSyntax(TextSpan span, ImmutableArray<ExpressionSyntax> targets, ExpressionSyntax value)
        : base(span)
    {
        Targets = targets;
        Value = value;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.AssignmentStatement;

    /// <summary>The targets, left to right; more than one for chained assignment.</summary>
    public ImmutableArray<ExpressionSyntax> Targets { get; }

    /// <summary>The assigned value.</summary>
    public ExpressionSyntax Value { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Targets);
        sink.Add(Value);
    }
}

/// <summary>An augmented assignment such as <c>a += value</c>.</summary>
public sealed class AugmentedAssignmentStatementSyntax : StatementSyntax
{
    internal AugmentedAssignmentStatementSyntax(TextSpan span, ExpressionSyntax target, BinaryOperator @operator, ExpressionSyntax value)
        : base(span)
    {
        Target = target;
        Operator = @operator;
        Value = value;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.AugmentedAssignmentStatement;

    /// <summary>The target: a name, attribute or subscript.</summary>
    public ExpressionSyntax Target { get; }

    /// <summary>The operator applied.</summary>
    public BinaryOperator Operator { get; }

    /// <summary>The right operand.</summary>
    public ExpressionSyntax Value { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Target);
        sink.Add(Value);
    }
}

/// <summary>An annotated assignment <c>x: int = value</c>.</summary>
public sealed class AnnotatedAssignmentStatementSyntax : StatementSyntax
{
    internal AnnotatedAssignmentStatementSyntax(TextSpan span, ExpressionSyntax target, ExpressionSyntax annotation, ExpressionSyntax? value)
        : base(span)
    {
        Target = target;
        Annotation = annotation;
        Value = value;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.AnnotatedAssignmentStatement;

    /// <summary>The target.</summary>
    public ExpressionSyntax Target { get; }

    /// <summary>The annotation expression.</summary>
    public ExpressionSyntax Annotation { get; }

    /// <summary>The assigned value, if any.</summary>
    public ExpressionSyntax? Value { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Target);
        sink.Add(Annotation);
        AddIfNotNull(sink, Value);
    }
}

/// <summary>An <c>if</c> statement with optional <c>elif</c> and <c>else</c> clauses.</summary>
public sealed class IfStatementSyntax : StatementSyntax
{
    internal IfStatementSyntax(TextSpan span, ExpressionSyntax condition, BlockSyntax body, ImmutableArray<ElifClauseSyntax> elifClauses, ElseClauseSyntax? @else)
        : base(span)
    {
        Condition = condition;
        Body = body;
        ElifClauses = elifClauses;
        Else = @else;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.IfStatement;

    /// <summary>The condition.</summary>
    public ExpressionSyntax Condition { get; }

    /// <summary>The body run when the condition holds.</summary>
    public BlockSyntax Body { get; }

    /// <summary>The <c>elif</c> clauses in order.</summary>
    public ImmutableArray<ElifClauseSyntax> ElifClauses { get; }

    /// <summary>The <c>else</c> clause, if any.</summary>
    public ElseClauseSyntax? Else { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Condition);
        sink.Add(Body);
        AddRange(sink, ElifClauses);
        AddIfNotNull(sink, Else);
    }
}

/// <summary>An <c>elif</c> clause.</summary>
public sealed class ElifClauseSyntax : SyntaxNode
{
    internal ElifClauseSyntax(TextSpan span, ExpressionSyntax condition, BlockSyntax body)
        : base(span)
    {
        Condition = condition;
        Body = body;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ElifClause;

    /// <summary>The condition.</summary>
    public ExpressionSyntax Condition { get; }

    /// <summary>The body.</summary>
    public BlockSyntax Body { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Condition);
        sink.Add(Body);
    }
}

/// <summary>An <c>else</c> clause of an <c>if</c>, loop or <c>try</c>.</summary>
public sealed class ElseClauseSyntax : SyntaxNode
{
    internal ElseClauseSyntax(TextSpan span, BlockSyntax body)
        : base(span)
    {
        Body = body;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ElseClause;

    /// <summary>The body.</summary>
    public BlockSyntax Body { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Body);
    }
}

/// <summary>A <c>while</c> loop.</summary>
public sealed class WhileStatementSyntax : StatementSyntax
{
    internal WhileStatementSyntax(TextSpan span, ExpressionSyntax condition, BlockSyntax body, ElseClauseSyntax? @else)
        : base(span)
    {
        Condition = condition;
        Body = body;
        Else = @else;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.WhileStatement;

    /// <summary>The loop condition.</summary>
    public ExpressionSyntax Condition { get; }

    /// <summary>The loop body.</summary>
    public BlockSyntax Body { get; }

    /// <summary>The <c>else</c> clause run when the loop ends without <c>break</c>.</summary>
    public ElseClauseSyntax? Else { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Condition);
        sink.Add(Body);
        AddIfNotNull(sink, Else);
    }
}

/// <summary>A <c>for</c> loop.</summary>
public sealed class ForStatementSyntax : StatementSyntax
{
    internal ForStatementSyntax(TextSpan span, bool isAsync, ExpressionSyntax target, ExpressionSyntax iterable, BlockSyntax body, ElseClauseSyntax? @else)
        : base(span)
    {
        IsAsync = isAsync;
        Target = target;
        Iterable = iterable;
        Body = body;
        Else = @else;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ForStatement;

    /// <summary>Whether written <c>async for</c>.</summary>
    public bool IsAsync { get; }

    /// <summary>The loop target: a name or a (nested) tuple of targets.</summary>
    public ExpressionSyntax Target { get; }

    /// <summary>The iterated expression.</summary>
    public ExpressionSyntax Iterable { get; }

    /// <summary>The loop body.</summary>
    public BlockSyntax Body { get; }

    /// <summary>The <c>else</c> clause run when the loop ends without <c>break</c>.</summary>
    public ElseClauseSyntax? Else { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Target);
        sink.Add(Iterable);
        sink.Add(Body);
        AddIfNotNull(sink, Else);
    }
}

/// <summary><c>break</c>.</summary>
public sealed class BreakStatementSyntax : StatementSyntax
{
    internal BreakStatementSyntax(TextSpan span)
        : base(span)
    {
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.BreakStatement;
}

/// <summary><c>continue</c>.</summary>
public sealed class ContinueStatementSyntax : StatementSyntax
{
    internal ContinueStatementSyntax(TextSpan span)
        : base(span)
    {
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ContinueStatement;
}

/// <summary><c>pass</c>.</summary>
public sealed class PassStatementSyntax : StatementSyntax
{
    internal PassStatementSyntax(TextSpan span)
        : base(span)
    {
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.PassStatement;
}

/// <summary><c>return</c> with an optional value.</summary>
public sealed class ReturnStatementSyntax : StatementSyntax
{
    internal ReturnStatementSyntax(TextSpan span, ExpressionSyntax? value)
        : base(span)
    {
        Value = value;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ReturnStatement;

    /// <summary>The returned value, if any.</summary>
    public ExpressionSyntax? Value { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddIfNotNull(sink, Value);
    }
}

/// <summary>A decorator <c>@expression</c>.</summary>
public sealed class DecoratorSyntax : SyntaxNode
{
    internal DecoratorSyntax(TextSpan span, ExpressionSyntax expression)
        : base(span)
    {
        Expression = expression;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.Decorator;

    /// <summary>The decorator expression.</summary>
    public ExpressionSyntax Expression { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Expression);
    }
}

/// <summary>A <c>def</c> statement.</summary>
public sealed class FunctionDefinitionSyntax : StatementSyntax
{
    internal FunctionDefinitionSyntax(TextSpan span, ImmutableArray<DecoratorSyntax> decorators, bool isAsync, IdentifierSyntax name, ImmutableArray<ParameterSyntax> parameters, ExpressionSyntax? returnAnnotation, BlockSyntax body)
        : base(span)
    {
        Decorators = decorators;
        IsAsync = isAsync;
        Name = name;
        Parameters = parameters;
        ReturnAnnotation = returnAnnotation;
        Body = body;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.FunctionDefinition;

    /// <summary>The decorators, top to bottom.</summary>
    public ImmutableArray<DecoratorSyntax> Decorators { get; }

    /// <summary>Whether written <c>async def</c>.</summary>
    public bool IsAsync { get; }

    /// <summary>The function name.</summary>
    public IdentifierSyntax Name { get; }

    /// <summary>The parameters in order, including <c>*</c> and <c>/</c> markers.</summary>
    public ImmutableArray<ParameterSyntax> Parameters { get; }

    /// <summary>The return annotation after <c>-&gt;</c>, if any.</summary>
    public ExpressionSyntax? ReturnAnnotation { get; }

    /// <summary>The function body.</summary>
    public BlockSyntax Body { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Decorators);
        sink.Add(Name);
        AddRange(sink, Parameters);
        AddIfNotNull(sink, ReturnAnnotation);
        sink.Add(Body);
    }
}

/// <summary>A parameter of a function or lambda.</summary>
public sealed class ParameterSyntax : SyntaxNode
{
    internal ParameterSyntax(TextSpan span, ParameterKind parameterKind, IdentifierSyntax? name, ExpressionSyntax? annotation, ExpressionSyntax? @default)
        : base(span)
    {
        ParameterKind = parameterKind;
        Name = name;
        Annotation = annotation;
        Default = @default;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.Parameter;

    /// <summary>How the parameter binds arguments.</summary>
    public ParameterKind ParameterKind { get; }

    /// <summary>The parameter name; <see langword="null"/> for the <c>*</c> and <c>/</c> markers.</summary>
    public IdentifierSyntax? Name { get; }

    /// <summary>The annotation, if any.</summary>
    public ExpressionSyntax? Annotation { get; }

    /// <summary>The default value, if any.</summary>
    public ExpressionSyntax? Default { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddIfNotNull(sink, Name);
        AddIfNotNull(sink, Annotation);
        AddIfNotNull(sink, Default);
    }
}

/// <summary>A <c>class</c> statement.</summary>
public sealed class ClassDefinitionSyntax : StatementSyntax
{
    internal ClassDefinitionSyntax(TextSpan span, ImmutableArray<DecoratorSyntax> decorators, IdentifierSyntax name, ImmutableArray<ArgumentSyntax> arguments, BlockSyntax body)
        : base(span)
    {
        Decorators = decorators;
        Name = name;
        Arguments = arguments;
        Body = body;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ClassDefinition;

    /// <summary>The decorators, top to bottom.</summary>
    public ImmutableArray<DecoratorSyntax> Decorators { get; }

    /// <summary>The class name.</summary>
    public IdentifierSyntax Name { get; }

    /// <summary>The base classes and keywords in parentheses.</summary>
    public ImmutableArray<ArgumentSyntax> Arguments { get; }

    /// <summary>The class body.</summary>
    public BlockSyntax Body { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Decorators);
        sink.Add(Name);
        AddRange(sink, Arguments);
        sink.Add(Body);
    }
}

/// <summary><c>assert test, message</c>.</summary>
public sealed class AssertStatementSyntax : StatementSyntax
{
    internal AssertStatementSyntax(TextSpan span, ExpressionSyntax test, ExpressionSyntax? message)
        : base(span)
    {
        Test = test;
        Message = message;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.AssertStatement;

    /// <summary>The asserted condition.</summary>
    public ExpressionSyntax Test { get; }

    /// <summary>The message, if any.</summary>
    public ExpressionSyntax? Message { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Test);
        AddIfNotNull(sink, Message);
    }
}

/// <summary><c>raise</c>, <c>raise X</c> or <c>raise X from Y</c>.</summary>
public sealed class RaiseStatementSyntax : StatementSyntax
{
    internal RaiseStatementSyntax(TextSpan span, ExpressionSyntax? exception, ExpressionSyntax? cause)
        : base(span)
    {
        Exception = exception;
        Cause = cause;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.RaiseStatement;

    /// <summary>The raised exception, if any.</summary>
    public ExpressionSyntax? Exception { get; }

    /// <summary>The cause after <c>from</c>, if any.</summary>
    public ExpressionSyntax? Cause { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddIfNotNull(sink, Exception);
        AddIfNotNull(sink, Cause);
    }
}

/// <summary>A <c>try</c> statement.</summary>
public sealed class TryStatementSyntax : StatementSyntax
{
    internal TryStatementSyntax(TextSpan span, BlockSyntax body, ImmutableArray<ExceptClauseSyntax> handlers, ElseClauseSyntax? @else, FinallyClauseSyntax? @finally)
        : base(span)
    {
        Body = body;
        Handlers = handlers;
        Else = @else;
        Finally = @finally;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.TryStatement;

    /// <summary>The guarded body.</summary>
    public BlockSyntax Body { get; }

    /// <summary>The <c>except</c> clauses in order.</summary>
    public ImmutableArray<ExceptClauseSyntax> Handlers { get; }

    /// <summary>The <c>else</c> clause, if any.</summary>
    public ElseClauseSyntax? Else { get; }

    /// <summary>The <c>finally</c> clause, if any.</summary>
    public FinallyClauseSyntax? Finally { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Body);
        AddRange(sink, Handlers);
        AddIfNotNull(sink, Else);
        AddIfNotNull(sink, Finally);
    }
}

/// <summary>An <c>except</c> clause.</summary>
public sealed class ExceptClauseSyntax : SyntaxNode
{
    internal ExceptClauseSyntax(TextSpan span, ExpressionSyntax? type, IdentifierSyntax? name, BlockSyntax body)
        : base(span)
    {
        Type = type;
        Name = name;
        Body = body;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ExceptClause;

    /// <summary>The exception type or tuple of types; <see langword="null"/> for a bare <c>except</c>.</summary>
    public ExpressionSyntax? Type { get; }

    /// <summary>The name after <c>as</c>, if any.</summary>
    public IdentifierSyntax? Name { get; }

    /// <summary>The handler body.</summary>
    public BlockSyntax Body { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddIfNotNull(sink, Type);
        AddIfNotNull(sink, Name);
        sink.Add(Body);
    }
}

/// <summary>A <c>finally</c> clause.</summary>
public sealed class FinallyClauseSyntax : SyntaxNode
{
    internal FinallyClauseSyntax(TextSpan span, BlockSyntax body)
        : base(span)
    {
        Body = body;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.FinallyClause;

    /// <summary>The body.</summary>
    public BlockSyntax Body { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Body);
    }
}

/// <summary><c>import a.b as c, d</c>.</summary>
public sealed class ImportStatementSyntax : StatementSyntax
{
    internal ImportStatementSyntax(TextSpan span, ImmutableArray<ImportAliasSyntax> names)
        : base(span)
    {
        Names = names;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ImportStatement;

    /// <summary>The imported modules.</summary>
    public ImmutableArray<ImportAliasSyntax> Names { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Names);
    }
}

/// <summary><c>from module import a as b, c</c> or <c>from module import *</c>.</summary>
public sealed class ImportFromStatementSyntax : StatementSyntax
{
    internal ImportFromStatementSyntax(TextSpan span, int level, string module, ImmutableArray<ImportAliasSyntax> names, bool isWildcard)
        : base(span)
    {
        Level = level;
        Module = module;
        Names = names;
        IsWildcard = isWildcard;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ImportFromStatement;

    /// <summary>The number of leading dots of a relative import.</summary>
    public int Level { get; }

    /// <summary>The dotted module name; empty for <c>from . import x</c>.</summary>
    public string Module { get; }

    /// <summary>The imported names; empty for a wildcard import.</summary>
    public ImmutableArray<ImportAliasSyntax> Names { get; }

    /// <summary>Whether written <c>import *</c>.</summary>
    public bool IsWildcard { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Names);
    }
}

/// <summary>One imported name with an optional alias.</summary>
public sealed class ImportAliasSyntax : SyntaxNode
{
    internal ImportAliasSyntax(TextSpan span, string name, IdentifierSyntax? alias)
        : base(span)
    {
        Name = name;
        Alias = alias;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ImportAlias;

    /// <summary>The (dotted) imported name.</summary>
    public string Name { get; }

    /// <summary>The name after <c>as</c>, if any.</summary>
    public IdentifierSyntax? Alias { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddIfNotNull(sink, Alias);
    }
}

/// <summary>A <c>with</c> statement.</summary>
public sealed class WithStatementSyntax : StatementSyntax
{
    internal WithStatementSyntax(TextSpan span, bool isAsync, ImmutableArray<WithItemSyntax> items, BlockSyntax body)
        : base(span)
    {
        IsAsync = isAsync;
        Items = items;
        Body = body;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.WithStatement;

    /// <summary>Whether written <c>async with</c>.</summary>
    public bool IsAsync { get; }

    /// <summary>The context managers.</summary>
    public ImmutableArray<WithItemSyntax> Items { get; }

    /// <summary>The body.</summary>
    public BlockSyntax Body { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Items);
        sink.Add(Body);
    }
}

/// <summary>One context manager of a <c>with</c> statement.</summary>
public sealed class WithItemSyntax : SyntaxNode
{
    internal WithItemSyntax(TextSpan span, ExpressionSyntax expression, ExpressionSyntax? target)
        : base(span)
    {
        Expression = expression;
        Target = target;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.WithItem;

    /// <summary>The context manager.</summary>
    public ExpressionSyntax Expression { get; }

    /// <summary>The target after <c>as</c>, if any.</summary>
    public ExpressionSyntax? Target { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Expression);
        AddIfNotNull(sink, Target);
    }
}

/// <summary><c>global a, b</c>.</summary>
public sealed class GlobalStatementSyntax : StatementSyntax
{
    internal GlobalStatementSyntax(TextSpan span, ImmutableArray<IdentifierSyntax> names)
        : base(span)
    {
        Names = names;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.GlobalStatement;

    /// <summary>The declared names.</summary>
    public ImmutableArray<IdentifierSyntax> Names { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Names);
    }
}

/// <summary><c>nonlocal a, b</c>.</summary>
public sealed class NonlocalStatementSyntax : StatementSyntax
{
    internal NonlocalStatementSyntax(TextSpan span, ImmutableArray<IdentifierSyntax> names)
        : base(span)
    {
        Names = names;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.NonlocalStatement;

    /// <summary>The declared names.</summary>
    public ImmutableArray<IdentifierSyntax> Names { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Names);
    }
}

/// <summary><c>del a, b[i]</c>.</summary>
public sealed class DeleteStatementSyntax : StatementSyntax
{
    internal DeleteStatementSyntax(TextSpan span, ImmutableArray<ExpressionSyntax> targets)
        : base(span)
    {
        Targets = targets;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.DeleteStatement;

    /// <summary>The deleted targets.</summary>
    public ImmutableArray<ExpressionSyntax> Targets { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Targets);
    }
}

/// <summary>A name used as a value or as a target.</summary>
public sealed class NameExpressionSyntax : ExpressionSyntax
{
    internal NameExpressionSyntax(TextSpan span, string name)
        : base(span)
    {
        Name = name;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.NameExpression;

    /// <summary>The name.</summary>
    public string Name { get; }
}

/// <summary>An integer literal. Values that do not fit a <see cref="long"/> keep their text and set <see cref="IsOverflow"/>.</summary>
public sealed class IntegerLiteralExpressionSyntax : ExpressionSyntax
{
    internal IntegerLiteralExpressionSyntax(TextSpan span, long value, bool isOverflow, string text, bool isMinValueMagnitude = false)
        : base(span)
    {
        Value = value;
        IsOverflow = isOverflow;
        Text = text;
        IsMinValueMagnitude = isMinValueMagnitude;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.IntegerLiteralExpression;

    /// <summary>The value; 0 when <see cref="IsOverflow"/> is set or the literal is malformed.</summary>
    public long Value { get; }

    /// <summary>Whether the literal exceeds <see cref="long.MaxValue"/>.</summary>
    public bool IsOverflow { get; }

    /// <summary>
    /// Whether the literal is exactly 2**63 (<c>9223372036854775808</c>): it overflows on its own but fits as the
    /// operand of a unary minus, which gives <see cref="long.MinValue"/>. <see cref="IsOverflow"/> is also set.
    /// </summary>
    public bool IsMinValueMagnitude { get; }

    /// <summary>The literal as written.</summary>
    public string Text { get; }
}

/// <summary>A floating-point literal; literals beyond the range of <see cref="double"/> are infinite, as in Python.</summary>
public sealed class FloatLiteralExpressionSyntax : ExpressionSyntax
{
    internal FloatLiteralExpressionSyntax(TextSpan span, double value)
        : base(span)
    {
        Value = value;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.FloatLiteralExpression;

    /// <summary>The value.</summary>
    public double Value { get; }
}

/// <summary>A string literal; adjacent literals are concatenated into one node.</summary>
public sealed class StringLiteralExpressionSyntax : ExpressionSyntax
{
    internal StringLiteralExpressionSyntax(TextSpan span, string value)
        : base(span)
    {
        Value = value;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.StringLiteralExpression;

    /// <summary>The decoded value.</summary>
    public string Value { get; }
}

/// <summary>An f-string, concatenated with any adjacent literals; also the format specification of a replacement field.</summary>
public sealed class FStringExpressionSyntax : ExpressionSyntax
{
    internal FStringExpressionSyntax(TextSpan span, ImmutableArray<FStringPartSyntax> parts)
        : base(span)
    {
        Parts = parts;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.FStringExpression;

    /// <summary>The literal text and replacement fields in order.</summary>
    public ImmutableArray<FStringPartSyntax> Parts { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Parts);
    }
}

/// <summary>Literal text inside an f-string.</summary>
public sealed class FStringTextSyntax : FStringPartSyntax
{
    internal FStringTextSyntax(TextSpan span, string value)
        : base(span)
    {
        Value = value;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.FStringText;

    /// <summary>The decoded text.</summary>
    public string Value { get; }
}

/// <summary>A replacement field <c>{expression!r:spec}</c>.</summary>
public sealed class FormattedValueSyntax : FStringPartSyntax
{
    internal FormattedValueSyntax(TextSpan span, ExpressionSyntax expression, FStringConversion conversion, FStringExpressionSyntax? formatSpec)
        : base(span)
    {
        Expression = expression;
        Conversion = conversion;
        FormatSpec = formatSpec;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.FormattedValue;

    /// <summary>The formatted expression.</summary>
    public ExpressionSyntax Expression { get; }

    /// <summary>The conversion after <c>!</c>.</summary>
    public FStringConversion Conversion { get; }

    /// <summary>The format specification after <c>:</c>, which may hold nested fields.</summary>
    public FStringExpressionSyntax? FormatSpec { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Expression);
        AddIfNotNull(sink, FormatSpec);
    }
}

/// <summary><c>True</c> or <c>False</c>.</summary>
public sealed class BooleanLiteralExpressionSyntax : ExpressionSyntax
{
    internal BooleanLiteralExpressionSyntax(TextSpan span, bool value)
        : base(span)
    {
        Value = value;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.BooleanLiteralExpression;

    /// <summary>The value.</summary>
    public bool Value { get; }
}

/// <summary><c>None</c>.</summary>
public sealed class NoneLiteralExpressionSyntax : ExpressionSyntax
{
    internal NoneLiteralExpressionSyntax(TextSpan span)
        : base(span)
    {
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.NoneLiteralExpression;
}

/// <summary><c>...</c>.</summary>
public sealed class EllipsisLiteralExpressionSyntax : ExpressionSyntax
{
    internal EllipsisLiteralExpressionSyntax(TextSpan span)
        : base(span)
    {
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.EllipsisLiteralExpression;
}

/// <summary>A unary operation: <c>-x</c>, <c>+x</c>, <c>~x</c> or <c>not x</c>.</summary>
public sealed class UnaryExpressionSyntax : ExpressionSyntax
{
    internal UnaryExpressionSyntax(TextSpan span, UnaryOperator @operator, ExpressionSyntax operand)
        : base(span)
    {
        Operator = @operator;
        Operand = operand;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.UnaryExpression;

    /// <summary>The operator.</summary>
    public UnaryOperator Operator { get; }

    /// <summary>The operand.</summary>
    public ExpressionSyntax Operand { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Operand);
    }
}

/// <summary>An arithmetic, bitwise or shift operation.</summary>
public sealed class BinaryExpressionSyntax : ExpressionSyntax
{
    internal BinaryExpressionSyntax(TextSpan span, ExpressionSyntax left, BinaryOperator @operator, ExpressionSyntax right)
        : base(span)
    {
        Left = left;
        Operator = @operator;
        Right = right;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.BinaryExpression;

    /// <summary>The left operand.</summary>
    public ExpressionSyntax Left { get; }

    /// <summary>The operator.</summary>
    public BinaryOperator Operator { get; }

    /// <summary>The right operand.</summary>
    public ExpressionSyntax Right { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Left);
        sink.Add(Right);
    }
}

/// <summary>A short-circuit chain <c>a and b and c</c> or <c>a or b or c</c>.</summary>
public sealed class BooleanExpressionSyntax : ExpressionSyntax
{
    internal BooleanExpressionSyntax(TextSpan span, BooleanOperator @operator, ImmutableArray<ExpressionSyntax> operands)
        : base(span)
    {
        Operator = @operator;
        Operands = operands;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.BooleanExpression;

    /// <summary>The operator shared by the chain.</summary>
    public BooleanOperator Operator { get; }

    /// <summary>The operands, at least two, evaluated left to right.</summary>
    public ImmutableArray<ExpressionSyntax> Operands { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Operands);
    }
}

/// <summary>A possibly chained comparison <c>a &lt; b &lt;= c</c>.</summary>
public sealed class ComparisonExpressionSyntax : ExpressionSyntax
{
    internal ComparisonExpressionSyntax(TextSpan span, ExpressionSyntax left, ImmutableArray<ComparisonOperator> operators, ImmutableArray<ExpressionSyntax> comparators)
        : base(span)
    {
        Left = left;
        Operators = operators;
        Comparators = comparators;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ComparisonExpression;

    /// <summary>The first operand.</summary>
    public ExpressionSyntax Left { get; }

    /// <summary>The operators, one per comparator.</summary>
    public ImmutableArray<ComparisonOperator> Operators { get; }

    /// <summary>The operands after the first.</summary>
    public ImmutableArray<ExpressionSyntax> Comparators { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Left);
        AddRange(sink, Comparators);
    }
}

/// <summary><c>whenTrue if condition else whenFalse</c>.</summary>
public sealed class ConditionalExpressionSyntax : ExpressionSyntax
{
    internal ConditionalExpressionSyntax(TextSpan span, ExpressionSyntax whenTrue, ExpressionSyntax condition, ExpressionSyntax whenFalse)
        : base(span)
    {
        WhenTrue = whenTrue;
        Condition = condition;
        WhenFalse = whenFalse;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ConditionalExpression;

    /// <summary>The value when the condition holds.</summary>
    public ExpressionSyntax WhenTrue { get; }

    /// <summary>The condition.</summary>
    public ExpressionSyntax Condition { get; }

    /// <summary>The value otherwise.</summary>
    public ExpressionSyntax WhenFalse { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(WhenTrue);
        sink.Add(Condition);
        sink.Add(WhenFalse);
    }
}

/// <summary><c>lambda parameters: body</c>.</summary>
public sealed class LambdaExpressionSyntax : ExpressionSyntax
{
    internal LambdaExpressionSyntax(TextSpan span, ImmutableArray<ParameterSyntax> parameters, ExpressionSyntax body)
        : base(span)
    {
        Parameters = parameters;
        Body = body;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.LambdaExpression;

    /// <summary>The parameters.</summary>
    public ImmutableArray<ParameterSyntax> Parameters { get; }

    /// <summary>The body expression.</summary>
    public ExpressionSyntax Body { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Parameters);
        sink.Add(Body);
    }
}

/// <summary>A call <c>f(a, k=v)</c>.</summary>
public sealed class CallExpressionSyntax : ExpressionSyntax
{
    internal CallExpressionSyntax(TextSpan span, ExpressionSyntax function, ImmutableArray<ArgumentSyntax> arguments)
        : base(span)
    {
        Function = function;
        Arguments = arguments;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.CallExpression;

    /// <summary>The called expression.</summary>
    public ExpressionSyntax Function { get; }

    /// <summary>The arguments in order.</summary>
    public ImmutableArray<ArgumentSyntax> Arguments { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Function);
        AddRange(sink, Arguments);
    }
}

/// <summary>One argument of a call or class definition.</summary>
public sealed class ArgumentSyntax : SyntaxNode
{
    internal ArgumentSyntax(TextSpan span, ArgumentKind argumentKind, IdentifierSyntax? name, ExpressionSyntax value)
        : base(span)
    {
        ArgumentKind = argumentKind;
        Name = name;
        Value = value;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.Argument;

    /// <summary>How the argument is passed.</summary>
    public ArgumentKind ArgumentKind { get; }

    /// <summary>The keyword, for keyword arguments.</summary>
    public IdentifierSyntax? Name { get; }

    /// <summary>The argument value.</summary>
    public ExpressionSyntax Value { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddIfNotNull(sink, Name);
        sink.Add(Value);
    }
}

/// <summary>An attribute access <c>a.b</c>.</summary>
public sealed class AttributeExpressionSyntax : ExpressionSyntax
{
    internal AttributeExpressionSyntax(TextSpan span, ExpressionSyntax target, IdentifierSyntax name)
        : base(span)
    {
        Target = target;
        Name = name;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.AttributeExpression;

    /// <summary>The object.</summary>
    public ExpressionSyntax Target { get; }

    /// <summary>The attribute name.</summary>
    public IdentifierSyntax Name { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Target);
        sink.Add(Name);
    }
}

/// <summary>A subscript <c>a[i]</c>; the index may be a slice or a tuple of indices and slices.</summary>
public sealed class SubscriptExpressionSyntax : ExpressionSyntax
{
    internal SubscriptExpressionSyntax(TextSpan span, ExpressionSyntax target, ExpressionSyntax index)
        : base(span)
    {
        Target = target;
        Index = index;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.SubscriptExpression;

    /// <summary>The subscripted object.</summary>
    public ExpressionSyntax Target { get; }

    /// <summary>The index.</summary>
    public ExpressionSyntax Index { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Target);
        sink.Add(Index);
    }
}

/// <summary>A slice <c>lower:upper:step</c> inside a subscript.</summary>
public sealed class SliceExpressionSyntax : ExpressionSyntax
{
    internal SliceExpressionSyntax(TextSpan span, ExpressionSyntax? lower, ExpressionSyntax? upper, ExpressionSyntax? step)
        : base(span)
    {
        Lower = lower;
        Upper = upper;
        Step = step;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.SliceExpression;

    /// <summary>The lower bound, if any.</summary>
    public ExpressionSyntax? Lower { get; }

    /// <summary>The upper bound, if any.</summary>
    public ExpressionSyntax? Upper { get; }

    /// <summary>The step, if any.</summary>
    public ExpressionSyntax? Step { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddIfNotNull(sink, Lower);
        AddIfNotNull(sink, Upper);
        AddIfNotNull(sink, Step);
    }
}

/// <summary>A tuple, parenthesised <c>(a, b)</c> or bare <c>a, b</c>.</summary>
public sealed class TupleExpressionSyntax : ExpressionSyntax
{
    internal TupleExpressionSyntax(TextSpan span, ImmutableArray<ExpressionSyntax> elements, bool isParenthesized)
        : base(span)
    {
        Elements = elements;
        IsParenthesized = isParenthesized;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.TupleExpression;

    /// <summary>The elements.</summary>
    public ImmutableArray<ExpressionSyntax> Elements { get; }

    /// <summary>Whether written in parentheses.</summary>
    public bool IsParenthesized { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Elements);
    }
}

/// <summary>A list display <c>[a, b]</c>.</summary>
public sealed class ListExpressionSyntax : ExpressionSyntax
{
    internal ListExpressionSyntax(TextSpan span, ImmutableArray<ExpressionSyntax> elements)
        : base(span)
    {
        Elements = elements;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ListExpression;

    /// <summary>The elements.</summary>
    public ImmutableArray<ExpressionSyntax> Elements { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Elements);
    }
}

/// <summary>A set display <c>{a, b}</c>.</summary>
public sealed class SetExpressionSyntax : ExpressionSyntax
{
    internal SetExpressionSyntax(TextSpan span, ImmutableArray<ExpressionSyntax> elements)
        : base(span)
    {
        Elements = elements;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.SetExpression;

    /// <summary>The elements.</summary>
    public ImmutableArray<ExpressionSyntax> Elements { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Elements);
    }
}

/// <summary>A dict display <c>{k: v}</c>; <c>{}</c> is an empty dict.</summary>
public sealed class DictExpressionSyntax : ExpressionSyntax
{
    internal DictExpressionSyntax(TextSpan span, ImmutableArray<DictEntrySyntax> entries)
        : base(span)
    {
        Entries = entries;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.DictExpression;

    /// <summary>The entries.</summary>
    public ImmutableArray<DictEntrySyntax> Entries { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddRange(sink, Entries);
    }
}

/// <summary>One entry of a dict display: <c>key: value</c>, or <c>**mapping</c> when <see cref="Key"/> is null.</summary>
public sealed class DictEntrySyntax : SyntaxNode
{
    internal DictEntrySyntax(TextSpan span, ExpressionSyntax? key, ExpressionSyntax value)
        : base(span)
    {
        Key = key;
        Value = value;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.DictEntry;

    /// <summary>The key; <see langword="null"/> for <c>**mapping</c>.</summary>
    public ExpressionSyntax? Key { get; }

    /// <summary>The value or unpacked mapping.</summary>
    public ExpressionSyntax Value { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddIfNotNull(sink, Key);
        sink.Add(Value);
    }
}

/// <summary><c>*x</c> in a display, call argument list or target.</summary>
public sealed class StarredExpressionSyntax : ExpressionSyntax
{
    internal StarredExpressionSyntax(TextSpan span, ExpressionSyntax expression)
        : base(span)
    {
        Expression = expression;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.StarredExpression;

    /// <summary>The starred expression.</summary>
    public ExpressionSyntax Expression { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Expression);
    }
}

/// <summary><c>[element for ... in ... if ...]</c>.</summary>
public sealed class ListComprehensionSyntax : ExpressionSyntax
{
    internal ListComprehensionSyntax(TextSpan span, ExpressionSyntax element, ImmutableArray<ComprehensionClauseSyntax> clauses)
        : base(span)
    {
        Element = element;
        Clauses = clauses;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ListComprehension;

    /// <summary>The produced element.</summary>
    public ExpressionSyntax Element { get; }

    /// <summary>The <c>for</c> clauses, outermost first.</summary>
    public ImmutableArray<ComprehensionClauseSyntax> Clauses { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Element);
        AddRange(sink, Clauses);
    }
}

/// <summary><c>{element for ... in ...}</c>.</summary>
public sealed class SetComprehensionSyntax : ExpressionSyntax
{
    internal SetComprehensionSyntax(TextSpan span, ExpressionSyntax element, ImmutableArray<ComprehensionClauseSyntax> clauses)
        : base(span)
    {
        Element = element;
        Clauses = clauses;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.SetComprehension;

    /// <summary>The produced element.</summary>
    public ExpressionSyntax Element { get; }

    /// <summary>The <c>for</c> clauses, outermost first.</summary>
    public ImmutableArray<ComprehensionClauseSyntax> Clauses { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Element);
        AddRange(sink, Clauses);
    }
}

/// <summary><c>{key: value for ... in ...}</c>.</summary>
public sealed class DictComprehensionSyntax : ExpressionSyntax
{
    internal DictComprehensionSyntax(TextSpan span, ExpressionSyntax key, ExpressionSyntax value, ImmutableArray<ComprehensionClauseSyntax> clauses)
        : base(span)
    {
        Key = key;
        Value = value;
        Clauses = clauses;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.DictComprehension;

    /// <summary>The produced key.</summary>
    public ExpressionSyntax Key { get; }

    /// <summary>The produced value.</summary>
    public ExpressionSyntax Value { get; }

    /// <summary>The <c>for</c> clauses, outermost first.</summary>
    public ImmutableArray<ComprehensionClauseSyntax> Clauses { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Key);
        sink.Add(Value);
        AddRange(sink, Clauses);
    }
}

/// <summary><c>(element for ... in ...)</c>, also as the sole argument of a call.</summary>
public sealed class GeneratorExpressionSyntax : ExpressionSyntax
{
    internal GeneratorExpressionSyntax(TextSpan span, ExpressionSyntax element, ImmutableArray<ComprehensionClauseSyntax> clauses)
        : base(span)
    {
        Element = element;
        Clauses = clauses;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.GeneratorExpression;

    /// <summary>The produced element.</summary>
    public ExpressionSyntax Element { get; }

    /// <summary>The <c>for</c> clauses, outermost first.</summary>
    public ImmutableArray<ComprehensionClauseSyntax> Clauses { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Element);
        AddRange(sink, Clauses);
    }
}

/// <summary>One <c>for target in iterable if condition ...</c> clause of a comprehension.</summary>
public sealed class ComprehensionClauseSyntax : SyntaxNode
{
    internal ComprehensionClauseSyntax(TextSpan span, bool isAsync, ExpressionSyntax target, ExpressionSyntax iterable, ImmutableArray<ExpressionSyntax> conditions)
        : base(span)
    {
        IsAsync = isAsync;
        Target = target;
        Iterable = iterable;
        Conditions = conditions;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ComprehensionClause;

    /// <summary>Whether written <c>async for</c>.</summary>
    public bool IsAsync { get; }

    /// <summary>The loop target.</summary>
    public ExpressionSyntax Target { get; }

    /// <summary>The iterated expression.</summary>
    public ExpressionSyntax Iterable { get; }

    /// <summary>The <c>if</c> filters in order.</summary>
    public ImmutableArray<ExpressionSyntax> Conditions { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Target);
        sink.Add(Iterable);
        AddRange(sink, Conditions);
    }
}

/// <summary>An assignment expression <c>name := value</c>.</summary>
public sealed class NamedExpressionSyntax : ExpressionSyntax
{
    internal NamedExpressionSyntax(TextSpan span, NameExpressionSyntax target, ExpressionSyntax value)
        : base(span)
    {
        Target = target;
        Value = value;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.NamedExpression;

    /// <summary>The assigned name.</summary>
    public NameExpressionSyntax Target { get; }

    /// <summary>The value.</summary>
    public ExpressionSyntax Value { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Target);
        sink.Add(Value);
    }
}

/// <summary><c>await x</c>.</summary>
public sealed class AwaitExpressionSyntax : ExpressionSyntax
{
    internal AwaitExpressionSyntax(TextSpan span, ExpressionSyntax expression)
        : base(span)
    {
        Expression = expression;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.AwaitExpression;

    /// <summary>The awaited expression.</summary>
    public ExpressionSyntax Expression { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Expression);
    }
}

/// <summary><c>yield</c> with an optional value.</summary>
public sealed class YieldExpressionSyntax : ExpressionSyntax
{
    internal YieldExpressionSyntax(TextSpan span, ExpressionSyntax? value)
        : base(span)
    {
        Value = value;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.YieldExpression;

    /// <summary>The yielded value, if any.</summary>
    public ExpressionSyntax? Value { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        AddIfNotNull(sink, Value);
    }
}

/// <summary><c>yield from x</c>.</summary>
public sealed class YieldFromExpressionSyntax : ExpressionSyntax
{
    internal YieldFromExpressionSyntax(TextSpan span, ExpressionSyntax expression)
        : base(span)
    {
        Expression = expression;
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.YieldFromExpression;

    /// <summary>The delegated iterable.</summary>
    public ExpressionSyntax Expression { get; }

    internal override void CollectChildren(List<SyntaxNode> sink)
    {
        sink.Add(Expression);
    }
}

/// <summary>A zero-width placeholder for an expression the parser expected but did not find; a diagnostic is always reported with it.</summary>
public sealed class MissingExpressionSyntax : ExpressionSyntax
{
    internal MissingExpressionSyntax(TextSpan span)
        : base(span)
    {
    }

    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.MissingExpression;
}
