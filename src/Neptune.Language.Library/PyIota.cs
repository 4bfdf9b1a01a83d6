using System.Globalization;
using Neptune.Language.Library.Lazy;
using Neptune.Language.Runtime;
using Neptune.Logic;

namespace Neptune.Language.Library;

/// <summary>
/// The result of <c>t.iota()</c> as a program value (<c>Iota</c>): "the unique object such that …", kept as a
/// distribution over the scene's objects with a confidence that exactly one object satisfies the formula.
/// </summary>
public sealed class PyIota : LibraryObject
{
    /// <summary>Wraps an iota result for the run that made it.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="result">The iota result.</param>
    public PyIota(HostRunContext context, IotaResult result)
        : base(context)
    {
        ArgumentNullException.ThrowIfNull(result);
        _result = result;
    }

    /// <summary>Wraps a lazily evaluated iota (lazy evaluation).</summary>
    internal PyIota(HostRunContext context, LazyIota lazy)
        : base(context)
    {
        Lazy = lazy;
    }

    private IotaResult? _result;

    /// <summary>The iota result. A lazily evaluated iota is completed here, as eager evaluation computes it.</summary>
    public IotaResult Result => _result ??= Lazy!.Exact();

    /// <summary>The lazy form, or null for an iota computed eagerly.</summary>
    internal LazyIota? Lazy { get; }

    /// <summary>This iota in the lazy graph.</summary>
    internal LazyIota AsLazy() => _result is null && Lazy is not null ? Lazy : new LazyIota(Result);

    /// <summary>The most likely object, or −1 when degenerate; a lazy iota refines only as far as that needs.</summary>
    internal int MostLikely() => _result is null && Lazy is not null ? Lazy.MostLikely() : Result.MostLikely;

    /// <inheritdoc />
    public override string TypeName => "Iota";

    /// <summary>True when a referent exists (the result is not degenerate) and is unique with probability ≥ the threshold.</summary>
    /// <returns>The truth value.</returns>
    public override bool IsTruthy() => !Result.IsDegenerate && Result.Uniqueness >= Context.Logic.Options.CrispThreshold;

    /// <inheritdoc />
    public override PyObject? GetAttribute(ExecutionMeter meter, string name) => name switch
    {
        "object" => MostLikely() is var index and >= 0 ? PyInt.From(index) : PyNone.Instance,
        "uniqueness" => new PyFloat(Result.Uniqueness),
        "found" => PyBool.From(!Result.IsDegenerate),
        "variable" => PyStr.From(Result.Variable),
        _ => null,
    };

    /// <inheritdoc />
    public override string Repr() => Result.IsDegenerate
        ? $"Iota({Result.Variable}: none, {Result.Degeneracy})"
        : string.Create(CultureInfo.InvariantCulture, $"Iota({Result.Variable}: object {Result.MostLikely}, p={PyTensor.Number(Result.Distribution[Result.MostLikely])}, unique={PyTensor.Number(Result.Uniqueness)})");

    /// <summary>The object index an argument denotes: an int, or an iota's most likely object.</summary>
    /// <param name="value">An int or an <see cref="PyIota"/>.</param>
    /// <param name="domainSize">Number of objects in the scene, or -1 when unknown.</param>
    /// <param name="what">The primitive, for messages.</param>
    /// <returns>The object index.</returns>
    /// <exception cref="PyException">A <c>ValueError</c> for a degenerate iota or an index out of range.</exception>
    internal static int ObjectIndex(PyObject value, int domainSize, string what)
    {
        long index = value switch
        {
            PyIota iota when iota.MostLikely() < 0 => throw new PyException(PyErrorKind.ValueError,
                $"{what}: no object matches (iota over '{iota.Result.Variable}' is {iota.Result.Degeneracy})"),
            PyIota iota => iota.MostLikely(),
            PyInt i => i.Value,
            _ => throw new PyException(PyErrorKind.TypeError, $"{what}: expected an object index or an Iota, not {value.TypeName}"),
        };
        if (domainSize >= 0 && (index < 0 || index >= domainSize))
        {
            throw new PyException(PyErrorKind.IndexError,
                $"{what}: object index {index} out of range (the scene has {domainSize} object{(domainSize == 1 ? string.Empty : "s")})");
        }

        return (int)index;
    }
}

/// <summary>An exact count distribution as a program value (<c>CountDistribution</c>).</summary>
public sealed class PyCountDistribution : LibraryObject
{
    /// <summary>Wraps a count for the run that made it.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="count">The count distribution.</param>
    public PyCountDistribution(HostRunContext context, SoftCount count)
        : base(context)
    {
        ArgumentNullException.ThrowIfNull(count);
        Count = count;
    }

    /// <summary>The distribution.</summary>
    public SoftCount Count { get; }

    /// <inheritdoc />
    public override string TypeName => "CountDistribution";

    /// <inheritdoc />
    public override PyObject? GetAttribute(ExecutionMeter meter, string name) => name switch
    {
        "mode" => PyInt.From(Count.Mode),
        "expected" => new PyFloat(Count.Expectation),
        "cut" => PyInt.From(Count.CutCount),
        "n" => PyInt.From(Count.N),
        _ => null,
    };

    /// <inheritdoc />
    public override string Repr() => string.Create(CultureInfo.InvariantCulture,
        $"CountDistribution(mode={Count.Mode}, expected={Count.Expectation:0.###}, cut={Count.CutCount}, n={Count.N})");
}
