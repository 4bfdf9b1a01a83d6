using System.Globalization;
using System.Text;

namespace Neptune.Language.Runtime;

public static partial class PyMethods
{
    internal static bool IsPySpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029';

    private static string S(PyObject self) => ((PyStr)self).Value;

    private static PyStr Result(ExecutionMeter meter, string s)
    {
        return PyStr.Create(meter, s);
    }

    private static Dictionary<string, BuiltinFunction> BuildStr()
    {
        var t = new Dictionary<string, BuiltinFunction>(StringComparer.Ordinal);
        Add(t, "lower", 0, 0, static (m, self, in a) => Result(m, CaseMapping.Lower(S(self))));
        Add(t, "upper", 0, 0, static (m, self, in a) => Result(m, CaseMapping.Upper(S(self))));
        Add(t, "swapcase", 0, 0, static (m, self, in a) => Result(m, CaseMapping.SwapCase(S(self))));
        Add(t, "strip", 0, 1, static (m, self, in a) => PyStr.Create(m, Strip(S(self), a.Get(0), left: true, right: true)));
        Add(t, "lstrip", 0, 1, static (m, self, in a) => PyStr.Create(m, Strip(S(self), a.Get(0), left: true, right: false)));
        Add(t, "rstrip", 0, 1, static (m, self, in a) => PyStr.Create(m, Strip(S(self), a.Get(0), left: false, right: true)));
        Add(t, "split", 0, 2, static (m, self, in a) => Split(m, S(self), a.Get(0, "sep"), a.Get(1, "maxsplit"), fromRight: false), ["sep", "maxsplit"]);
        Add(t, "rsplit", 0, 2, static (m, self, in a) => Split(m, S(self), a.Get(0, "sep"), a.Get(1, "maxsplit"), fromRight: true), ["sep", "maxsplit"]);
        Add(t, "splitlines", 0, 1, static (m, self, in a) => SplitLines(m, S(self), Arg.Bool(a.Get(0, "keepends"), false)), ["keepends"]);
        Add(t, "join", 1, 1, static (m, self, in a) => Join(m, S(self), a[0]));
        Add(t, "replace", 2, 3, static (m, self, in a) =>
            Replace(m, S(self), Arg.Str(a[0], "replace() argument 1"), Arg.Str(a[1], "replace() argument 2"), a.Count > 2 ? Arg.Int(a[2]) : -1));
        Add(t, "startswith", 1, 3, static (m, self, in a) => PyBool.From(Affix(S(self), a[0], a.Get(1), a.Get(2), "startswith", prefix: true)));
        Add(t, "endswith", 1, 3, static (m, self, in a) => PyBool.From(Affix(S(self), a[0], a.Get(1), a.Get(2), "endswith", prefix: false)));
        Add(t, "find", 1, 3, static (m, self, in a) => PyInt.From(Find(S(self), a[0], a.Get(1), a.Get(2), "find", fromRight: false)));
        Add(t, "rfind", 1, 3, static (m, self, in a) => PyInt.From(Find(S(self), a[0], a.Get(1), a.Get(2), "rfind", fromRight: true)));
        Add(t, "index", 1, 3, static (m, self, in a) =>
        {
            var i = Find(S(self), a[0], a.Get(1), a.Get(2), "index", fromRight: false);
            return i >= 0 ? PyInt.From(i) : throw PyException.ValueErr("substring not found");
        });
        Add(t, "rindex", 1, 3, static (m, self, in a) =>
        {
            var i = Find(S(self), a[0], a.Get(1), a.Get(2), "rindex", fromRight: true);
            return i >= 0 ? PyInt.From(i) : throw PyException.ValueErr("substring not found");
        });
        Add(t, "count", 1, 3, static (m, self, in a) => PyInt.From(CountSub(S(self), a[0], a.Get(1), a.Get(2))));
        Add(t, "format", 0, -1, static (m, self, in a) => Result(m, StrFormat.Format(m, S(self), a.Positional, a.Keywords)), anyKeywords: true);
        Add(t, "isdigit", 0, 0, static (m, self, in a) => PyBool.From(All(S(self), static c => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber || c is '²' or '³' or '¹')));
        Add(t, "isdecimal", 0, 0, static (m, self, in a) => PyBool.From(All(S(self), static c => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber)));
        Add(t, "isnumeric", 0, 0, static (m, self, in a) => PyBool.From(All(S(self), static c => char.IsNumber(c))));
        Add(t, "isalpha", 0, 0, static (m, self, in a) => PyBool.From(All(S(self), char.IsLetter)));
        Add(t, "isalnum", 0, 0, static (m, self, in a) => PyBool.From(All(S(self), static c => char.IsLetter(c) || char.IsNumber(c))));
        Add(t, "isspace", 0, 0, static (m, self, in a) => PyBool.From(All(S(self), IsPySpace)));
        Add(t, "islower", 0, 0, static (m, self, in a) => PyBool.From(Cased(S(self), lower: true)));
        Add(t, "isupper", 0, 0, static (m, self, in a) => PyBool.From(Cased(S(self), lower: false)));
        Add(t, "istitle", 0, 0, static (m, self, in a) => PyBool.From(IsTitle(S(self))));
        Add(t, "title", 0, 0, static (m, self, in a) => Result(m, CaseMapping.Title(S(self))));
        Add(t, "capitalize", 0, 0, static (m, self, in a) => Result(m, CaseMapping.Capitalize(S(self))));
        Add(t, "zfill", 1, 1, static (m, self, in a) =>
        {
            var s = S(self);
            var width = Arg.Int(a[0]);
            if (width <= s.Length)
            {
                return self;
            }

            m.CheckStringLength(width);
            var pad = new string('0', (int)width - s.Length);
            return s.Length > 0 && s[0] is '+' or '-' ? PyStr.Create(m, s[0] + pad + s[1..]) : PyStr.Create(m, pad + s);
        });
        Add(t, "center", 1, 2, static (m, self, in a) => Justify(m, S(self), a[0], a.Get(1), '^'));
        Add(t, "ljust", 1, 2, static (m, self, in a) => Justify(m, S(self), a[0], a.Get(1), '<'));
        Add(t, "rjust", 1, 2, static (m, self, in a) => Justify(m, S(self), a[0], a.Get(1), '>'));
        Add(t, "partition", 1, 1, static (m, self, in a) => Partition(m, S(self), a[0], fromRight: false));
        Add(t, "rpartition", 1, 1, static (m, self, in a) => Partition(m, S(self), a[0], fromRight: true));
        Add(t, "removeprefix", 1, 1, static (m, self, in a) =>
        {
            var s = S(self);
            var p = Arg.Str(a[0], "removeprefix() argument");
            return p.Length > 0 && s.StartsWith(p, StringComparison.Ordinal) ? PyStr.Create(m, s[p.Length..]) : self;
        });
        Add(t, "removesuffix", 1, 1, static (m, self, in a) =>
        {
            var s = S(self);
            var p = Arg.Str(a[0], "removesuffix() argument");
            return p.Length > 0 && s.EndsWith(p, StringComparison.Ordinal) ? PyStr.Create(m, s[..^p.Length]) : self;
        });
        return t;
    }

