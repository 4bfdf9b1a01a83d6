namespace Neptune.Clevr2D.Internal;

/// <summary>sRGB to CIE L*a*b* (D65) conversion.</summary>
internal static class ColorMath
{
    private static readonly float[] Linear = BuildLinear();

    public static (float L, float A, float B) ToLab(byte r, byte g, byte b)
    {
        float lr = Linear[r], lg = Linear[g], lb = Linear[b];
        float x = ((0.4124564f * lr) + (0.3575761f * lg) + (0.1804375f * lb)) / 0.95047f;
        float y = (0.2126729f * lr) + (0.7151522f * lg) + (0.0721750f * lb);
        float z = ((0.0193339f * lr) + (0.1191920f * lg) + (0.9503041f * lb)) / 1.08883f;
        float fx = F(x), fy = F(y), fz = F(z);
        return ((116f * fy) - 16f, 500f * (fx - fy), 200f * (fy - fz));
    }

    private static float F(float t) => t > 0.008856f ? MathF.Cbrt(t) : (7.787f * t) + (16f / 116f);

    private static float[] BuildLinear()
    {
        var table = new float[256];
        for (int i = 0; i < 256; i++)
        {
            double c = i / 255.0;
            table[i] = (float)(c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4));
        }

        return table;
    }
}
