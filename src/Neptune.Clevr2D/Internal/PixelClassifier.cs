namespace Neptune.Clevr2D.Internal;

/// <summary>
/// Assigns a pixel to one of the eight CLEVR colors. A colored object's pixel is modelled as
/// p = α·c + β·(1, 1, 1): the prototype c scaled by shading (α) plus a neutral part (β) from a white highlight or from
/// blending with the neutral floor at an edge. The chromatic classes are ranked by the residual of that fit; neutral
/// pixels are gray when they are darker than the floor and undecided (a highlight) otherwise.
/// </summary>
internal static class PixelClassifier
{
    /// <summary>The class index of undecided pixels.</summary>
    public const int Undecided = -1;

    /// <summary>The gray class (vocabulary order).</summary>
    public const int Gray = 0;

    /// <summary>Pixels whose channel spread is below this are neutral.</summary>
    public const int NeutralSpread = 20;

    /// <summary>A neutral pixel this much darker than the floor (mean of channels) is gray.</summary>
    public const float GrayDarkening = 30f;

    /// <summary>The smallest shading factor a visible surface has.</summary>
    private const float MinShade = 0.3f;

    private static readonly float[] Prototypes = BuildPrototypes();

    /// <summary>The class of a pixel given the floor brightness (mean of channels) behind it.</summary>
    public static int Classify(byte r, byte g, byte b, float floorMean)
    {
        int spread = Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b));
        if (spread < NeutralSpread)
        {
            return (r + g + b) / 3f < floorMean - GrayDarkening ? Gray : Undecided;
        }

        int best = Undecided;
        float bestResidual = float.MaxValue;
        for (int c = 1; c < 8; c++)
        {
            float residual = Residual(r, g, b, c);
            if (residual < bestResidual)
            {
                bestResidual = residual;
                best = c;
            }
        }

        return best;
    }

    /// <summary>The squared residual of the constrained fit p ≈ α·c + β·1 with β ≥ 0 and α ≥ MinShade·(1 − β/255).</summary>
    public static float Residual(float r, float g, float b, int colorClass)
    {
        float cr = Prototypes[colorClass * 3], cg = Prototypes[(colorClass * 3) + 1], cb = Prototypes[(colorClass * 3) + 2];

        // Unconstrained least squares on the 2×2 normal equations.
        float cc = (cr * cr) + (cg * cg) + (cb * cb);
        float c1 = cr + cg + cb;
        float pc = (r * cr) + (g * cg) + (b * cb);
        float p1 = r + g + b;
        float det = (cc * 3f) - (c1 * c1);
        if (det > 1e-3f)
        {
            float alpha = ((pc * 3f) - (c1 * p1)) / det;
            float beta = ((cc * p1) - (c1 * pc)) / det;
            if (beta >= 0f && alpha >= MinShade * (1f - (beta / 255f)))
            {
                return Distance2(r, g, b, alpha, beta, cr, cg, cb);
            }
        }

        // Boundary β = 0, α ≥ MinShade.
        float a0 = MathF.Max(MinShade, pc / cc);
        float best = Distance2(r, g, b, a0, 0f, cr, cg, cb);

        // Boundary α = MinShade·(1 − β/255), β in [0, 255].
        float dr = 1f - (MinShade * cr / 255f), dg = 1f - (MinShade * cg / 255f), db = 1f - (MinShade * cb / 255f);
        float qr = r - (MinShade * cr), qg = g - (MinShade * cg), qb = b - (MinShade * cb);
        float dd = (dr * dr) + (dg * dg) + (db * db);
        float t = Math.Clamp(((qr * dr) + (qg * dg) + (qb * db)) / dd, 0f, 255f);
        float er = qr - (t * dr), eg = qg - (t * dg), eb = qb - (t * db);
        return MathF.Min(best, (er * er) + (eg * eg) + (eb * eb));
    }

    private static float Distance2(float r, float g, float b, float alpha, float beta, float cr, float cg, float cb)
    {
        float er = r - (alpha * cr) - beta, eg = g - (alpha * cg) - beta, eb = b - (alpha * cb) - beta;
        return (er * er) + (eg * eg) + (eb * eb);
    }

    private static float[] BuildPrototypes()
    {
        var values = new float[24];
        for (int i = 0; i < 8; i++)
        {
            var c = ClevrPalette.Colors[i];
            values[i * 3] = c.R;
            values[(i * 3) + 1] = c.G;
            values[(i * 3) + 2] = c.B;
        }

        return values;
    }
}
