using Neptune.Language.Syntax;

namespace Neptune.Language.Validation;

/// <summary>The kinds of scopes: Python's module, function and comprehension scopes.</summary>
internal enum ScopeKind
{
    Module,
    Function,
    Comprehension,
}

/// <summary>A variable bound in a scope, and where it lives at run time.</summary>
internal sealed class Symbol(string name, Scope scope)
{
    public string Name { get; } = name;

    public Scope Scope { get; } = scope;

    /// <summary>Number of binding sites (assignments, loop targets, defs, imports, parameters).</summary>
    public int BindingCount { get; set; }

    public bool IsParameter { get; set; }

    /// <summary>Read by a nested function: stored in a cell.</summary>
    public bool IsCaptured { get; set; }

    /// <summary>The slot in its frame (globals for module symbols).</summary>
    public int Slot { get; set; } = -1;

    /// <summary>The statically known type when bound exactly once from a typed expression.</summary>
    public string? Type { get; set; }

    /// <summary>The definition when bound exactly once by <c>def</c>.</summary>
    public FunctionDefinitionSyntax? Definition { get; set; }

    /// <summary>
    /// Set by the binder once it has visited a binding of this symbol (or reported its use before assignment): a flag
    /// on the symbol rather than a set of symbols, because hashing an object by identity is slow on first use.
    /// </summary>
    public bool IsAssigned { get; set; }

    public bool IsGlobal => Scope.Kind == ScopeKind.Module;
}

/// <summary>One scope. Comprehension scopes have their own names but share the frame of the enclosing function.</summary>
internal sealed class Scope
{
    private readonly Dictionary<string, Symbol> _symbols = new(StringComparer.Ordinal);

    public Scope(ScopeKind kind, Scope? parent, SyntaxNode node)
    {
        Kind = kind;
        Parent = parent;
        Node = node;
        Frame = kind == ScopeKind.Comprehension ? parent!.Frame : this;
    }

    public ScopeKind Kind { get; }

    public Scope? Parent { get; }

    public SyntaxNode Node { get; }

    /// <summary>The scope owning the run-time frame: itself, or the enclosing function or module for comprehensions.</summary>
    public Scope Frame { get; }

    public IEnumerable<Symbol> Symbols => _symbols.Values;

    /// <summary>Parameter names in order (function scopes).</summary>
    public List<string> Parameters { get; } = [];

    /// <summary>Every symbol stored in this frame, by slot (frame scopes).</summary>
    public List<Symbol> Slots { get; } = [];

    /// <summary>Variables of enclosing functions this frame reads, by index (frame scopes).</summary>
    public List<Symbol> FreeVariables { get; } = [];

    /// <summary>Child scopes in source order.</summary>
    public List<Scope> Children { get; } = [];

    public Symbol Bind(string name)
    {
        if (!_symbols.TryGetValue(name, out Symbol? symbol))
        {
            symbol = new Symbol(name, this);
            _symbols.Add(name, symbol);
        }

        symbol.BindingCount++;
        return symbol;
    }

    public bool TryGetLocal(string name, out Symbol symbol) => _symbols.TryGetValue(name, out symbol!);

    /// <summary>Python's lookup: this scope, then enclosing function and comprehension scopes, then the module.</summary>
    public Symbol? Resolve(string name)
    {
        for (Scope? s = this; s is not null; s = s.Parent)
        {
            if (s._symbols.TryGetValue(name, out Symbol? symbol))
            {
                return symbol;
            }
        }

        return null;
    }

    public int IndexOfFree(Symbol symbol)
    {
        int index = FreeVariables.IndexOf(symbol);
        if (index < 0)
        {
            FreeVariables.Add(symbol);
            index = FreeVariables.Count - 1;
        }

        return index;
    }
}
