using Neptune.Language.Runtime;
using Neptune.Logic;

namespace Neptune.Language.Library;

/// <summary>Which part of the library a primitive belongs to; orders the reference.</summary>
public enum PrimitiveCategory
{
    /// <summary>Perception: questions to the vision model.</summary>
    Perception = 0,

    /// <summary>The scene's objects.</summary>
    Scene = 1,

    /// <summary>Connectives on soft tensors.</summary>
    Connective = 2,

    /// <summary>Quantifiers over a variable.</summary>
    Quantifier = 3,

    /// <summary>Relations between variables.</summary>
    Relation = 4,

    /// <summary>Variables and access to values.</summary>
    Structure = 5,

    /// <summary>Results of quantifiers (iota, counts).</summary>
    Result = 6,

    /// <summary>Geometry computed from the detected boxes (no model call).</summary>
    Geometry = 7,

    /// <summary>Referring-expression operators that act, then verify, and abstain with "no target".</summary>
    Referring = 8,
}

/// <summary>The implementation of a primitive: arguments arrive bound to the declared parameters, defaults filled in.</summary>
/// <param name="context">The run's host context.</param>
/// <param name="self">The receiver for methods; <see langword="null"/> for functions.</param>
/// <param name="arguments">One value per declared parameter, in declaration order.</param>
/// <returns>The result.</returns>
public delegate PyObject PrimitiveImplementation(HostRunContext context, PyObject? self, ReadOnlySpan<PyObject> arguments);

/// <summary>
/// One library primitive: a global function (<c>score</c>) or a method of a host type (<c>Tensor.exists</c>).
/// The same description drives the validator, the interpreter's binding, the reference docs and the LLM prompt.
/// </summary>
public sealed class PrimitiveDescriptor
{
    private readonly PrimitiveImplementation _implementation;

    /// <summary>Creates a primitive description.</summary>
    /// <param name="name">The function or method name.</param>
    /// <param name="owner">The host type for a method (<c>Tensor</c>), or <see langword="null"/> for a function.</param>
    /// <param name="parameters">The parameters, required ones first.</param>
    /// <param name="returns">The kind of the result.</param>
    /// <param name="summary">One line describing what it does.</param>
    /// <param name="example">A one-line example.</param>
    /// <param name="category">Where it belongs in the reference.</param>
    /// <param name="implementation">The implementation.</param>
    public PrimitiveDescriptor(
        string name,
        string? owner,
        IReadOnlyList<ParameterDescriptor> parameters,
        ValueKind returns,
        string summary,
        string example,
        PrimitiveCategory category,
        PrimitiveImplementation implementation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(implementation);
        bool optionalSeen = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ParameterDescriptor p in parameters)
        {
            if (!names.Add(p.Name))
            {
                throw new ArgumentException($"Primitive '{name}' declares parameter '{p.Name}' twice.", nameof(parameters));
            }

            if (p.Required && optionalSeen)
            {
                throw new ArgumentException($"Primitive '{name}': required parameter '{p.Name}' follows an optional one.", nameof(parameters));
            }

            optionalSeen |= !p.Required;
        }

