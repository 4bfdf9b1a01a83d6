using System.Globalization;
using System.Text;
using Neptune.Language.Library.Lazy;
using Neptune.Language.Runtime;
using Neptune.Logic;

namespace Neptune.Language.Library;

/// <summary>
/// A soft tensor as a program value (<c>Tensor</c>): probabilities over named object variables, composed with
/// <c>&amp;</c>, <c>|</c>, <c>~</c>, <c>^</c> under the run's logic, and quantified with its methods.
/// </summary>
public sealed class PyTensor : LibraryObject
{
    /// <summary>Wraps a tensor for the run that made it.</summary>
    /// <param name="context">The run's context (its logic applies to every operation on this value).</param>
    /// <param name="tensor">The tensor.</param>
    public PyTensor(HostRunContext context, SoftTensor tensor)
        : base(context)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        _tensor = tensor;
    }

    /// <summary>Wraps a lazily evaluated tensor (lazy evaluation).</summary>
    internal PyTensor(HostRunContext context, LazyTensor lazy)
        : base(context)
    {
        Lazy = lazy;
    }

    private SoftTensor? _tensor;

    /// <summary>The tensor. A lazily evaluated tensor is completed here: every cell is scored, as eager evaluation would.</summary>
    public SoftTensor Tensor => _tensor ??= Lazy!.Materialize();

    /// <summary>The lazy form, while this tensor is not yet completed.</summary>
    internal LazyTensor? Lazy { get; }

    /// <summary>The number of variables (no model call).</summary>
    public int Rank => Lazy?.Rank ?? _tensor!.Rank;

    /// <summary>The variable names (no model call).</summary>
    public IReadOnlyList<string> VariableNames => Lazy is { } lazy ? lazy.Variables : _tensor!.Variables;

    /// <summary>Whether cells are still unscored (a lazily evaluated tensor not yet completed).</summary>
    public bool IsPending => Lazy is not null && _tensor is null;

    /// <summary>
    /// Whether a rank-0 tensor's probability reaches <paramref name="threshold"/>: the yes/no answer it stands for. A
    /// lazily evaluated tensor scores only the cells that decide it.
    /// </summary>
    /// <param name="threshold">The cut.</param>
    /// <returns>p ≥ threshold.</returns>
    /// <exception cref="InvalidOperationException">The tensor has variables.</exception>
    public bool Reaches(float threshold)
    {
        if (Rank != 0)
        {
            throw new InvalidOperationException("only a rank-0 tensor has one probability");
        }

        return IsPending ? Lazy!.AtLeast(0, threshold) : Tensor.Values[0] >= threshold;
    }

    /// <summary>This tensor in the lazy graph: its lazy form, or its cells as a constant.</summary>
    internal LazyTensor AsLazy() => Lazy is { } lazy && _tensor is null ? lazy : new LazyConstant(Context, Tensor);

    private bool LazyRun => Context.Lazy;

    /// <inheritdoc />
    public override string TypeName => "Tensor";

    /// <summary>
    /// Truthiness: a rank-0 tensor is true when its probability reaches the logic's threshold (0.5 by default);
    /// a tensor with variables has no truth value until it is quantified.
    /// </summary>
    /// <returns>The truth value.</returns>
    /// <exception cref="PyException">A <c>ValueError</c> for a tensor with variables.</exception>
    public override bool IsTruthy()
    {
        if (Rank == 0)
        {
            return Reaches(Context.Logic.Options.CrispThreshold);
        }

        throw new PyException(PyErrorKind.ValueError,
            $"the truth value of a Tensor over ({string.Join(", ", VariableNames)}) is ambiguous; quantify it first with .exists() or .forall()");
    }

    /// <inheritdoc />
    public override PyObject? BinaryOp(ExecutionMeter meter, PyBinaryOp op, PyObject other, bool reflected)
    {
        if (LazyRun && op is PyBinaryOp.BitAnd or PyBinaryOp.BitOr && (Lazy is not null || other is PyTensor { Lazy: not null }))
        {
            LazyTensor? operand = other is PyTensor pt ? pt.AsLazy() : ToTensor(other) is { } scalar ? new LazyConstant(Context, scalar) : null;
            if (operand is null)
            {
                return null;
            }

            LazyTensor first = reflected ? operand : AsLazy();
            LazyTensor second = reflected ? AsLazy() : operand;
            if (LazyCombine.Aligned(first, second))
            {
                var combined = new LazyCombine(op == PyBinaryOp.BitAnd ? LogicConnective.And : LogicConnective.Or, first, second);
                meter.ChargeElements(combined.Length);
                return new PyTensor(Context, combined);
            }
        }

        SoftTensor? rhs = ToTensor(other);
        if (rhs is null)
        {
            return null;
        }

        SoftTensor left = reflected ? rhs : Tensor;
        SoftTensor right = reflected ? Tensor : rhs;
        SoftLogic logic = Context.Logic;
        SoftTensor result;
        try
        {
            result = op switch
            {
                PyBinaryOp.BitAnd => logic.And(left, right),
                PyBinaryOp.BitOr => logic.Or(left, right),
                PyBinaryOp.BitXor => logic.Xor(left, right),
                _ => null!,
            };
        }
        catch (TensorTooLargeException e)
        {
            throw new BudgetExceededException(BudgetKind.Elements, e.Limit, e.Message);
        }
        catch (LogicException e)
        {
            throw new PyException(PyErrorKind.ValueError, e.Message);
        }

        if (result is null)
        {
            return null;
        }

        meter.ChargeElements(result.Length);
        return new PyTensor(Context, result);
    }

    /// <inheritdoc />
    public override PyObject? UnaryOp(ExecutionMeter meter, PyUnaryOp op)
    {
        if (op != PyUnaryOp.Invert)
        {
            return null;
        }

        if (Lazy is not null && _tensor is null)
        {
            var negated = new LazyNot(Lazy);
            meter.ChargeElements(negated.Length);
            return new PyTensor(Context, negated);
        }

        SoftTensor result = Context.Logic.Not(Tensor);
        meter.ChargeElements(result.Length);
        return new PyTensor(Context, result);
    }

    /// <summary>Comparisons of a rank-0 tensor's probability with a number (<c>t.exists() &gt; 0.8</c>).</summary>
    /// <inheritdoc />
    public override PyObject? Compare(ExecutionMeter meter, PyCompareOp op, PyObject other, bool reflected)
    {
        if (Rank != 0)
        {
            return null;
        }

        double? rhs = other switch
        {
            PyFloat f => f.Value,
            PyInt i => i.IsInt64 ? i.Value : (double)i.ToBigInteger(),
            PyTensor { Rank: 0 } t => t.Tensor.Values[0],
            _ => null,
        };
        if (rhs is not { } b)
        {
            return null;
        }

        double a = Tensor.Values[0];
        bool r = op switch
        {
            PyCompareOp.Lt => a < b,
            PyCompareOp.Le => a <= b,
            PyCompareOp.Gt => a > b,
            PyCompareOp.Ge => a >= b,
            PyCompareOp.Eq => a == b,
            PyCompareOp.Ne => a != b,
            _ => false,
        };
        return PyBool.From(r);
    }

    /// <inheritdoc />
    public override PyObject? GetAttribute(ExecutionMeter meter, string name) => name switch
    {
        "value" when Rank == 0 => new PyFloat(Tensor.Values[0]),
        "value" => throw new PyException(PyErrorKind.ValueError,
            $"Tensor over ({string.Join(", ", VariableNames)}) has no single value; use .prob(...) or quantify it first"),
        "variables" => Variables(),
        "rank" => PyInt.From(Rank),
        _ => null,
    };

    /// <inheritdoc />
    public override long? Length() => Lazy?.DomainSize ?? Tensor.DomainSize;

    /// <inheritdoc />
    public override string Repr() => Format(Tensor);

    /// <summary>The tensor's variables as a tuple of str.</summary>
    /// <returns>The tuple.</returns>
    public PyTuple Variables()
    {
        IReadOnlyList<string> names = VariableNames;
        var items = new PyObject[names.Count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = PyStr.From(names[i]);
        }

        return new PyTuple(items);
    }

    /// <summary>Converts an operand to a tensor: a tensor, or a number in [0, 1] (bools as 1/0).</summary>
    /// <param name="value">The operand.</param>
    /// <returns>The tensor, or <see langword="null"/> when the operand is not a truth value.</returns>
    /// <exception cref="PyException">A <c>ValueError</c> for a number outside [0, 1].</exception>
    internal static SoftTensor? ToTensor(PyObject value)
    {
        double p;
        switch (value)
        {
            case PyTensor t:
                return t.Tensor;
            case PyFloat f:
                p = f.Value;
                break;
            case PyInt i:
                p = i.IsInt64 ? i.Value : (double)i.ToBigInteger();
                break;
            default:
                return null;
        }

        if (!(p is >= 0.0 and <= 1.0))
        {
            throw new PyException(PyErrorKind.ValueError,
                $"a truth value must lie in [0, 1], got {PyOps.Repr(null, value)}");
        }

        return SoftTensor.Scalar((float)p);
    }

    /// <summary>A short text form: <c>Tensor(0.93)</c>, <c>Tensor(x: [0.9, 0.1, 0.0])</c>.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>The text (cells beyond the first 16 are elided).</returns>
    public static string Format(SoftTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var sb = new StringBuilder("Tensor(");
        if (tensor.Rank == 0)
        {
            sb.Append(Number(tensor.Values[0]));
        }
        else
        {
            sb.Append(string.Join(", ", tensor.Variables)).Append(": [");
            ReadOnlySpan<float> v = tensor.Values;
            int shown = Math.Min(v.Length, 16);
            for (int i = 0; i < shown; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }

                sb.Append(Number(v[i]));
            }

            if (v.Length > shown)
            {
                sb.Append(CultureInfo.InvariantCulture, $", ... {v.Length - shown} more");
            }

            sb.Append(']');
        }

        return sb.Append(')').ToString();
    }

    internal static string Number(float p) => p.ToString("0.###", CultureInfo.InvariantCulture);
}
