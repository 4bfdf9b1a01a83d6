using System.Text;

namespace Neptune.Language.Runtime;

/// <summary><c>str.format</c>: replacement fields with auto/manual numbering, keywords, accessors, conversions and nested specs.</summary>
internal static class StrFormat
{
    public static string Format(ExecutionMeter meter, string template, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs)
    {
        var state = new State();
        return Render(meter, template, args, kwargs, ref state, 2);
    }

    private struct State
    {
        public int Mode; // 0 = undecided, 1 = automatic, 2 = manual
        public int Next;
    }

    private static string Render(ExecutionMeter meter, string template, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs, ref State state, int recursion)
    {
        if (recursion < 0)
        {
            throw PyException.ValueErr("Max string recursion exceeded");
        }

        var sb = new StringBuilder(template.Length);
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}')
                {
                    sb.Append('}');
                    i += 2;
                    continue;
                }

                throw PyException.ValueErr("Single '}' encountered in format string");
            }

            if (c != '{')
            {
                sb.Append(c);
                i++;
                continue;
            }

            if (i + 1 < template.Length && template[i + 1] == '{')
            {
                sb.Append('{');
                i += 2;
                continue;
            }

            // Find the matching close brace, allowing nested fields inside the spec.
            var depth = 1;
            var j = i + 1;
            var inBracket = false;
            while (j < template.Length)
            {
                var d = template[j];
                if (d == '[')
                {
                    inBracket = true;
                }
                else if (d == ']')
                {
                    inBracket = false;
                }
                else if (!inBracket && d == '{')
                {
                    depth++;
                }
                else if (!inBracket && d == '}')
                {
                    if (--depth == 0)
                    {
                        break;
                    }
                }

                j++;
            }

            if (j >= template.Length)
            {
                throw PyException.ValueErr(i + 1 == template.Length ? "Single '{' encountered in format string" : "expected '}' before end of string");
            }

            var field = template[(i + 1)..j];
            sb.Append(RenderField(meter, field, args, kwargs, ref state, recursion));
            meter.CheckStringLength(sb.Length);
            i = j + 1;
        }

        return sb.ToString();
    }

    private static string RenderField(ExecutionMeter meter, string field, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs, ref State state, int recursion)
    {
        // field_name [! conversion] [: spec]; '!' and ':' inside [...] do not count.
        var end = 0;
        var inBracket = false;
        while (end < field.Length)
        {
            var c = field[end];
            if (c == '[')
            {
                inBracket = true;
            }
            else if (c == ']')
            {
                inBracket = false;
            }
            else if (!inBracket && c is '!' or ':')
            {
                break;
            }

            end++;
        }

        var name = field[..end];
        var conversion = '\0';
        var spec = string.Empty;
        if (end < field.Length && field[end] == '!')
        {
            if (end + 1 >= field.Length)
            {
                throw PyException.ValueErr("end of string while looking for conversion specifier");
            }

            conversion = field[end + 1];
            end += 2;
            if (end < field.Length && field[end] != ':')
            {
                throw PyException.ValueErr("expected ':' after conversion specifier");
            }
        }

        if (end < field.Length && field[end] == ':')
        {
            spec = field[(end + 1)..];
        }

        var value = Resolve(meter, name, args, kwargs, ref state);
        value = conversion switch
        {
            '\0' => value,
            'r' or 'a' => PyStr.Create(meter, PyOps.Repr(meter, value)),
            's' => PyStr.Create(meter, PyOps.Str(meter, value)),
            _ => throw PyException.ValueErr($"Unknown conversion specifier {conversion}"),
        };

        if (spec.Contains('{', StringComparison.Ordinal))
        {
            spec = Render(meter, spec, args, kwargs, ref state, recursion - 1);
        }

        return PyOps.Format(meter, value, spec);
    }

    private static PyObject Resolve(ExecutionMeter meter, string name, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs, ref State state)
    {
        var first = 0;
        while (first < name.Length && name[first] is not ('.' or '['))
        {
            first++;
        }

        var head = name[..first];
        PyObject value;
        if (head.Length == 0)
        {
            if (state.Mode == 2)
            {
                throw PyException.ValueErr("cannot switch from manual field specification to automatic field numbering");
            }

            state.Mode = 1;
            value = Positional(args, state.Next++);
        }
        else if (IsDigits(head))
        {
            if (state.Mode == 1)
            {
                throw PyException.ValueErr("cannot switch from automatic field numbering to manual field specification");
            }

            state.Mode = 2;
            value = Positional(args, int.TryParse(head, out var idx) ? idx : int.MaxValue);
        }
        else
        {
            PyObject? found = null;
            foreach (var kw in kwargs)
            {
                if (kw.Name == head)
                {
                    found = kw.Value;
                }
            }

            value = found ?? throw PyException.Key(PyStr.From(head));
        }

        var i = first;
        while (i < name.Length)
        {
            if (name[i] == '.')
            {
                var j = i + 1;
                while (j < name.Length && name[j] is not ('.' or '['))
                {
                    j++;
                }

                if (j == i + 1)
                {
                    throw PyException.ValueErr("Empty attribute in format string");
                }

                value = PyOps.GetAttribute(meter, value, name[(i + 1)..j]);
                i = j;
            }
            else
            {
                var close = name.IndexOf(']', i);
                if (close < 0)
                {
                    throw PyException.ValueErr("Missing ']' in format string");
                }

                var key = name[(i + 1)..close];
                if (key.Length == 0)
                {
                    throw PyException.ValueErr("Empty attribute in format string");
                }

                PyObject index = IsDigits(key) && long.TryParse(key, out var n) ? PyInt.From(n) : PyStr.From(key);
                value = PyOps.GetItem(meter, value, index);
                i = close + 1;
                if (i < name.Length && name[i] is not ('.' or '['))
                {
                    throw PyException.ValueErr("Only '.' or '[' may follow ']' in format field specifier");
                }
            }
        }

        return value;
    }

    private static PyObject Positional(ReadOnlySpan<PyObject> args, int index) =>
        index < args.Length ? args[index] : throw PyException.Index($"Replacement index {index} out of range for positional args tuple");

    private static bool IsDigits(string s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return s.Length > 0;
    }
}
