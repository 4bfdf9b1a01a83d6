using System.Numerics;
using System.Numerics.Tensors;

namespace Neptune.Logic.Internal;

/// <summary>
/// One binary connective of one logic, in scalar and SIMD form. <c>t</c> is the crisp threshold; only the crisp
/// connectives read it. Connectives that are a single <see cref="TensorPrimitives"/> call say so through
/// <see cref="TryPrimitive(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>.
/// </summary>
internal interface IBinaryOp
{
    static abstract float Apply(float a, float b, float t);

    static abstract Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t);

    static virtual bool TryPrimitive(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination) => false;

    static virtual bool TryPrimitive(ReadOnlySpan<float> a, float b, Span<float> destination) => false;
}

/// <summary>Span drivers for <see cref="IBinaryOp"/>: span ⊗ span, span ⊗ scalar, scalar ⊗ span.</summary>
internal static class BinaryKernel
{
    public static void Apply<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination, float t)
        where TOp : IBinaryOp
    {
        if (TOp.TryPrimitive(a, b, destination))
        {
            return;
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && destination.Length >= Vector<float>.Count)
        {
            var vt = new Vector<float>(t);
            int last = destination.Length - Vector<float>.Count;
            for (; i <= last; i += Vector<float>.Count)
            {
                TOp.Apply(new Vector<float>(a[i..]), new Vector<float>(b[i..]), vt).CopyTo(destination[i..]);
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = TOp.Apply(a[i], b[i], t);
        }
    }

    public static void Apply<TOp>(ReadOnlySpan<float> a, float b, Span<float> destination, float t)
        where TOp : IBinaryOp
    {
        if (TOp.TryPrimitive(a, b, destination))
        {
            return;
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && destination.Length >= Vector<float>.Count)
        {
            var vt = new Vector<float>(t);
            var vb = new Vector<float>(b);
            int last = destination.Length - Vector<float>.Count;
            for (; i <= last; i += Vector<float>.Count)
            {
                TOp.Apply(new Vector<float>(a[i..]), vb, vt).CopyTo(destination[i..]);
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = TOp.Apply(a[i], b, t);
        }
    }

    public static void Apply<TOp>(float a, ReadOnlySpan<float> b, Span<float> destination, float t)
        where TOp : IBinaryOp
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && destination.Length >= Vector<float>.Count)
        {
            var vt = new Vector<float>(t);
            var va = new Vector<float>(a);
            int last = destination.Length - Vector<float>.Count;
            for (; i <= last; i += Vector<float>.Count)
            {
                TOp.Apply(va, new Vector<float>(b[i..]), vt).CopyTo(destination[i..]);
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = TOp.Apply(a, b[i], t);
        }
    }
}

// ---- Gödel -------------------------------------------------------------------------------------------------------

internal readonly struct GodelAnd : IBinaryOp
{
    public static float Apply(float a, float b, float t) => MathF.Min(a, b);

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t) => Vector.Min(a, b);

    public static bool TryPrimitive(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        TensorPrimitives.Min(a, b, destination);
        return true;
    }

    public static bool TryPrimitive(ReadOnlySpan<float> a, float b, Span<float> destination)
    {
        TensorPrimitives.Min(a, b, destination);
        return true;
    }
}

internal readonly struct GodelOr : IBinaryOp
{
    public static float Apply(float a, float b, float t) => MathF.Max(a, b);

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t) => Vector.Max(a, b);

    public static bool TryPrimitive(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        TensorPrimitives.Max(a, b, destination);
        return true;
    }

    public static bool TryPrimitive(ReadOnlySpan<float> a, float b, Span<float> destination)
    {
        TensorPrimitives.Max(a, b, destination);
        return true;
    }
}

/// <summary>Kleene–Dienes: max(1 − a, b).</summary>
internal readonly struct GodelImplies : IBinaryOp
{
    public static float Apply(float a, float b, float t) => MathF.Max(1f - a, b);

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t) => Vector.Max(Vector<float>.One - a, b);
}

/// <summary>min(max(a, b), 1 − min(a, b)).</summary>
internal readonly struct GodelXor : IBinaryOp
{
    public static float Apply(float a, float b, float t) => MathF.Min(MathF.Max(a, b), 1f - MathF.Min(a, b));

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t)
        => Vector.Min(Vector.Max(a, b), Vector<float>.One - Vector.Min(a, b));
}

// ---- Product -----------------------------------------------------------------------------------------------------

