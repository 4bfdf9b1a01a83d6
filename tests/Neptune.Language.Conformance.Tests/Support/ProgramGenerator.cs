using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Neptune.Language.Conformance.Tests.Support;

/// <summary>
/// Random programs from a small grammar of the subset: statements, expressions, definitions, loops, calls to
/// builtins, methods and library functions with random literals. Not every program is valid or terminates; the
/// fuzz test only demands that every outcome is typed. Deterministic for a given <see cref="Random"/>.
/// </summary>
internal sealed class ProgramGenerator(Random random)
{
    private static readonly (string Name, int Min, int Max)[] Builtins =
    [
        ("len", 1, 1), ("range", 1, 3), ("min", 1, 3), ("max", 1, 3), ("sum", 1, 2), ("any", 1, 1), ("all", 1, 1),
        ("abs", 1, 1), ("round", 1, 2), ("int", 0, 1), ("float", 0, 1), ("str", 0, 1), ("bool", 0, 1), ("list", 0, 1),
        ("tuple", 0, 1), ("set", 0, 1), ("dict", 0, 1), ("sorted", 1, 1), ("enumerate", 1, 2), ("zip", 0, 3),
        ("reversed", 1, 1), ("map", 2, 3), ("filter", 2, 2), ("print", 0, 3), ("divmod", 2, 2), ("pow", 2, 3),
    ];

    private static readonly string[] Methods =
    [
        "append", "extend", "pop", "insert", "remove", "index", "count", "sort", "reverse", "copy", "clear", "get",
        "keys", "values", "items", "setdefault", "update", "add", "discard", "union", "intersection", "upper",
        "lower", "strip", "split", "join", "replace", "find", "startswith", "endswith", "format", "zfill", "center",
        "isdigit", "title", "partition", "exists", "forall", "count_distribution", "iota", "argmax", "implies",
        "given", "rename", "on", "prob", "bit_length", "is_integer",
    ];

    private static readonly string[] BinaryOperators =
    [
        "+", "-", "*", "/", "//", "%", "**", "&", "|", "^", "<<", ">>", "==", "!=", "<", "<=", ">", ">=",
        "and", "or", "in", "not in", "is", "is not",
    ];

    private static readonly string[] Questions =
    [
        "Is the object in the red box a cube?", "Is it red?", "Is the object in the red box left of the object in the green box?",
        "What color is the object in the red box?",
    ];

    private static readonly string[] FormatSpecs = ["", ":.2f", ":>8", ":<5", ":^7", ":,", ":e", ":g", ":%", ":05d", ":x", ":+.1f", ":*^9", "!r"];

    private static readonly string[] ExceptionKinds = ["Exception", "ValueError", "TypeError", "ZeroDivisionError", "KeyError", "IndexError", "NameError", "ArithmeticError", "LookupError"];

    private readonly List<string> _names = [];
    private readonly List<(string Name, int Arity)> _functions = [];
    private int _loopDepth;
    private int _functionDepth;
    private int _counter;
    private bool _hasMath;

    /// <summary>A Body-shape program (or, one time in eight, a module with <c>def execute():</c>).</summary>
    public string NextProgram()
    {
        _names.Clear();
        _functions.Clear();
        _loopDepth = 0;
        _functionDepth = 0;
        _counter = 0;
        _hasMath = false;
        var sb = new StringBuilder();
        bool executeShape = random.Next(8) == 0;
        if (random.Next(4) == 0)
        {
            sb.Append("import math\n");
            _hasMath = true;
        }

        int statements = random.Next(1, 8);
        string indent = executeShape ? "    " : string.Empty;
        if (executeShape)
        {
            sb.Append("def execute():\n");
            _functionDepth++;
        }

        for (int i = 0; i < statements; i++)
        {
            Statement(sb, indent, 0);
        }

        sb.Append(indent).Append("return ").Append(Expression(2)).Append('\n');
        return sb.ToString();
    }

