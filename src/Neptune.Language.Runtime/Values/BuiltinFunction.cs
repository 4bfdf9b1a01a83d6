namespace Neptune.Language.Runtime;

/// <summary>
/// The static shape of a builtin function or method: its name, positional arity and accepted keywords.
/// Validators use it to check calls before a program runs.
/// </summary>
public sealed class PyFunctionSignature
{
    private readonly string?[] _positionalNames;
    private readonly string[] _keywordOnly;

    internal PyFunctionSignature(string name, int minArgs, int maxArgs, string?[]? positionalNames = null, string[]? keywordOnly = null, bool anyKeywords = false)
    {
        Name = name;
        MinArgs = minArgs;
        MaxArgs = maxArgs;
        _positionalNames = positionalNames ?? [];
        _keywordOnly = keywordOnly ?? [];
        var keywords = new List<string>();
        foreach (var n in _positionalNames)
        {
            if (n is not null)
            {
                keywords.Add(n);
            }
        }

        keywords.AddRange(keywordOnly ?? []);
        Keywords = keywords;
        AcceptsAnyKeywords = anyKeywords;
    }

    /// <summary>The function or method name (<c>split</c>, <c>len</c>).</summary>
    public string Name { get; }

    /// <summary>Minimum number of positional arguments.</summary>
    public int MinArgs { get; }

    /// <summary>Maximum number of positional arguments; -1 when unbounded.</summary>
    public int MaxArgs { get; }

    /// <summary>Keyword names accepted (<c>key</c>, <c>reverse</c>, ...).</summary>
    public IReadOnlyList<string> Keywords { get; }

    /// <summary>Whether arbitrary keywords are accepted (<c>dict(**kw)</c>, <c>str.format</c>).</summary>
    public bool AcceptsAnyKeywords { get; }

    /// <summary>
    /// The signature of the method called through its type (<c>str.split(s, ",")</c>): one more leading
    /// positional-only argument, the receiver.
    /// </summary>
    /// <param name="qualifiedName">The name shown in messages (<c>str.split</c>).</param>
    internal PyFunctionSignature WithReceiver(string qualifiedName) =>
        new(qualifiedName, MinArgs + 1, MaxArgs < 0 ? -1 : MaxArgs + 1, [null, .. _positionalNames], _keywordOnly, AcceptsAnyKeywords);

    internal int PositionOf(string keyword)
    {
        for (var i = 0; i < _positionalNames.Length; i++)
        {
            if (_positionalNames[i] == keyword)
            {
                return i;
            }
        }

        return -1;
    }

    internal void Check(int positional, ReadOnlySpan<PyKeyword> kwargs)
    {
        if (positional < MinArgs || (MaxArgs >= 0 && positional > MaxArgs))
        {
            throw PyException.Type(ArityMessage(positional));
        }

        for (var i = 0; i < kwargs.Length; i++)
        {
            var name = kwargs[i].Name;
            for (var j = 0; j < i; j++)
            {
                if (kwargs[j].Name == name)
                {
                    throw PyException.Type($"{Name}() got multiple values for keyword argument '{name}'");
                }
            }

            if (AcceptsAnyKeywords)
            {
                continue;
            }

            var known = false;
            foreach (var k in Keywords)
            {
                if (k == name)
                {
                    known = true;
                    break;
                }
            }

            if (!known)
            {
                throw PyException.Type(Keywords.Count == 0
                    ? $"{Name}() takes no keyword arguments"
                    : $"{Name}() got an unexpected keyword argument '{name}'");
            }

            var pos = PositionOf(name);
            if (pos >= 0 && pos < positional)
            {
                throw PyException.Type($"argument for {Name}() given by name ('{name}') and position ({pos + 1})");
            }
        }
    }