    private static bool All(string s, Func<char, bool> predicate)
    {
        if (s.Length == 0)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!predicate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Cased(string s, bool lower)
    {
        var any = false;
        foreach (var c in s)
        {
            if (char.IsUpper(c) || char.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter)
            {
                if (lower)
                {
                    return false;
                }

                any = true;
            }
            else if (char.IsLower(c))
            {
                if (!lower)
                {
                    return false;
                }

                any = true;
            }
        }

        return any;
    }

    private static bool IsTitle(string s)
    {
        var previousCased = false;
        var any = false;
        foreach (var c in s)
        {
            if (char.IsUpper(c))
            {
                if (previousCased)
                {
                    return false;
                }

                previousCased = true;
                any = true;
            }
            else if (char.IsLower(c))
            {
                if (!previousCased)
                {
                    return false;
                }

                previousCased = true;
                any = true;
            }
            else
            {
                previousCased = false;
            }
        }

        return any;
    }

    private static string Strip(string s, PyObject? chars, bool left, bool right)
    {
        string? set = chars is null or PyNone ? null : chars is PyStr cs ? cs.Value : throw PyException.Type("strip arg must be None or str");
        int start = 0, end = s.Length;
        if (left)
        {
            while (start < end && (set is null ? IsPySpace(s[start]) : set.Contains(s[start], StringComparison.Ordinal)))
            {
                start++;
            }
        }

        if (right)
        {
            while (end > start && (set is null ? IsPySpace(s[end - 1]) : set.Contains(s[end - 1], StringComparison.Ordinal)))
            {
                end--;
            }
        }

        return s[start..end];
    }

    private static PyList Split(ExecutionMeter m, string s, PyObject? sepArg, PyObject? maxArg, bool fromRight)
    {
        var max = Arg.IntOrNone(maxArg, -1);
        if (max < 0)
        {
            max = long.MaxValue;
        }

        var parts = new List<PyObject>();
        if (sepArg is null or PyNone)
        {
            if (!fromRight)
            {
                var i = 0;
                while (true)
                {
                    while (i < s.Length && IsPySpace(s[i]))
                    {
                        i++;
                    }

                    if (i >= s.Length)
                    {
                        break;
                    }

                    if (parts.Count >= max)
                    {
                        m.ChargeElements(1);
                        parts.Add(PyStr.Create(m, s[i..]));
                        break;
                    }

                    var j = i;
                    while (j < s.Length && !IsPySpace(s[j]))
                    {
                        j++;
                    }

                    m.ChargeElements(1);
                    parts.Add(PyStr.Create(m, s[i..j]));
                    i = j;
                }
            }
            else
            {
                var i = s.Length;
                while (true)
                {
                    while (i > 0 && IsPySpace(s[i - 1]))
                    {
                        i--;
                    }

                    if (i <= 0)
                    {
                        break;
                    }

                    if (parts.Count >= max)
                    {
                        m.ChargeElements(1);
                        parts.Add(PyStr.Create(m, s[..i]));
                        break;
                    }

                    var j = i;
                    while (j > 0 && !IsPySpace(s[j - 1]))
                    {
                        j--;
                    }

                    m.ChargeElements(1);
                    parts.Add(PyStr.Create(m, s[j..i]));
                    i = j;
                }

                parts.Reverse();
            }

            return new PyList(parts, adopt: true);
        }

        var sep = sepArg is PyStr sv ? sv.Value : throw PyException.Type($"must be str or None, not {sepArg.TypeName}");
        if (sep.Length == 0)
        {
            throw PyException.ValueErr("empty separator");
        }

        if (!fromRight)
        {
            var pos = 0;
            while (parts.Count < max)
            {
                var k = s.IndexOf(sep, pos, StringComparison.Ordinal);
                if (k < 0)
                {
                    break;
                }

                m.ChargeElements(1);
                parts.Add(PyStr.Create(m, s[pos..k]));
                pos = k + sep.Length;
            }

            m.ChargeElements(1);
            parts.Add(PyStr.Create(m, s[pos..]));
        }
        else
        {
            var end = s.Length;
            while (parts.Count < max && end >= sep.Length)
            {
                var k = s.LastIndexOf(sep, end - 1, end, StringComparison.Ordinal);
                if (k < 0)
                {
                    break;
                }

                m.ChargeElements(1);
                parts.Add(PyStr.Create(m, s[(k + sep.Length)..end]));
                end = k;
            }

            m.ChargeElements(1);
            parts.Add(PyStr.Create(m, s[..end]));
            parts.Reverse();
        }

        return new PyList(parts, adopt: true);
    }

    private static PyList SplitLines(ExecutionMeter m, string s, bool keepEnds)
    {
        var parts = new List<PyObject>();
        var i = 0;
        while (i < s.Length)
        {
            var j = i;
            while (j < s.Length && !IsLineBreak(s[j]))
            {
                j++;
            }

            var eol = j;
            if (j < s.Length)
            {
                j += s[j] == '\r' && j + 1 < s.Length && s[j + 1] == '\n' ? 2 : 1;
            }

            m.ChargeElements(1);
            parts.Add(PyStr.Create(m, keepEnds ? s[i..j] : s[i..eol]));
            i = j;
        }

        return new PyList(parts, adopt: true);
    }

    private static PyStr Join(ExecutionMeter m, string sep, PyObject iterable)
    {
        var items = iterable is PyList l ? l.Items : PyOps.ToList(m, iterable);
        long total = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not PyStr s)
            {
                throw PyException.Type($"sequence item {i}: expected str instance, {items[i].TypeName} found");
            }

            total += s.Value.Length + (i > 0 ? sep.Length : 0);
            m.CheckStringLength(total);
        }

