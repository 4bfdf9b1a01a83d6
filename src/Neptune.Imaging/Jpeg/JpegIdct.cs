namespace Neptune.Imaging.Jpeg;

/// <summary>
/// The accurate integer inverse DCT with dequantisation: the Loeffler–Ligtenberg–Moschytz algorithm with 13-bit
/// fixed-point constants and two extra bits of precision between the passes, as in libjpeg's <c>jidctint.c</c>
/// ("islow", djpeg's default <c>-dct int</c>). Integer arithmetic makes the output bit-identical to libjpeg-turbo's
/// for the same coefficients.
/// </summary>
internal static class JpegIdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    private const long Fix0298631336 = 2446;
    private const long Fix0390180644 = 3196;
    private const long Fix0541196100 = 4433;
    private const long Fix0765366865 = 6270;
    private const long Fix0899976223 = 7373;
    private const long Fix1175875602 = 9633;
    private const long Fix1501321110 = 12299;
    private const long Fix1847759065 = 15137;
    private const long Fix1961570560 = 16069;
    private const long Fix2053119869 = 16819;
    private const long Fix2562915447 = 20995;
    private const long Fix3072711026 = 25172;

    /// <summary>Dequantises and inverse-transforms one block into 8 rows of 8 samples.</summary>
    /// <param name="coefficients">64 quantised coefficients in natural (row-major) order.</param>
    /// <param name="quantization">64 quantisation steps in natural order.</param>
    /// <param name="output">Destination; row r starts at <c>r * stride</c>.</param>
    /// <param name="stride">Distance between output rows.</param>
    internal static void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<int> quantization, Span<byte> output, int stride)
    {
        Span<int> workspace = stackalloc int[64];
        coefficients = coefficients[..64];
        quantization = quantization[..64];
        _ = output[((7 * stride) + 7)..];

        // Pass 1: columns from the input into the workspace, scaled up by 2^Pass1Bits.
        for (int column = 0; column < 8; column++)
        {
            if (coefficients[8 + column] == 0 && coefficients[16 + column] == 0 && coefficients[24 + column] == 0
                && coefficients[32 + column] == 0 && coefficients[40 + column] == 0 && coefficients[48 + column] == 0
                && coefficients[56 + column] == 0)
            {
                int dc = (coefficients[column] * quantization[column]) << Pass1Bits;
                for (int row = 0; row < 8; row++)
                {
                    workspace[(row * 8) + column] = dc;
                }

                continue;
            }

            long z2 = (long)coefficients[16 + column] * quantization[16 + column];
            long z3 = (long)coefficients[48 + column] * quantization[48 + column];
            long z1 = (z2 + z3) * Fix0541196100;
            long tmp2 = z1 + (z3 * -Fix1847759065);
            long tmp3 = z1 + (z2 * Fix0765366865);

            z2 = (long)coefficients[column] * quantization[column];
            z3 = (long)coefficients[32 + column] * quantization[32 + column];
            long tmp0 = (z2 + z3) << ConstBits;
            long tmp1 = (z2 - z3) << ConstBits;

            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;

            tmp0 = (long)coefficients[56 + column] * quantization[56 + column];
            tmp1 = (long)coefficients[40 + column] * quantization[40 + column];
            tmp2 = (long)coefficients[24 + column] * quantization[24 + column];
            tmp3 = (long)coefficients[8 + column] * quantization[8 + column];
            OddPart(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

            const int shift = ConstBits - Pass1Bits;
            workspace[column] = Descale(tmp10 + tmp3, shift);
            workspace[56 + column] = Descale(tmp10 - tmp3, shift);
            workspace[8 + column] = Descale(tmp11 + tmp2, shift);
            workspace[48 + column] = Descale(tmp11 - tmp2, shift);
            workspace[16 + column] = Descale(tmp12 + tmp1, shift);
            workspace[40 + column] = Descale(tmp12 - tmp1, shift);
            workspace[24 + column] = Descale(tmp13 + tmp0, shift);
            workspace[32 + column] = Descale(tmp13 - tmp0, shift);
        }

        // Pass 2: rows from the workspace to the output, removing the 2^Pass1Bits scaling and the factor 8.
        for (int row = 0; row < 8; row++)
        {
            Span<int> w = workspace.Slice(row * 8, 8);
            Span<byte> destination = output.Slice(row * stride, 8);
            if (w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0)
            {
                destination.Fill(RangeLimit(Descale(w[0], Pass1Bits + 3)));
                continue;
            }

            long z2 = w[2];
            long z3 = w[6];
            long z1 = (z2 + z3) * Fix0541196100;
            long tmp2 = z1 + (z3 * -Fix1847759065);
            long tmp3 = z1 + (z2 * Fix0765366865);

            long tmp0 = ((long)w[0] + w[4]) << ConstBits;
            long tmp1 = ((long)w[0] - w[4]) << ConstBits;

            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;

            tmp0 = w[7];
            tmp1 = w[5];
            tmp2 = w[3];
            tmp3 = w[1];
            OddPart(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

            const int shift = ConstBits + Pass1Bits + 3;
            destination[0] = RangeLimit(Descale(tmp10 + tmp3, shift));
            destination[7] = RangeLimit(Descale(tmp10 - tmp3, shift));
            destination[1] = RangeLimit(Descale(tmp11 + tmp2, shift));
            destination[6] = RangeLimit(Descale(tmp11 - tmp2, shift));
            destination[2] = RangeLimit(Descale(tmp12 + tmp1, shift));
            destination[5] = RangeLimit(Descale(tmp12 - tmp1, shift));
            destination[3] = RangeLimit(Descale(tmp13 + tmp0, shift));
            destination[4] = RangeLimit(Descale(tmp13 - tmp0, shift));
        }
    }

    private static void OddPart(ref long tmp0, ref long tmp1, ref long tmp2, ref long tmp3)
    {
        long z1 = tmp0 + tmp3;
        long z2 = tmp1 + tmp2;
        long z3 = tmp0 + tmp2;
        long z4 = tmp1 + tmp3;
        long z5 = (z3 + z4) * Fix1175875602;

        tmp0 *= Fix0298631336;
        tmp1 *= Fix2053119869;
        tmp2 *= Fix3072711026;
        tmp3 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 *= -Fix1961570560;
        z4 *= -Fix0390180644;

        z3 += z5;
        z4 += z5;

        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;
    }

    private static int Descale(long value, int shift) => (int)((value + (1L << (shift - 1))) >> shift);

    // Adds the level shift of 128 and clamps. libjpeg wraps values far outside the sample range through a
    // masked table; such values only arise from corrupt data, where clamping is as good an answer.
    private static byte RangeLimit(int value) => (byte)Math.Clamp(value + 128, 0, 255);
}
