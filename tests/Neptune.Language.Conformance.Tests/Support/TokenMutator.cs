using System.Text;
using System.Text.RegularExpressions;

namespace Neptune.Language.Conformance.Tests.Support;

/// <summary>
/// Token-level mutations of valid programs: delete, duplicate, swap or insert tokens, and splice in random
/// Unicode. The tokeniser is deliberately rough (a regular expression, not the real lexer) so that mutations
/// also cut through strings, numbers and indentation.
/// </summary>
internal static partial class TokenMutator
{
    private static readonly string[] InsertPool =
    [
        "(", ")", "[", "]", "{", "}", ":", ",", ".", "=", "==", "+", "-", "*", "**", "/", "//", "%", "<", ">", "@",
        "\n", "    ", "\t", "\\", "\"", "'", "\"\"\"", "f\"{", "}", "#", ";", "...", "->", ":=",
        "if", "else", "elif", "for", "while", "in", "not", "and", "or", "is", "lambda", "return", "def", "try",
        "except", "finally", "raise", "assert", "pass", "break", "continue", "import", "from", "as", "class",
        "with", "yield", "global", "nonlocal", "del", "async", "await", "None", "True", "False",
        "__class__", "__dict__", "__import__", "eval", "exec", "open", "getattr", "ｅｖａｌ", "𝑒𝑣𝑎𝑙",
        "0", "1", "-1", "10**10**10", "1e308", "0x", "1_", "9" + new string('9', 30), "\"\\x\"", "\"\\N{DASH}\"",
        "score(\"q\")", "query(\"q\", 0)", "objects()", "math.sqrt", "print", "range(10**9)",
    ];

    [GeneratedRegex(@"[A-Za-z_][A-Za-z_0-9]*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)*'|\n|[ \t]+|\*\*|//|==|!=|<=|>=|\+=|-=|\S", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    public static string Mutate(string source, Random random)
    {
        var tokens = TokenPattern().Matches(source).Select(m => m.Value).ToList();
        int mutations = random.Next(1, 4);
        for (int i = 0; i < mutations; i++)
        {
            int at = tokens.Count == 0 ? 0 : random.Next(tokens.Count);
            switch (random.Next(6))
            {
                case 0 when tokens.Count > 0:
                    tokens.RemoveAt(at);
                    break;
                case 1 when tokens.Count > 0:
                    tokens.Insert(at, tokens[at]);
                    break;
                case 2 when tokens.Count > 1:
                    int other = random.Next(tokens.Count);
                    (tokens[at], tokens[other]) = (tokens[other], tokens[at]);
                    break;
                case 3:
                    tokens.Insert(at, InsertPool[random.Next(InsertPool.Length)]);
                    break;
                case 4:
                    tokens.Insert(at, RandomUnicode(random));
                    break;
                default:
                    if (tokens.Count > 0 && tokens[at].Length > 0)
                    {
                        var chars = tokens[at].ToCharArray();
                        chars[random.Next(chars.Length)] = (char)random.Next(0x20, 0x7F);
                        tokens[at] = new string(chars);
                    }

                    break;
            }
        }

        return string.Concat(tokens);
    }

    private static string RandomUnicode(Random random)
    {
        var sb = new StringBuilder();
        int count = random.Next(1, 4);
        for (int i = 0; i < count; i++)
        {
            int codePoint = random.Next(5) switch
            {
                0 => random.Next(0x00, 0x20),          // control characters, NUL included
                1 => random.Next(0x80, 0x800),         // Latin, Greek, Cyrillic, combining marks
                2 => random.Next(0xFF00, 0xFFF0),      // fullwidth forms
                3 => random.Next(0x1D400, 0x1D800),    // mathematical alphanumerics (astral)
                _ => random.Next(0xD800, 0xE000),      // lone surrogates
            };
            if (codePoint is >= 0xD800 and < 0xE000)
            {
                sb.Append((char)codePoint);
            }
            else
            {
                sb.Append(char.ConvertFromUtf32(codePoint));
            }
        }

        return sb.ToString();
    }
}
