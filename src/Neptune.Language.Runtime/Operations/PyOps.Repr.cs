using System.Globalization;
using System.Text;

namespace Neptune.Language.Runtime;

public static partial class PyOps
{
    /// <summary>Python <c>repr(x)</c>. Self-containing containers print as <c>[...]</c>.</summary>
    /// <param name="meter">The run's meter; when null no string budget is enforced (diagnostics only).</param>
    /// <param name="o">The value.</param>
    /// <returns>The representation.</returns>
    public static string Repr(ExecutionMeter? meter, PyObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        switch (o)
        {
            case PyStr s:
                return ReprString(s.Value);
            case PyBool b:
                return b.IsTrue ? "True" : "False";
            case PyBigInt big:
                return big.Big.ToString(CultureInfo.InvariantCulture);
            case PyInt i:
                return i.Small.ToString(CultureInfo.InvariantCulture);
            case PyFloat f:
                return FloatFormatting.Repr(f.Value);
            case PyNone:
                return "None";
        }

        var writer = new ReprWriter(meter);
        writer.Write(o, 0);
        return writer.ToString();
    }

    /// <summary>Python <c>str(x)</c>.</summary>
    /// <param name="meter">The run's meter; null for diagnostics.</param>
    /// <param name="o">The value.</param>
    /// <returns>The string form.</returns>
    public static string Str(ExecutionMeter? meter, PyObject o) => o switch
    {
        PyStr s => s.Value,
        PyExceptionObject e => e.Message,
        _ => Repr(meter, o),
    };

    /// <summary>Python <c>format(value, spec)</c>, as used by f-strings and <c>str.format</c>.</summary>
    /// <param name="meter">The run's meter.</param>
    /// <param name="value">The value.</param>
    /// <param name="spec">The format spec (after the colon).</param>
    /// <returns>The formatted text.</returns>
    public static string Format(ExecutionMeter meter, PyObject value, string spec)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(spec);
        var s = Formatter.Format(meter, value, spec);
        meter.CheckStringLength(s.Length);
        return s;
    }

    /// <summary>CPython's string repr: quote choice and escapes.</summary>
    internal static string ReprString(string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2);
        sb.Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == quote || c == '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c == '\t')
            {
                sb.Append("\\t");
            }
            else if (c == '\n')
            {
                sb.Append("\\n");
            }
            else if (c == '\r')
            {
                sb.Append("\\r");
            }
            else if (c < ' ' || c == 0x7f)
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (c < 0x7f)
            {
                sb.Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                var cp = char.ConvertToUtf32(c, s[i + 1]);
                if (IsPrintable(CharUnicodeInfo.GetUnicodeCategory(cp)))
                {
                    sb.Append(c).Append(s[i + 1]);
                }
                else
                {
                    sb.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
                }

                i++;
            }
            else if (IsPrintable(CharUnicodeInfo.GetUnicodeCategory(c)))
            {
                sb.Append(c);
            }
            else if (c <= 0xff)
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        sb.Append(quote);
        return sb.ToString();
    }

    private static bool IsPrintable(UnicodeCategory category) => category switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };

    private sealed class ReprWriter(ExecutionMeter? meter)
    {
        private readonly StringBuilder _sb = new();
        private readonly HashSet<PyObject> _active = new(ReferenceEqualityComparer.Instance);

        public override string ToString() => _sb.ToString();

        private void Append(string s)
        {
            _sb.Append(s);
            meter?.CheckStringLength(_sb.Length);
        }

        public void Write(PyObject o, int depth)
        {
            switch (o)
            {
                case PyStr or PyInt or PyFloat or PyNone:
                    Append(Repr(meter, o));
                    return;
                case PyList l:
                    WriteSequence(l, l.Items, "[", "]", depth, false);
                    return;
                case PyTuple t:
                    WriteSequence(t, t.Items, "(", ")", depth, t.Count == 1);
                    return;
                case PySet s:
                    if (s.Count == 0)
                    {
                        Append("set()");
                        return;
                    }

                    WriteTable(s, s.Table, "{", "}", depth, values: false);
                    return;
                case PyDict d:
                    WriteTable(d, d.Table, "{", "}", depth, values: true);
                    return;
                case PyDictView v:
                    Append(v.TypeName);
                    Append("(");
                    WriteView(v, depth);
                    Append(")");
                    return;
                case PyRange r:
                    Append(r.Step == 1
                        ? string.Create(CultureInfo.InvariantCulture, $"range({r.Start}, {r.Stop})")
                        : string.Create(CultureInfo.InvariantCulture, $"range({r.Start}, {r.Stop}, {r.Step})"));
                    return;
                case PySlice sl:
                    Append("slice(");
                    Write(sl.Start, depth + 1);
                    Append(", ");
                    Write(sl.Stop, depth + 1);
                    Append(", ");
                    Write(sl.Step, depth + 1);
                    Append(")");
                    return;
                case PyExceptionObject e:
                    Append(e.Kind.ToString());
                    if (e.Args.Count == 1)
                    {
                        Append("(");
                        Write(e.Args[0], depth + 1);
                        Append(")");
                    }
                    else
                    {
                        Write(e.Args, depth + 1);
                    }

                    return;
                case PyCallable c:
                    Append(c.Repr());
                    return;
                case PyHostObject h:
                    Append(h.Repr());
                    return;
                case PyModule m:
                    Append($"<module '{m.Name}' (built-in)>");
                    return;
                case PyIterator it:
                    Append($"<{it.TypeName} object>");
                    return;
                default:
                    Append($"<{o.TypeName} object>");
                    return;
            }
        }

        private bool Enter(PyObject container, int depth, string recursive)
        {
            CheckDepth(depth, "repr");
            if (!_active.Add(container))
            {
                Append(recursive);
                return false;
            }

            return true;
        }

        private void WriteSequence(PyObject container, IReadOnlyList<PyObject> items, string open, string close, int depth, bool trailingComma)
        {
            if (!Enter(container, depth, open + "..." + close))
            {
                return;
            }

            Append(open);
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    Append(", ");
                }

                Write(items[i], depth + 1);
            }

            if (trailingComma)
            {
                Append(",");
            }

            Append(close);
            _active.Remove(container);
        }

        private void WriteTable(PyObject container, OrderedTable table, string open, string close, int depth, bool values)
        {
            if (!Enter(container, depth, open + "..." + close))
            {
                return;
            }

            Append(open);
            var pos = 0;
            var first = true;
            while (table.Next(ref pos, out var k, out var v))
            {
                if (!first)
                {
                    Append(", ");
                }

                first = false;
                Write(k, depth + 1);
                if (values)
                {
                    Append(": ");
                    Write(v, depth + 1);
                }
            }

            Append(close);
            _active.Remove(container);
        }

        private void WriteView(PyDictView view, int depth)
        {
            if (!Enter(view.Dict, depth, "[...]"))
            {
                return;
            }

            Append("[");
            var pos = 0;
            var first = true;
            while (view.Dict.Table.Next(ref pos, out var k, out var v))
            {
                if (!first)
                {
                    Append(", ");
                }

                first = false;
                switch (view.Kind)
                {
                    case DictViewKind.Keys:
                        Write(k, depth + 1);
                        break;
                    case DictViewKind.Values:
                        Write(v, depth + 1);
                        break;
                    default:
                        Append("(");
                        Write(k, depth + 1);
                        Append(", ");
                        Write(v, depth + 1);
                        Append(")");
                        break;
                }
            }

            Append("]");
            _active.Remove(view.Dict);
        }
    }
}