internal readonly struct ProductAnd : IBinaryOp
{
    public static float Apply(float a, float b, float t) => a * b;

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t) => a * b;

    public static bool TryPrimitive(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        TensorPrimitives.Multiply(a, b, destination);
        return true;
    }

    public static bool TryPrimitive(ReadOnlySpan<float> a, float b, Span<float> destination)
    {
        TensorPrimitives.Multiply(a, b, destination);
        return true;
    }
}

/// <summary>Probabilistic sum a + b − ab, evaluated as 1 − (1 − a)(1 − b) so the result never leaves [0, 1].</summary>
internal readonly struct ProductOr : IBinaryOp
{
    public static float Apply(float a, float b, float t) => 1f - ((1f - a) * (1f - b));

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t)
        => Vector<float>.One - ((Vector<float>.One - a) * (Vector<float>.One - b));
}

/// <summary>Reichenbach: 1 − a + ab, evaluated as 1 − a(1 − b).</summary>
internal readonly struct ProductImplies : IBinaryOp
{
    public static float Apply(float a, float b, float t) => 1f - (a * (1f - b));

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t)
        => Vector<float>.One - (a * (Vector<float>.One - b));
}

/// <summary>(a ∨ b) ∧ ¬(a ∧ b) = (1 − (1 − a)(1 − b)) · (1 − ab).</summary>
internal readonly struct ProductXor : IBinaryOp
{
    public static float Apply(float a, float b, float t) => (1f - ((1f - a) * (1f - b))) * (1f - (a * b));

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t)
        => (Vector<float>.One - ((Vector<float>.One - a) * (Vector<float>.One - b))) * (Vector<float>.One - (a * b));
}

// ---- Łukasiewicz -------------------------------------------------------------------------------------------------

internal readonly struct LukasiewiczAnd : IBinaryOp
{
    public static float Apply(float a, float b, float t) => MathF.Max(0f, a + b - 1f);

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t)
        => Vector.Max(Vector<float>.Zero, a + b - Vector<float>.One);
}

internal readonly struct LukasiewiczOr : IBinaryOp
{
    public static float Apply(float a, float b, float t) => MathF.Min(1f, a + b);

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t) => Vector.Min(Vector<float>.One, a + b);
}

internal readonly struct LukasiewiczImplies : IBinaryOp
{
    public static float Apply(float a, float b, float t) => MathF.Min(1f, 1f - a + b);

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t)
        => Vector.Min(Vector<float>.One, Vector<float>.One - a + b);
}

/// <summary>(a ∨ b) ∧ ¬(a ∧ b) = max(0, min(1, a + b) − max(0, a + b − 1)) = min(a + b, 2 − a − b).</summary>
internal readonly struct LukasiewiczXor : IBinaryOp
{
    public static float Apply(float a, float b, float t)
    {
        float s = a + b;
        return MathF.Max(0f, MathF.Min(s, 2f - s));
    }

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t)
    {
        var s = a + b;
        return Vector.Max(Vector<float>.Zero, Vector.Min(s, new Vector<float>(2f) - s));
    }
}

// ---- Crisp -------------------------------------------------------------------------------------------------------

internal readonly struct CrispAnd : IBinaryOp
{
    public static float Apply(float a, float b, float t) => a >= t && b >= t ? 1f : 0f;

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t)
        => Vector.ConditionalSelect(Vector.GreaterThanOrEqual(a, t) & Vector.GreaterThanOrEqual(b, t), Vector<float>.One, Vector<float>.Zero);
}

internal readonly struct CrispOr : IBinaryOp
{
    public static float Apply(float a, float b, float t) => a >= t || b >= t ? 1f : 0f;

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t)
        => Vector.ConditionalSelect(Vector.GreaterThanOrEqual(a, t) | Vector.GreaterThanOrEqual(b, t), Vector<float>.One, Vector<float>.Zero);
}

internal readonly struct CrispImplies : IBinaryOp
{
    public static float Apply(float a, float b, float t) => a < t || b >= t ? 1f : 0f;

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t)
        => Vector.ConditionalSelect(Vector.LessThan(a, t) | Vector.GreaterThanOrEqual(b, t), Vector<float>.One, Vector<float>.Zero);
}

internal readonly struct CrispXor : IBinaryOp
{
    public static float Apply(float a, float b, float t) => (a >= t) != (b >= t) ? 1f : 0f;

    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> t)
        => Vector.ConditionalSelect(Vector.Xor(Vector.GreaterThanOrEqual(a, t), Vector.GreaterThanOrEqual(b, t)), Vector<float>.One, Vector<float>.Zero);
}