        Name = name;
        Owner = owner;
        Parameters = parameters;
        Returns = returns;
        Summary = summary;
        Example = example;
        Category = category;
        _implementation = implementation;
        RequiredCount = 0;
        foreach (ParameterDescriptor p in parameters)
        {
            if (p.Required)
            {
                RequiredCount++;
            }
        }
    }

    /// <summary>The function or method name.</summary>
    public string Name { get; }

    /// <summary>The host type of a method, or <see langword="null"/> for a global function.</summary>
    public string? Owner { get; }

    /// <summary>The parameters in declaration order.</summary>
    public IReadOnlyList<ParameterDescriptor> Parameters { get; }

    /// <summary>Number of required parameters (they come first).</summary>
    public int RequiredCount { get; }

    /// <summary>The kind of the result.</summary>
    public ValueKind Returns { get; }

    /// <summary>One line describing what the primitive does.</summary>
    public string Summary { get; }

    /// <summary>A one-line example of its use.</summary>
    public string Example { get; }

    /// <summary>Where the primitive belongs in the reference.</summary>
    public PrimitiveCategory Category { get; }

    /// <summary>Whether a call asks a perception model (and so counts against the host-call budget).</summary>
    public bool CallsModel { get; init; }

    /// <summary>Whether a call ends the run with its value (<c>RESULT</c>); a program may then end in <c>NAME = F(...)</c>.</summary>
    public bool EndsRun { get; init; }

    /// <summary>The name as programs call it: <c>score</c> or <c>Tensor.exists</c>.</summary>
    public string QualifiedName => Owner is null ? Name : $"{Owner}.{Name}";

    /// <summary>The Python signature: <c>score(question: str, num_objects: int = 1) -&gt; Tensor</c>.</summary>
    public string Signature
    {
        get
        {
            var parts = new List<string>(Parameters.Count);
            foreach (ParameterDescriptor p in Parameters)
            {
                string type = ParameterDescriptor.TypeName(p.Kind) + (p.AllowsNone ? " | None" : string.Empty);
                parts.Add(p.Required
                    ? $"{p.Name}: {type}"
                    : $"{p.Name}: {type} = {(p.Default is null ? "None" : PyOps.Repr(null, p.Default))}");
            }

            string receiver = Owner is null ? string.Empty : Owner.ToLowerInvariant()[0] + ".";
            return $"{receiver}{Name}({string.Join(", ", parts)}) -> {ParameterDescriptor.TypeName(Returns)}";
        }
    }

    /// <summary>Finds a parameter by name.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>Its index, or -1.</returns>
    public int IndexOfParameter(string name)
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (string.Equals(Parameters[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Binds the call's arguments to the parameters with Python's rules, checks each against its constraints,
    /// records the call in the trace and runs the implementation.
    /// </summary>
    /// <param name="context">The run's host context.</param>
    /// <param name="self">The receiver for methods.</param>
    /// <param name="args">Positional arguments.</param>
    /// <param name="kwargs">Keyword arguments.</param>
    /// <returns>The result.</returns>
    /// <exception cref="PyException">A <c>TypeError</c> or <c>ValueError</c> for bad arguments, or any error the implementation raises.</exception>
    public PyObject Invoke(HostRunContext context, PyObject? self, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs)
    {
        ArgumentNullException.ThrowIfNull(context);
        string display = $"{Name}()";
        if (args.Length > Parameters.Count)
        {
            string expected = RequiredCount == Parameters.Count
                ? Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : $"from {RequiredCount} to {Parameters.Count}";
            throw new PyException(PyErrorKind.TypeError,
                $"{display} takes {expected} positional argument{(Parameters.Count == 1 ? string.Empty : "s")} but {args.Length} {(args.Length == 1 ? "was" : "were")} given");
        }

        PyObject?[] bound = new PyObject?[Parameters.Count];
        for (int i = 0; i < args.Length; i++)
        {
            bound[i] = args[i];
        }

        foreach (PyKeyword kw in kwargs)
        {
            int index = IndexOfParameter(kw.Name);
            if (index < 0)
            {
                throw new PyException(PyErrorKind.TypeError, $"{display} got an unexpected keyword argument '{kw.Name}'");
            }

            if (bound[index] is not null)
            {
                throw new PyException(PyErrorKind.TypeError, $"{display} got multiple values for argument '{kw.Name}'");
            }

            bound[index] = kw.Value;
        }

        var final = new PyObject[Parameters.Count];
        for (int i = 0; i < bound.Length; i++)
        {
            ParameterDescriptor p = Parameters[i];
            PyObject? value = bound[i];
            if (value is null)
            {
                if (p.Required)
                {
                    throw new PyException(PyErrorKind.TypeError, $"{display} missing required argument: '{p.Name}'");
                }

                value = p.Default ?? PyNone.Instance;
            }
            else if (!p.Accepts(value, out string problem))
            {
                bool typeProblem = !KindMatches(p, value);
                throw new PyException(typeProblem ? PyErrorKind.TypeError : PyErrorKind.ValueError, $"{QualifiedName}(): {problem}");
            }

            final[i] = value;
        }

        if (CallsModel)
        {
            context.Meter.ChargeHostCall();
        }

        long start = context.Time.GetTimestamp();
        PyObject result;
        try
        {
            result = _implementation(context, self, final);
        }
        catch (TensorTooLargeException e)
        {
            throw new BudgetExceededException(BudgetKind.Elements, e.Limit, $"{QualifiedName}(): {e.Message}");
        }
        catch (LogicException e)
        {
            throw new PyException(PyErrorKind.ValueError, $"{QualifiedName}(): {e.Message}");
        }

        if (context.Trace is { } trace)
        {
            TimeSpan elapsed = context.Time.GetElapsedTime(start);
            // The call as the program wrote it: positional values, then keywords by name; defaults it left out are not shown.
            var shown = new List<string>(bound.Length + 1);
            if (self is not null)
            {
                shown.Add(ProgramTrace.Summarize(self));
            }

            for (int i = 0; i < bound.Length; i++)
            {
                if (bound[i] is { } given)
                {
                    shown.Add(i < args.Length ? ProgramTrace.Summarize(given) : $"{Parameters[i].Name}={ProgramTrace.Summarize(given)}");
                }
            }

            trace.Record(this, shown, result, elapsed, context.CurrentLine, context.CurrentColumn);
        }

        return result;
    }

    private static bool KindMatches(ParameterDescriptor p, PyObject value)
    {
        var relaxed = p with { Minimum = null, Maximum = null, MinimumLength = 0 };
        return relaxed.Accepts(value, out _) || (p.Kind == ValueKind.TensorOrNumber && value is PyFloat);
    }

    /// <inheritdoc />
    public override string ToString() => Signature;
}
