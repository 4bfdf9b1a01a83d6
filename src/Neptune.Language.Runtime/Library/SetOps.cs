namespace Neptune.Language.Runtime;

/// <summary>Set algebra shared by operators and methods.</summary>
internal static class SetOps
{
    public static bool IsSubset(PySet a, PySet b)
    {
        if (a.Count > b.Count)
        {
            return false;
        }

        var pos = 0;
        while (a.Table.Next(ref pos, out var k, out _))
        {
            if (!b.Table.ContainsKey(k))
            {
                return false;
            }
        }

        return true;
    }

    public static PySet Combine(ExecutionMeter meter, PyBinaryOp op, PySet a, PySet b)
    {
        var result = new OrderedTable();
        var pos = 0;
        switch (op)
        {
            case PyBinaryOp.BitOr:
                meter.ChargeEntries(a.Count + b.Count);
                while (a.Table.Next(ref pos, out var k, out _))
                {
                    result.Set(k, PyNone.Instance);
                }

                pos = 0;
                while (b.Table.Next(ref pos, out var k, out _))
                {
                    result.Set(k, PyNone.Instance);
                }

                break;
            case PyBinaryOp.BitAnd:
                meter.ChargeEntries(Math.Min(a.Count, b.Count));
                while (a.Table.Next(ref pos, out var k, out _))
                {
                    if (b.Table.ContainsKey(k))
                    {
                        result.Set(k, PyNone.Instance);
                    }
                }

                break;
            case PyBinaryOp.Sub:
                meter.ChargeEntries(a.Count);
                while (a.Table.Next(ref pos, out var k, out _))
                {
                    if (!b.Table.ContainsKey(k))
                    {
                        result.Set(k, PyNone.Instance);
                    }
                }

                break;
            default:
                meter.ChargeEntries(a.Count + b.Count);
                while (a.Table.Next(ref pos, out var k, out _))
                {
                    if (!b.Table.ContainsKey(k))
                    {
                        result.Set(k, PyNone.Instance);
                    }
                }

                pos = 0;
                while (b.Table.Next(ref pos, out var k, out _))
                {
                    if (!a.Table.ContainsKey(k))
                    {
                        result.Set(k, PyNone.Instance);
                    }
                }

                break;
        }

        return new PySet(result);
    }

    public static PySet FromIterable(ExecutionMeter meter, PyObject iterable)
    {
        if (iterable is PySet s)
        {
            meter.ChargeEntries(s.Count);
            return new PySet(s.Table.Copy());
        }

        var table = new OrderedTable();
        var it = PyOps.GetIterator(meter, iterable);
        while (it.MoveNext(meter, out var x))
        {
            meter.Step();
            if (table.Set(x, PyNone.Instance))
            {
                meter.ChargeEntries(1);
            }
        }

        return new PySet(table);
    }

    public static PySet AsSet(ExecutionMeter meter, PyObject o) => o as PySet ?? FromIterable(meter, o);
}
