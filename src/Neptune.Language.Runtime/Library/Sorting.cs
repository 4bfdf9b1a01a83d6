namespace Neptune.Language.Runtime;

/// <summary>Stable merge sort with Python's <c>&lt;</c>, as <c>list.sort</c> and <c>sorted</c>.</summary>
internal static class Sorting
{
    public static List<PyObject> Sort(ExecutionMeter meter, IReadOnlyList<PyObject> items, PyObject? key, bool reverse)
    {
        var n = items.Count;
        meter.ChargeElements(n);
        var values = new PyObject[n];
        var keys = new PyObject[n];
        var hasKey = key is not null && key is not PyNone;
        for (var i = 0; i < n; i++)
        {
            values[i] = items[i];
            keys[i] = hasKey ? PyOps.Call(meter, key!, [items[i]], []) : items[i];
        }

        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var buffer = new int[n];
        MergeSort(meter, order, buffer, 0, n, keys, reverse);
        var result = new List<PyObject>(n);
        foreach (var i in order)
        {
            result.Add(values[i]);
        }

        return result;
    }

    private static bool Before(ExecutionMeter meter, PyObject[] keys, int a, int b, bool reverse)
    {
        meter.Step();
        return reverse
            ? PyOps.CompareBool(meter, PyCompareOp.Lt, keys[b], keys[a], 0)
            : PyOps.CompareBool(meter, PyCompareOp.Lt, keys[a], keys[b], 0);
    }

    private static void MergeSort(ExecutionMeter meter, int[] order, int[] buffer, int lo, int hi, PyObject[] keys, bool reverse)
    {
        if (hi - lo < 2)
        {
            return;
        }

        if (hi - lo <= 8)
        {
            // Insertion sort: stable, and moves an element left only past strictly greater keys.
            for (var i = lo + 1; i < hi; i++)
            {
                var x = order[i];
                var j = i - 1;
                while (j >= lo && Before(meter, keys, x, order[j], reverse))
                {
                    order[j + 1] = order[j];
                    j--;
                }

                order[j + 1] = x;
            }

            return;
        }

        var mid = (lo + hi) / 2;
        MergeSort(meter, order, buffer, lo, mid, keys, reverse);
        MergeSort(meter, order, buffer, mid, hi, keys, reverse);
        Array.Copy(order, lo, buffer, lo, hi - lo);
        int l = lo, r = mid, k = lo;
        while (l < mid && r < hi)
        {
            // Take from the right only when strictly before the left: keeps equal keys in order.
            order[k++] = Before(meter, keys, buffer[r], buffer[l], reverse) ? buffer[r++] : buffer[l++];
        }

        while (l < mid)
        {
            order[k++] = buffer[l++];
        }

        while (r < hi)
        {
            order[k++] = buffer[r++];
        }
    }
}