        var sb = new StringBuilder((int)total);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(sep);
            }

            sb.Append(((PyStr)items[i]).Value);
        }

        return PyStr.Create(m, sb.ToString());
    }

    private static PyStr Replace(ExecutionMeter m, string s, string old, string replacement, long count)
    {
        if (count < 0)
        {
            count = long.MaxValue;
        }

        long occurrences;
        if (old.Length == 0)
        {
            occurrences = Math.Min(count, s.Length + 1L);
        }
        else
        {
            occurrences = 0;
            var p = 0;
            while (occurrences < count && (p = s.IndexOf(old, p, StringComparison.Ordinal)) >= 0)
            {
                occurrences++;
                p += old.Length;
            }
        }

        if (occurrences == 0)
        {
            return PyStr.From(s);
        }

        var length = s.Length + (occurrences * ((long)replacement.Length - old.Length));
        m.CheckStringLength(length);
        var sb = new StringBuilder((int)length);
        if (old.Length == 0)
        {
            for (var i = 0; i <= s.Length; i++)
            {
                if (i < occurrences)
                {
                    sb.Append(replacement);
                }

                if (i < s.Length)
                {
                    sb.Append(s[i]);
                }
            }

            return PyStr.Create(m, sb.ToString());
        }

        var pos = 0;
        for (long n = 0; n < occurrences; n++)
        {
            var k = s.IndexOf(old, pos, StringComparison.Ordinal);
            sb.Append(s, pos, k - pos).Append(replacement);
            pos = k + old.Length;
        }

        sb.Append(s, pos, s.Length - pos);
        return PyStr.Create(m, sb.ToString());
    }

    private static bool Affix(string s, PyObject affix, PyObject? start, PyObject? end, string name, bool prefix)
    {
        var (b, e) = Arg.Bounds(start, end, s.Length);
        if (affix is PyTuple tuple)
        {
            foreach (var item in tuple.Items)
            {
                if (item is not PyStr)
                {
                    throw PyException.Type($"tuple for {name} must only contain str, not {item.TypeName}");
                }

                if (Affix(s, item, start, end, name, prefix))
                {
                    return true;
                }
            }

            return false;
        }

        if (affix is not PyStr a)
        {
            throw PyException.Type($"{name} first arg must be str or a tuple of str, not {affix.TypeName}");
        }

        if (b > s.Length || e - b < a.Value.Length)
        {
            return false;
        }

        var window = s.AsSpan(b, Math.Max(0, e - b));
        return prefix ? window.StartsWith(a.Value, StringComparison.Ordinal) : window.EndsWith(a.Value, StringComparison.Ordinal);
    }

    private static int Find(string s, PyObject sub, PyObject? start, PyObject? end, string name, bool fromRight)
    {
        var needle = sub is PyStr ps ? ps.Value : throw PyException.Type($"must be str, not {sub.TypeName}");
        _ = name;
        long sRaw = start is null or PyNone ? 0 : Arg.Int(start);
        long eRaw = end is null or PyNone ? s.Length : Arg.Int(end);
        if (sRaw < 0)
        {
            sRaw = Math.Max(0, sRaw + s.Length);
        }

        if (eRaw < 0)
        {
            eRaw = Math.Max(0, eRaw + s.Length);
        }

        eRaw = Math.Min(eRaw, s.Length);
        if (sRaw > s.Length || eRaw - sRaw < needle.Length)
        {
            return -1;
        }

        var b = (int)sRaw;
        var e = (int)eRaw;
        var window = s.AsSpan(b, e - b);
        var k = fromRight ? window.LastIndexOf(needle.AsSpan(), StringComparison.Ordinal) : window.IndexOf(needle.AsSpan(), StringComparison.Ordinal);
        if (fromRight && needle.Length == 0)
        {
            k = window.Length;
        }

        return k < 0 ? -1 : k + b;
    }

    private static long CountSub(string s, PyObject sub, PyObject? start, PyObject? end)
    {
        var needle = sub is PyStr ps ? ps.Value : throw PyException.Type($"must be str, not {sub.TypeName}");
        long sRaw = start is null or PyNone ? 0 : Arg.Int(start);
        long eRaw = end is null or PyNone ? s.Length : Arg.Int(end);
        if (sRaw < 0)
        {
            sRaw = Math.Max(0, sRaw + s.Length);
        }

        if (eRaw < 0)
        {
            eRaw = Math.Max(0, eRaw + s.Length);
        }

        eRaw = Math.Min(eRaw, s.Length);
        if (sRaw > s.Length || eRaw < sRaw)
        {
            return 0;
        }

        if (needle.Length == 0)
        {
            return eRaw - sRaw + 1;
        }

        var window = s.AsSpan((int)sRaw, (int)(eRaw - sRaw));
        long n = 0;
        int p;
        while ((p = window.IndexOf(needle.AsSpan(), StringComparison.Ordinal)) >= 0)
        {
            n++;
            window = window[(p + needle.Length)..];
        }

        return n;
    }

    private static PyStr Justify(ExecutionMeter m, string s, PyObject widthArg, PyObject? fillArg, char align)
    {
        var width = Arg.Int(widthArg);
        var fill = ' ';
        if (fillArg is not null)
        {
            if (fillArg is not PyStr fs)
            {
                throw PyException.Type($"The fill character must be a unicode character, not {fillArg.TypeName}");
            }

            if (fs.Value.Length != 1)
            {
                throw PyException.Type("The fill character must be exactly one character long");
            }

            fill = fs.Value[0];
        }

        if (width <= s.Length)
        {
            return PyStr.Create(m, s);
        }

        m.CheckStringLength(width);
        var marg = (int)width - s.Length;
        var left = align switch
        {
            '<' => 0,
            '>' => marg,
            _ => (marg / 2) + (marg & (int)width & 1),
        };
        var sb = new StringBuilder((int)width);
        sb.Append(fill, left).Append(s).Append(fill, marg - left);
        return PyStr.Create(m, sb.ToString());
    }

    private static PyTuple Partition(ExecutionMeter m, string s, PyObject sepArg, bool fromRight)
    {
        var sep = sepArg is PyStr ps ? ps.Value : throw PyException.Type($"must be str, not {sepArg.TypeName}");
        if (sep.Length == 0)
        {
            throw PyException.ValueErr("empty separator");
        }

        var k = fromRight ? s.LastIndexOf(sep, StringComparison.Ordinal) : s.IndexOf(sep, StringComparison.Ordinal);
        m.ChargeElements(3);
        if (k < 0)
        {
            return fromRight
                ? PyTuple.Adopt([PyStr.Empty, PyStr.Empty, PyStr.From(s)])
                : PyTuple.Adopt([PyStr.From(s), PyStr.Empty, PyStr.Empty]);
        }

        return PyTuple.Adopt([PyStr.Create(m, s[..k]), PyStr.From(sep), PyStr.Create(m, s[(k + sep.Length)..])]);
    }
}
