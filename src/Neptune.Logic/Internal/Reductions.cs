using System.Numerics.Tensors;

namespace Neptune.Logic.Internal;

/// <summary>n-ary exists / forall of every logic over one contiguous slice. The slice is scratch and may be overwritten.</summary>
internal static class Reductions
{
    public static float Exists(LogicKind kind, Span<float> s, float t)
    {
        if (s.Length == 0)
        {
            return 0f;
        }

        switch (kind)
        {
            case LogicKind.Godel:
                return TensorPrimitives.Max(s);
            case LogicKind.Product:
                // Noisy-or: 1 − Π(1 − p).
                TensorPrimitives.Subtract(1f, s, s);
                return 1f - TensorPrimitives.Product(s);
            case LogicKind.Lukasiewicz:
                return MathF.Min(1f, TensorPrimitives.Sum(s));
            default:
                return TensorPrimitives.Max(s) >= t ? 1f : 0f;
        }
    }

    public static float Forall(LogicKind kind, Span<float> s, float t)
    {
        if (s.Length == 0)
        {
            return 1f;
        }

        switch (kind)
        {
            case LogicKind.Godel:
                return TensorPrimitives.Min(s);
            case LogicKind.Product:
                return TensorPrimitives.Product(s);
            case LogicKind.Lukasiewicz:
                // max(0, 1 − Σ(1 − p)) = max(0, Σp − (n − 1)).
                double deficit = s.Length - (double)TensorPrimitives.Sum(s);
                return (float)Math.Clamp(1.0 - deficit, 0.0, 1.0);
            default:
                return TensorPrimitives.Min(s) >= t ? 1f : 0f;
        }
    }
}
