namespace Neptune.Logic.Internal;

/// <summary>Applies a binary connective to two tensors aligned and broadcast by variable name.</summary>
internal static class Broadcast
{
    /// <summary>The domain size shared by two operands; scalars adopt the other operand's domain.</summary>
    public static int ResolveDomain(SoftTensor a, SoftTensor b)
    {
        if (a.Rank > 0 && b.Rank > 0)
        {
            if (a.DomainSize != b.DomainSize)
            {
                throw new DomainMismatchException(a.DomainSize, b.DomainSize,
                    $"Tensors over ({string.Join(", ", a.VariableArray)}) and ({string.Join(", ", b.VariableArray)}) range over different domains: {a.DomainSize} and {b.DomainSize} objects.");
            }

            return a.DomainSize;
        }

        return a.Rank > 0 ? a.DomainSize : b.Rank > 0 ? b.DomainSize : Math.Max(a.DomainSize, b.DomainSize);
    }

    /// <summary>a's variables in order, then b's variables that a lacks, in b's order. Checked against the rank limit.</summary>
    public static string[] Union(string[] a, string[] b)
    {
        int extra = 0;
        foreach (string v in b)
        {
            if (TensorLayout.IndexOf(a, v) < 0)
            {
                extra++;
            }
        }

        if (a.Length + extra > SoftTensor.MaxRank)
        {
            throw new VariableException(null,
                $"Combining ({string.Join(", ", a)}) with ({string.Join(", ", b)}) needs {a.Length + extra} variables; at most {SoftTensor.MaxRank} are supported. Quantify a variable away first.");
        }

        var union = new string[a.Length + extra];
        a.CopyTo(union, 0);
        int k = a.Length;
        foreach (string v in b)
        {
            if (TensorLayout.IndexOf(a, v) < 0)
            {
                union[k++] = v;
            }
        }

        return union;
    }

    /// <summary>
    /// The values of <paramref name="t"/> with its axes ordered as they appear in <paramref name="order"/> (which contains
    /// all of them), copied only when the order differs.
    /// </summary>
    public static float[] InOrderOf(SoftTensor t, string[] order)
    {
        Span<int> perm = stackalloc int[SoftTensor.MaxRank];
        int k = 0;
        bool identity = true;
        foreach (string v in order)
        {
            int axis = TensorLayout.IndexOf(t.VariableArray, v);
            if (axis >= 0)
            {
                identity &= axis == k;
                perm[k++] = axis;
            }
        }

        if (identity)
        {
            return t.Buffer;
        }

        var buffer = new float[t.Length];
        TensorLayout.Permute(t.Buffer, t.Rank, t.DomainSize, perm[..t.Rank], buffer);
        return buffer;
    }

    public static SoftTensor Apply<TOp>(SoftTensor a, SoftTensor b, LogicOptions options, bool conjunction)
        where TOp : IBinaryOp
    {
        float t = options.CrispThreshold;
        int n = ResolveDomain(a, b);
        string[] variables = b.Rank == 0 ? a.VariableArray : a.Rank == 0 ? b.VariableArray : Union(a.VariableArray, b.VariableArray);
        int cells = SoftTensor.CellCount(variables.Length, n, options.MaxCells);
        var result = new float[cells];
        if (b.Rank == 0)
        {
            BinaryKernel.Apply<TOp>(a.Buffer, b.Buffer[0], result, t);
        }
        else if (a.Rank == 0)
        {
            BinaryKernel.Apply<TOp>(a.Buffer[0], b.Buffer, result, t);
        }
        else if (a.VariableArray.AsSpan().SequenceEqual(b.VariableArray))
        {
            BinaryKernel.Apply<TOp>(a.Buffer, b.Buffer, result, t);
        }
        else
        {
            float[] bAligned = InOrderOf(b, variables);
            Strided<TOp>(a.Buffer, a.VariableArray, bAligned, b.VariableArray, variables, n, result, t);
        }

        if (conjunction && options.DistinctVariables)
        {
            TensorLayout.FillDiagonals(result, variables.Length, n, 0f);
        }

        return new SoftTensor(variables, n, result);
    }

    /// <summary>
    /// General case: a's axes are a prefix of <paramref name="variables"/>; b's axes appear in the same relative order as
    /// in <paramref name="variables"/>. The innermost output axis therefore has stride 0 or 1 in each operand, so every
    /// output row is one span kernel call.
    /// </summary>
    private static void Strided<TOp>(float[] a, string[] aVars, float[] b, string[] bVars, string[] variables, int n, float[] result, float t)
        where TOp : IBinaryOp
    {
        if (result.Length == 0)
        {
            return;
        }

        int rank = variables.Length;
        Span<int> aStride = stackalloc int[4];
        Span<int> bStride = stackalloc int[4];
        Span<int> len = stackalloc int[4];
        int pad = 4 - rank;
        int bRankSeen = 0;
        for (int k = 0; k < 4; k++)
        {
            if (k < pad)
            {
                len[k] = 1;
                continue;
            }

            len[k] = n;
            int axis = k - pad;
            string v = variables[axis];
            aStride[k] = axis < aVars.Length ? TensorLayout.Power(n, aVars.Length - 1 - axis) : 0;
            if (TensorLayout.IndexOf(bVars, v) >= 0)
            {
                bStride[k] = TensorLayout.Power(n, bVars.Length - 1 - bRankSeen);
                bRankSeen++;
            }
        }

        var aSpan = a.AsSpan();
        var bSpan = b.AsSpan();
        var dest = result.AsSpan();
        int sa = aStride[3], sb = bStride[3];
        int row = 0;
        for (int i0 = 0; i0 < len[0]; i0++)
        {
            for (int i1 = 0; i1 < len[1]; i1++)
            {
                for (int i2 = 0; i2 < len[2]; i2++)
                {
                    int ao = (i0 * aStride[0]) + (i1 * aStride[1]) + (i2 * aStride[2]);
                    int bo = (i0 * bStride[0]) + (i1 * bStride[1]) + (i2 * bStride[2]);
                    var d = dest.Slice(row, n);
                    row += n;
                    if (sa == 1 && sb == 1)
                    {
                        BinaryKernel.Apply<TOp>(aSpan.Slice(ao, n), bSpan.Slice(bo, n), d, t);
                    }
                    else if (sa == 1)
                    {
                        BinaryKernel.Apply<TOp>(aSpan.Slice(ao, n), bSpan[bo], d, t);
                    }
                    else if (sb == 1)
                    {
                        BinaryKernel.Apply<TOp>(aSpan[ao], bSpan.Slice(bo, n), d, t);
                    }
                    else
                    {
                        d.Fill(TOp.Apply(aSpan[ao], bSpan[bo], t));
                    }
                }
            }
        }
    }
}