    private void Statement(StringBuilder sb, string indent, int depth)
    {
        int choice = depth >= 2 ? random.Next(6) : random.Next(15);
        switch (choice)
        {
            case 0:
            case 1:
            {
                string name = NewName();
                sb.Append(indent).Append(name).Append(" = ").Append(Expression(3)).Append('\n');
                _names.Add(name);
                break;
            }

            case 2 when _names.Count > 0:
                sb.Append(indent).Append(ExistingName()).Append(' ').Append(Pick(["+=", "-=", "*=", "//=", "%=", "/=", "**=", "|=", "&="])).Append(' ').Append(Expression(2)).Append('\n');
                break;
            case 3:
                sb.Append(indent).Append("print(").Append(Expression(2)).Append(random.Next(3) == 0 ? ", sep=\"-\", end=\"\"" : string.Empty).Append(")\n");
                break;
            case 4 when _names.Count > 0:
                sb.Append(indent).Append(ExistingName()).Append('[').Append(Expression(1)).Append("] = ").Append(Expression(2)).Append('\n');
                break;
            case 5:
                if (_loopDepth > 0 && random.Next(2) == 0)
                {
                    sb.Append(indent).Append(random.Next(2) == 0 ? "break" : "continue").Append('\n');
                }
                else
                {
                    sb.Append(indent).Append(Expression(3)).Append('\n');
                }

                break;
            case 6:
            case 7:
                sb.Append(indent).Append("if ").Append(Expression(2)).Append(":\n");
                Block(sb, indent, depth);
                if (random.Next(2) == 0)
                {
                    sb.Append(indent).Append("elif ").Append(Expression(2)).Append(":\n");
                    Block(sb, indent, depth);
                }

                if (random.Next(2) == 0)
                {
                    sb.Append(indent).Append("else:\n");
                    Block(sb, indent, depth);
                }

                break;
            case 8:
            {
                string name = NewName();
                sb.Append(indent).Append("for ").Append(name).Append(" in ").Append(Iterable()).Append(":\n");
                _names.Add(name);
                _loopDepth++;
                Block(sb, indent, depth);
                _loopDepth--;
                break;
            }

            case 9:
            {
                string counter = NewName();
                sb.Append(indent).Append(counter).Append(" = 0\n");
                _names.Add(counter);
                sb.Append(indent).Append("while ").Append(random.Next(3) == 0 ? "True" : $"{counter} < {random.Next(0, 50)}").Append(":\n");
                _loopDepth++;
                sb.Append(indent).Append("    ").Append(counter).Append(" += 1\n");
                Block(sb, indent, depth);
                _loopDepth--;
                if (random.Next(4) == 0)
                {
                    sb.Append(indent).Append("else:\n");
                    Block(sb, indent, depth);
                }

                break;
            }

            case 10:
            case 11:
            {
                string name = "f" + (_counter++).ToString(CultureInfo.InvariantCulture);
                int arity = random.Next(0, 3);
                var parameters = Enumerable.Range(0, arity).Select(i => "p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
                if (random.Next(3) == 0)
                {
                    parameters.Add("k=" + Literal());
                }

                sb.Append(indent).Append("def ").Append(name).Append('(').Append(string.Join(", ", parameters)).Append("):\n");
                int saved = _names.Count;
                _names.AddRange(parameters.Select(p => p.Split('=')[0]));
                _functions.Add((name, arity));
                int savedLoops = _loopDepth;
                _loopDepth = 0;
                _functionDepth++;
                Block(sb, indent, depth);
                sb.Append(indent).Append("    return ").Append(Expression(2)).Append('\n');
                _functionDepth--;
                _loopDepth = savedLoops;
                _names.RemoveRange(saved, _names.Count - saved);
                break;
            }

            case 12:
                sb.Append(indent).Append("try:\n");
                Block(sb, indent, depth);
                sb.Append(indent).Append("except ").Append(Pick(ExceptionKinds)).Append(random.Next(2) == 0 ? " as e" : string.Empty).Append(":\n");
                Block(sb, indent, depth);
                if (random.Next(3) == 0)
                {
                    sb.Append(indent).Append("finally:\n");
                    Block(sb, indent, depth);
                }

                break;
            case 13:
                sb.Append(indent).Append("assert ").Append(Expression(2)).Append(random.Next(2) == 0 ? ", \"message\"" : string.Empty).Append('\n');
                break;
            default:
                if (random.Next(4) == 0)
                {
                    sb.Append(indent).Append("raise ").Append(Pick(ExceptionKinds)).Append("(\"boom\")\n");
                }
                else
                {
                    string a = NewName();
                    string b = NewName();
                    sb.Append(indent).Append(a).Append(", ").Append(b).Append(" = ").Append(Expression(2)).Append(", ").Append(Expression(2)).Append('\n');
                    _names.Add(a);
                    _names.Add(b);
                }

                break;
        }
    }

    private void Block(StringBuilder sb, string indent, int depth)
    {
        int visible = _names.Count;
        string inner = indent + "    ";
        int count = random.Next(1, 3);
        for (int i = 0; i < count; i++)
        {
            Statement(sb, inner, depth + 1);
        }

        if (_functionDepth > 0 && random.Next(5) == 0)
        {
            sb.Append(inner).Append("return ").Append(Expression(1)).Append('\n');
        }

        // Names first bound inside the block may be unbound after it: keep using only those bound before.
        _names.RemoveRange(visible, _names.Count - visible);
    }

    private string Iterable() => random.Next(6) switch
    {
        0 => $"range({random.Next(-3, 30)})",
        1 => $"range({random.Next(0, 5)}, {random.Next(0, 40)}, {Pick(["1", "2", "-1", "3"])})",
        2 => "\"" + RandomText(4) + "\"",
        3 => "[" + string.Join(", ", Enumerable.Range(0, random.Next(0, 5)).Select(_ => Literal())) + "]",
        4 => "objects()",
        _ => ExistingName(),
    };

    private string Expression(int depth)
    {
        if (depth <= 0)
        {
            return random.Next(3) == 0 ? ExistingName() : Literal();
        }

        switch (random.Next(17))
        {
            case 0:
            case 1:
                return Operand(depth - 1) + " " + Pick(BinaryOperators) + " " + Operand(depth - 1);
            case 2:
                return Pick(["-", "+", "not ", "~"]) + Operand(depth - 1);
            case 3:
            case 4:
            {
                var (name, min, max) = Builtins[random.Next(Builtins.Length)];
                int n = random.Next(20) == 0 ? random.Next(0, 4) : random.Next(min, max + 1);
                var args = Enumerable.Range(0, n).Select(_ => Expression(depth - 1)).ToList();
                if (random.Next(4) == 0 && KeywordArguments(name) is { Length: > 0 } keywords)
                {
                    args.Add(Pick(keywords));
                }

                return name + "(" + string.Join(", ", args) + ")";
            }

            case 5:
                return MethodCall(depth - 1);
            case 6:
                return random.Next(2) == 0
                    ? Operand(depth - 1) + "[" + Expression(depth - 1) + "]"
                    : Operand(depth - 1) + "[" + OptionalInt() + ":" + OptionalInt() + (random.Next(2) == 0 ? ":" + OptionalInt() : string.Empty) + "]";
            case 7:
                return random.Next(4) switch
                {
                    0 => "[" + string.Join(", ", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Expression(depth - 1))) + "]",
                    1 => "(" + string.Join(", ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Expression(depth - 1))) + ",)",
                    2 => "{" + string.Join(", ", Enumerable.Range(0, random.Next(0, 3)).Select(_ => Literal() + ": " + Expression(depth - 1))) + "}",
                    _ => "{" + string.Join(", ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Literal())) + "}",
                };
            case 8:
            {
                string v = "c" + (_counter++).ToString(CultureInfo.InvariantCulture);
                string body = Regex.Replace(Expression(depth - 1), @"\b" + Regex.Escape(ExistingNameOrDefault()) + @"\b", v);
                string filter = random.Next(3) == 0 ? " if " + v + " " + Pick(["> 1", "% 2 == 0", "!= 0"]) : string.Empty;
                return random.Next(4) switch
                {
                    0 => "[" + body + " for " + v + " in " + Iterable() + filter + "]",
                    1 => "{" + v + ": " + body + " for " + v + " in " + Iterable() + filter + "}",
                    2 => Pick(["sum", "any", "all", "sorted", "max", "min"]) + "(" + v + " for " + v + " in " + Iterable() + filter + ")",
                    _ => "{" + body + " for " + v + " in " + Iterable() + "}",
                };
            }

            case 9:
                return "(lambda " + Pick(["x", "x, y=2", "", "x=1"]) + ": " + Expression(depth - 1) + ")" + (random.Next(2) == 0 ? "(" + Literal() + ")" : string.Empty);
            case 10:
                return Operand(depth - 1) + " if " + Operand(depth - 1) + " else " + Operand(depth - 1);
            case 11:
                return "f\"" + RandomText(3).Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal) + "{" + (random.Next(2) == 0 && _names.Count > 0 ? _names[random.Next(_names.Count)] : random.Next(-50, 5000).ToString(CultureInfo.InvariantCulture)) + Pick(FormatSpecs) + "}" + "\"";
            case 12:
                return random.Next(4) switch
                {
                    0 => "score(\"" + Pick(Questions) + "\"" + (random.Next(2) == 0 ? ", " + random.Next(1, 4).ToString(CultureInfo.InvariantCulture) : string.Empty) + ")",
                    1 => "query(\"" + Pick(Questions) + "\", " + Pick(["0", "1", "2", "objects()[0]", "score(\"Is it red?\").iota()"]) + ")",
                    2 => "objects()",
                    _ => "score(\"" + Pick(Questions) + "\")." + Pick(["exists()", "forall()", "count()", "iota()", "argmax()", "count_distribution()", "exists(\"x\")", "value"]),
                };
            case 13:
                if (_functions.Count == 0)
                {
                    return Literal();
                }

                var (function, arity) = _functions[random.Next(_functions.Count)];
                return function + "(" + string.Join(", ", Enumerable.Range(0, random.Next(20) == 0 ? random.Next(0, 4) : arity).Select(_ => Expression(depth - 1))) + ")";
            case 14 when _hasMath:
                return "math." + Pick(["sqrt", "floor", "ceil", "log", "exp", "pi", "inf", "factorial", "gcd", "isclose"]) + (random.Next(4) == 0 ? string.Empty : "(" + Expression(depth - 1) + ")");
            case 15:
                return "(" + Expression(depth - 1) + ")";
            default:
                return random.Next(2) == 0 ? ExistingName() : Literal();
        }
    }

    private string OptionalInt() => random.Next(3) == 0 ? string.Empty : random.Next(-5, 6).ToString(CultureInfo.InvariantCulture);

    private string Literal() => random.Next(10) switch
    {
        0 => random.Next(-10, 100).ToString(CultureInfo.InvariantCulture),
        1 => Pick(["0", "1", "-1", "2", "10", "255", "9223372036854775807", "10 ** 18", "2 ** 62"]),
        2 => Pick(["0.0", "-0.0", "0.1", "1.5", "2.5", "1e16", "1e-7", "1e308", "3.14159", "float('inf')", "float('nan')"]),
        3 or 4 => "\"" + RandomText(random.Next(0, 6)) + "\"",
        5 => Pick(["True", "False", "None"]),
        6 => "[" + random.Next(0, 9).ToString(CultureInfo.InvariantCulture) + ", " + random.Next(0, 9).ToString(CultureInfo.InvariantCulture) + "]",
        7 => "(" + random.Next(0, 9).ToString(CultureInfo.InvariantCulture) + ", \"" + RandomText(2) + "\")",
        8 => "{\"" + RandomText(1) + "\": " + random.Next(0, 9).ToString(CultureInfo.InvariantCulture) + "}",
        _ => random.Next(0, 1000).ToString(CultureInfo.InvariantCulture),
    };

    private string RandomText(int length)
    {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            sb.Append(random.Next(12) switch
            {
                0 => Pick(["é", "ß", "Ω", "☃", "中", "ｅ", " "]),
                1 => Pick(["{}", "{0}", "{x}", "\\n", "\\t", "'"]),
                _ => ((char)random.Next('a', 'z' + 1)).ToString(),
            });
        }

        return sb.ToString();
    }

    private string NewName() => "v" + (_counter++).ToString(CultureInfo.InvariantCulture);

    private string ExistingName() =>
        random.Next(100) == 0 ? Pick(["undefined_name", "x", "e"])
        : _names.Count == 0 ? Literal()
        : _names[random.Next(_names.Count)];

    private string ExistingNameOrDefault() => _names.Count == 0 ? "\u0000" : _names[random.Next(_names.Count)];

    private string Pick(string[] options) => options[random.Next(options.Length)];

    /// <summary>An expression safe to use as an operand or a receiver: atoms as they are, anything else parenthesised.</summary>
    private string Operand(int depth)
    {
        string e = Expression(depth);
        return (char.IsLetter(e[0]) || e[0] == '_') && e.All(c => char.IsLetterOrDigit(c) || c == '_') ? e : "(" + e + ")";
    }

    private static string[] KeywordArguments(string builtin) => builtin switch
    {
        "sorted" => ["key=len", "reverse=True", "key=lambda v: -v", "key=str"],
        "min" or "max" => ["key=len", "default=0", "key=lambda v: -v"],
        "sum" => ["start=1"],
        "enumerate" => ["start=1"],
        "round" => ["ndigits=2"],
        "print" => ["sep=\"\"", "end=\"!\""],
        _ => [],
    };

    /// <summary>A method call, usually on a receiver of the method's own type so that validation accepts it.</summary>
    private string MethodCall(int depth)
    {
        string receiver;
        string method;
        int arguments;
        switch (random.Next(6))
        {
            case 0:
                receiver = "[" + Literal() + ", " + Literal() + "]";
                (method, arguments) = Pick([("append", 1), ("index", 1), ("count", 1), ("pop", 0), ("copy", 0), ("insert", 2), ("remove", 1), ("extend", 1), ("reverse", 0)]);
                break;
            case 1:
                receiver = "\"" + RandomText(random.Next(0, 5)) + "\"";
                (method, arguments) = Pick([("upper", 0), ("split", 0), ("strip", 0), ("replace", 2), ("find", 1), ("join", 1), ("format", 1), ("zfill", 1), ("center", 1), ("startswith", 1), ("partition", 1), ("count", 1), ("isdigit", 0), ("title", 0)]);
                break;
            case 2:
                receiver = "{\"" + RandomText(1) + "\": " + Literal() + "}";
                (method, arguments) = Pick([("get", 1), ("keys", 0), ("values", 0), ("items", 0), ("pop", 1), ("setdefault", 2), ("update", 1), ("copy", 0)]);
                break;
            case 3:
                receiver = "{" + Literal() + "}";
                (method, arguments) = Pick([("add", 1), ("discard", 1), ("union", 1), ("intersection", 1), ("issubset", 1), ("copy", 0)]);
                break;
            case 4:
                receiver = "score(\"" + Pick(Questions) + "\"" + (random.Next(3) == 0 ? ", 2" : string.Empty) + ")";
                (method, arguments) = Pick([("exists", 0), ("forall", 0), ("count", 0), ("iota", 0), ("argmax", 0), ("count_distribution", 0), ("implies", 1), ("given", 1)]);
                break;
            default:
                receiver = Operand(depth);
                method = Pick(Methods);
                arguments = random.Next(0, 3);
                break;
        }

        if (random.Next(20) == 0)
        {
            arguments = random.Next(0, 4);
        }

        return receiver + "." + method + "(" + string.Join(", ", Enumerable.Range(0, arguments).Select(_ => Expression(depth))) + ")";
    }

    private (string, int) Pick((string, int)[] options) => options[random.Next(options.Length)];
}