    private string ArityMessage(int given)
    {
        if (MaxArgs == 0)
        {
            return $"{Name}() takes no arguments ({given} given)";
        }

        if (MinArgs == MaxArgs)
        {
            return MinArgs == 1
                ? $"{Name}() takes exactly one argument ({given} given)"
                : $"{Name}() takes exactly {MinArgs} arguments ({given} given)";
        }

        return given < MinArgs
            ? $"{Name}() takes at least {MinArgs} argument{(MinArgs == 1 ? "" : "s")} ({given} given)"
            : $"{Name}() takes at most {MaxArgs} argument{(MaxArgs == 1 ? "" : "s")} ({given} given)";
    }
}

/// <summary>Arguments of one builtin call, already checked against the signature.</summary>
internal readonly ref struct CallArgs
{
    private readonly PyFunctionSignature _signature;

    public CallArgs(PyFunctionSignature signature, ReadOnlySpan<PyObject> positional, ReadOnlySpan<PyKeyword> keywords)
    {
        _signature = signature;
        Positional = positional;
        Keywords = keywords;
    }

    public ReadOnlySpan<PyObject> Positional { get; }

    public ReadOnlySpan<PyKeyword> Keywords { get; }

    public int Count => Positional.Length;

    public PyObject this[int index] => Positional[index];

    public string Name => _signature.Name;

    /// <summary>The argument at <paramref name="position"/>, or the keyword <paramref name="keyword"/>, or null.</summary>
    public PyObject? Get(int position, string? keyword = null)
    {
        if (position >= 0 && position < Positional.Length)
        {
            return Positional[position];
        }

        return keyword is null ? null : Keyword(keyword);
    }

    public PyObject? Keyword(string name)
    {
        foreach (var kw in Keywords)
        {
            if (kw.Name == name)
            {
                return kw.Value;
            }
        }

        return null;
    }
}

internal delegate PyObject BuiltinBody(ExecutionMeter meter, PyObject self, scoped in CallArgs args);

/// <summary>A builtin function or an unbound builtin method.</summary>
internal sealed class BuiltinFunction : PyCallable
{
    private readonly BuiltinBody _body;

    public BuiltinFunction(PyFunctionSignature signature, BuiltinBody body, string? constructedType = null)
    {
        Signature = signature;
        _body = body;
        ConstructedType = constructedType;
    }

    public PyFunctionSignature Signature { get; }

    /// <summary>For the type builtins (<c>str</c>, <c>list</c>, ...): the type whose methods <c>str.lower</c> reads.</summary>
    public string? ConstructedType { get; }

    public override string Name => Signature.Name;

    public override string TypeName => "builtin_function_or_method";

    public override PyObject Call(ExecutionMeter meter, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs) =>
        Invoke(meter, PyNone.Instance, args, kwargs);

    public PyObject Invoke(ExecutionMeter meter, PyObject self, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs)
    {
        ArgumentNullException.ThrowIfNull(meter);
        Signature.Check(args.Length, kwargs);
        var callArgs = new CallArgs(Signature, args, kwargs);
        return _body(meter, self, in callArgs);
    }

    public override string Repr() => $"<built-in function {Name}>";
}

/// <summary>
/// A method read from its type (<c>str.lower</c>): a callable that takes the receiver as its first argument, as
/// CPython's method descriptors do (<c>sorted(words, key=str.lower)</c>).
/// </summary>
internal sealed class MethodDescriptor(string typeName, BuiltinFunction method) : PyCallable
{
    public override string Name => method.Signature.Name;

    public override string TypeName => "method_descriptor";

    public override PyObject Call(ExecutionMeter meter, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs)
    {
        if (args.Length == 0)
        {
            throw PyException.Type($"unbound method {typeName}.{Name}() needs an argument");
        }

        var receiver = args[0];
        if (!PyMethods.IsInstance(receiver, typeName))
        {
            throw PyException.Type($"descriptor '{Name}' for '{typeName}' objects doesn't apply to a '{receiver.TypeName}' object");
        }

        return method.Invoke(meter, receiver, args[1..], kwargs);
    }

    public override string Repr() => $"<method '{Name}' of '{typeName}' objects>";
}
