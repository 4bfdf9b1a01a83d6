using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Neptune.Language.Library;

/// <summary>A read-only attribute of a host type (<c>iota.object</c>).</summary>
/// <param name="Owner">The host type.</param>
/// <param name="Name">The attribute name.</param>
/// <param name="Kind">The kind of its value.</param>
/// <param name="Summary">One line describing it.</param>
public sealed record AttributeDescriptor(string Owner, string Name, ValueKind Kind, string Summary);

/// <summary>A host type programs see (<c>Tensor</c>, <c>Iota</c>, <c>CountDistribution</c>).</summary>
/// <param name="Name">The type name.</param>
/// <param name="Summary">What values of the type are.</param>
/// <param name="Operators">The Python operators the type supports, described in one line each.</param>
public sealed record HostTypeDescriptor(string Name, string Summary, IReadOnlyList<string> Operators);

/// <summary>
/// The single description of every library primitive a program can use: global functions, host types, their
/// methods and attributes. The validator checks programs against it, the interpreter binds calls through it, and the
/// language reference and the LLM prompt are generated from it.
/// </summary>
public sealed class PrimitiveCatalogue
{
    private readonly FrozenDictionary<string, PrimitiveDescriptor> _functions;
    private readonly FrozenDictionary<string, PrimitiveDescriptor> _methods;
    private readonly FrozenDictionary<string, AttributeDescriptor> _attributes;
    private readonly FrozenSet<string> _methodNames;
    private readonly FrozenSet<string> _attributeNames;

    /// <summary>Builds a catalogue.</summary>
    /// <param name="types">The host types.</param>
    /// <param name="primitives">Functions and methods.</param>
    /// <param name="attributes">Attributes of host types.</param>
    /// <exception cref="ArgumentException">A name is declared twice or a method names an unknown type.</exception>
    public PrimitiveCatalogue(IReadOnlyList<HostTypeDescriptor> types, IReadOnlyList<PrimitiveDescriptor> primitives, IReadOnlyList<AttributeDescriptor> attributes)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(primitives);
        ArgumentNullException.ThrowIfNull(attributes);
        var typeNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (HostTypeDescriptor t in types)
        {
            if (!typeNames.Add(t.Name))
            {
                throw new ArgumentException($"Host type '{t.Name}' is declared twice.", nameof(types));
            }
        }

        var functions = new Dictionary<string, PrimitiveDescriptor>(StringComparer.Ordinal);
        var methods = new Dictionary<string, PrimitiveDescriptor>(StringComparer.Ordinal);
        foreach (PrimitiveDescriptor p in primitives)
        {
            if (p.Owner is not null && !typeNames.Contains(p.Owner))
            {
                throw new ArgumentException($"Method '{p.QualifiedName}' belongs to an undeclared type.", nameof(primitives));
            }

            if (!(p.Owner is null ? functions : methods).TryAdd(p.Owner is null ? p.Name : p.QualifiedName, p))
            {
                throw new ArgumentException($"Primitive '{p.QualifiedName}' is declared twice.", nameof(primitives));
            }
        }

        var attrs = new Dictionary<string, AttributeDescriptor>(StringComparer.Ordinal);
        foreach (AttributeDescriptor a in attributes)
        {
            if (!typeNames.Contains(a.Owner) || !attrs.TryAdd($"{a.Owner}.{a.Name}", a))
            {
                throw new ArgumentException($"Attribute '{a.Owner}.{a.Name}' is undeclared-type or duplicate.", nameof(attributes));
            }
        }

        Types = types;
        Primitives = primitives;
        Attributes = attributes;
        _functions = functions.ToFrozenDictionary(StringComparer.Ordinal);
        _methods = methods.ToFrozenDictionary(StringComparer.Ordinal);
        _attributes = attrs.ToFrozenDictionary(StringComparer.Ordinal);
        _methodNames = methods.Values.Select(m => m.Name).ToFrozenSet(StringComparer.Ordinal);
        _attributeNames = attributes.Select(a => a.Name).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The catalogue of Neptune's standard library.</summary>
    public static PrimitiveCatalogue Default { get; } = CoreLibrary.Build();

    /// <summary>The host types.</summary>
    public IReadOnlyList<HostTypeDescriptor> Types { get; }

    /// <summary>Functions and methods, in declaration order.</summary>
    public IReadOnlyList<PrimitiveDescriptor> Primitives { get; }

    /// <summary>Attributes of host types.</summary>
    public IReadOnlyList<AttributeDescriptor> Attributes { get; }

    /// <summary>The global functions' names.</summary>
    public IEnumerable<string> FunctionNames => _functions.Keys;

    /// <summary>Looks up a global function.</summary>
    /// <param name="name">The function name.</param>
    /// <param name="function">The function.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetFunction(string name, [NotNullWhen(true)] out PrimitiveDescriptor? function) =>
        _functions.TryGetValue(name, out function);

    /// <summary>Looks up a method of a host type.</summary>
    /// <param name="type">The host type name.</param>
    /// <param name="name">The method name.</param>
    /// <param name="method">The method.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetMethod(string type, string name, [NotNullWhen(true)] out PrimitiveDescriptor? method) =>
        _methods.TryGetValue($"{type}.{name}", out method);

    /// <summary>Looks up an attribute of a host type.</summary>
    /// <param name="type">The host type name.</param>
    /// <param name="name">The attribute name.</param>
    /// <param name="attribute">The attribute.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetAttribute(string type, string name, [NotNullWhen(true)] out AttributeDescriptor? attribute) =>
        _attributes.TryGetValue($"{type}.{name}", out attribute);

    /// <summary>Whether any host type has a method of this name (for receivers of unknown type).</summary>
    /// <param name="name">The method name.</param>
    /// <returns><see langword="true"/> when some host type has it.</returns>
    public bool IsMethodName(string name) => _methodNames.Contains(name);

    /// <summary>Whether any host type has an attribute of this name (for receivers of unknown type).</summary>
    /// <param name="name">The attribute name.</param>
    /// <returns><see langword="true"/> when some host type has it.</returns>
    public bool IsAttributeName(string name) => _attributeNames.Contains(name);

    /// <summary>The methods of one host type, in declaration order.</summary>
    /// <param name="type">The host type name.</param>
    /// <returns>The methods.</returns>
    public IEnumerable<PrimitiveDescriptor> MethodsOf(string type) =>
        Primitives.Where(p => string.Equals(p.Owner, type, StringComparison.Ordinal));

    /// <summary>The attributes of one host type, in declaration order.</summary>
    /// <param name="type">The host type name.</param>
    /// <returns>The attributes.</returns>
    public IEnumerable<AttributeDescriptor> AttributesOf(string type) =>
        Attributes.Where(a => string.Equals(a.Owner, type, StringComparison.Ordinal));
}
