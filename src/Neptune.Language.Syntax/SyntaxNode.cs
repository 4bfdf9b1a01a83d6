using System.Collections.Immutable;

namespace Neptune.Language.Syntax;

/// <summary>
/// The base of every node in a syntax tree. Nodes are immutable; each has a <see cref="Kind"/>, a
/// <see cref="Span"/> in the source and child nodes in source order.
/// </summary>
public abstract class SyntaxNode
{
    private protected SyntaxNode(TextSpan span)
    {
        Span = span;
    }

    /// <summary>The kind of this node; each kind has exactly one node class.</summary>
    public abstract SyntaxKind Kind { get; }

    /// <summary>The source range covered by this node.</summary>
    public TextSpan Span { get; }

    /// <summary>Returns the direct children in source order.</summary>
    /// <returns>The child nodes.</returns>
    public IReadOnlyList<SyntaxNode> ChildNodes()
    {
        var sink = new List<SyntaxNode>();
        CollectChildren(sink);
        return sink;
    }

    /// <summary>Enumerates this node and all its descendants in pre-order (source order), without recursion.</summary>
    /// <returns>The nodes.</returns>
    public IEnumerable<SyntaxNode> DescendantNodesAndSelf()
    {
        var stack = new Stack<SyntaxNode>();
        var children = new List<SyntaxNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            SyntaxNode node = stack.Pop();
            yield return node;
            children.Clear();
            node.CollectChildren(children);
            for (int i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }
    }

    /// <summary>Formats the subtree as a compact S-expression, for diagnostics and tests.</summary>
    /// <returns>The S-expression.</returns>
    public override string ToString() => SyntaxDumper.Dump(this);

    internal virtual void CollectChildren(List<SyntaxNode> sink)
    {
    }

    private protected static void AddIfNotNull(List<SyntaxNode> sink, SyntaxNode? node)
    {
        if (node is not null)
        {
            sink.Add(node);
        }
    }

    private protected static void AddRange<T>(List<SyntaxNode> sink, ImmutableArray<T> nodes)
        where T : SyntaxNode
    {
        foreach (T node in nodes)
        {
            sink.Add(node);
        }
    }
}

/// <summary>The base of statement nodes.</summary>
public abstract class StatementSyntax : SyntaxNode
{
    private protected StatementSyntax(TextSpan span)
        : base(span)
    {
    }
}

/// <summary>The base of expression nodes.</summary>
public abstract class ExpressionSyntax : SyntaxNode
{
    private protected ExpressionSyntax(TextSpan span)
        : base(span)
    {
    }
}

/// <summary>The base of the parts of an f-string: <see cref="FStringTextSyntax"/> and <see cref="FormattedValueSyntax"/>.</summary>
public abstract class FStringPartSyntax : SyntaxNode
{
    private protected FStringPartSyntax(TextSpan span)
        : base(span)
    {
    }
}
