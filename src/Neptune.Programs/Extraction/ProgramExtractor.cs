using System.Text.RegularExpressions;

namespace Neptune.Programs.Extraction;

/// <summary>A program and the object names extracted from a model's answer.</summary>
/// <param name="Source">The program text, with <c>\n</c> line endings and a final newline.</param>
/// <param name="Objects">The object names from the <c>&lt;objects&gt;</c> list (empty when the answer had none).</param>
public sealed record ExtractedProgram(string Source, IReadOnlyList<string> Objects);

/// <summary>
/// Pulls the program out of a model's answer. Tolerates chatter around the code, several fences, reasoning in
/// <c>&lt;think&gt;…&lt;/think&gt;</c> blocks (closed or cut off), a missing fence and Windows line endings.
/// </summary>
/// <remarks>
/// Order of preference: the last <c>```python</c> (or <c>```py</c>) fence that contains code with a result
/// (<c>return</c> or <c>def execute</c>); else the last such untagged fence; else the last non-empty python or untagged
/// fence; with no fence at all, the text from the first line that looks like Python. An unclosed final fence (an answer
/// cut off by the token limit) counts as a fence. Validation, not extraction, decides whether the code is a program.
/// </remarks>
public static partial class ProgramExtractor
{
    /// <summary>Extracts the program.</summary>
    /// <param name="response">The model's answer text.</param>
    /// <param name="program">The program, when found.</param>
    /// <param name="failure">Why nothing was found, otherwise null.</param>
    /// <returns>Whether a program was found.</returns>
    public static bool TryExtract(string? response, out ExtractedProgram? program, out string? failure)
    {
        program = null;
        if (string.IsNullOrWhiteSpace(response))
        {
            failure = "the answer is empty";
            return false;
        }

        string text = response.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        text = StripThinking(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            failure = "the answer contains only reasoning (<think>) and no program";
            return false;
        }

        IReadOnlyList<string> objects = ReadObjects(text);
        string withoutObjects = ObjectsTag().Replace(text, "\n");
        string? code = FromFences(withoutObjects) ?? FromBareText(withoutObjects);
        if (code is null)
        {
            failure = "the answer contains no program: no ```python fence and no line of Python";
            return false;
        }

        code = Dedent(code).Trim('\n');
        if (code.Trim().Length == 0)
        {
            failure = "the answer's code fence is empty";
            return false;
        }

        program = new ExtractedProgram(code + "\n", objects);
        failure = null;
        return true;
    }

    /// <summary>Removes <c>&lt;think&gt;…&lt;/think&gt;</c> blocks; an unclosed block runs to the end of the text, while a closing tag without an opening one ends a block begun before the answer.</summary>
    internal static string StripThinking(string text)
    {
        // Some servers strip the opening tag (the chat template adds it): everything before a lone closing tag is reasoning.
        int firstClose = text.IndexOf("</think>", StringComparison.OrdinalIgnoreCase);
        int firstOpen = text.IndexOf("<think>", StringComparison.OrdinalIgnoreCase);
        if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen))
        {
            text = text[(firstClose + "</think>".Length)..];
        }

        text = ThinkBlock().Replace(text, "\n");
        int open = text.IndexOf("<think>", StringComparison.OrdinalIgnoreCase);
        return open >= 0 ? text[..open] : text;
    }

    private static IReadOnlyList<string> ReadObjects(string text)
    {
        MatchCollection matches = ObjectsTag().Matches(text);
        if (matches.Count == 0)
        {
            return [];
        }

        string inner = matches[^1].Groups["list"].Value;
        var names = new List<string>();
        foreach (string part in inner.Split([',', '\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string name = part.Trim('[', ']', '"', '\'', '`', '-', '*', ' ', '\t', '.').Trim();
            if (name.Length > 0 && !names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static string? FromFences(string text)
    {
        var fences = new List<(string Tag, string Body)>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            string tag = trimmed[3..].Trim().ToLowerInvariant();
            int end = i + 1;
            while (end < lines.Length && !lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            fences.Add((tag, string.Join('\n', lines, i + 1, Math.Max(0, end - i - 1))));
            i = end;
        }

        if (fences.Count == 0)
        {
            return null;
        }

        static bool IsPython(string tag) => tag is "python" or "py" or "python3";
        static bool HasResult(string body) => ResultLine().IsMatch(body);

        // Nullable elements: LastOrDefault over the bare tuples would give (null, null), not null, and stop the fallbacks.
        List<(string Tag, string Body)?> all = [.. fences.Select(f => ((string Tag, string Body)?)f)];
        (string Tag, string Body)? best = all.LastOrDefault(f => IsPython(f!.Value.Tag) && HasResult(f.Value.Body));
        best ??= all.LastOrDefault(f => f!.Value.Tag.Length == 0 && HasResult(f.Value.Body));
        best ??= all.LastOrDefault(f => (IsPython(f!.Value.Tag) || f.Value.Tag.Length == 0) && f.Value.Body.Trim().Length > 0);
        return best is { } chosen && !string.IsNullOrEmpty(chosen.Body) ? chosen.Body : null;
    }

    private static string? FromBareText(string text)
    {
        string[] lines = text.Split('\n');
        int start = Array.FindIndex(lines, l => CodeStart().IsMatch(l));
        if (start < 0)
        {
            return null;
        }

        // Keep code lines; stop at the first unindented line of prose after the code.
        int end = start;
        for (int i = start; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0 || char.IsWhiteSpace(line[0]) || CodeLine().IsMatch(line))
            {
                end = i;
                continue;
            }

            break;
        }

        string code = string.Join('\n', lines, start, end - start + 1);
        return ResultLine().IsMatch(code) ? code : null;
    }

    private static string Dedent(string code)
    {
        string[] lines = code.Split('\n');
        int indent = int.MaxValue;
        foreach (string line in lines)
        {
            if (line.Trim().Length > 0)
            {
                indent = Math.Min(indent, line.Length - line.TrimStart(' ', '\t').Length);
            }
        }

        if (indent is 0 or int.MaxValue)
        {
            return code;
        }

        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [GeneratedRegex(@"<think>.*?</think>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ThinkBlock();

    [GeneratedRegex(@"<objects>(?<list>.*?)</objects>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ObjectsTag();

    // A program's result: a top-level return, def execute(), or VIRO's FINAL_RESULT = RESULT(object=VAR).
    [GeneratedRegex(@"^\s*(return\b|def\s+execute\s*\(|[A-Za-z_]\w*\s*=\s*RESULT\s*\()", RegexOptions.Multiline)]
    private static partial Regex ResultLine();

    [GeneratedRegex(@"^(def\s+\w+\s*\(|import\s+\w|from\s+\w+\s+import\b|return\b|[A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)*\s*(=|\+=|-=)(?!=)|for\s+\w.*:\s*$|if\s+.*:\s*$|#)")]
    private static partial Regex CodeStart();

    [GeneratedRegex(@"^(def|import|from|return|for|while|if|elif|else|try|except|finally|pass|break|continue|assert|raise)\b|^[A-Za-z_][\w.\[\], ]*\s*(=|\+=|-=|\*=|/=)(?!=)|^#|^[A-Za-z_]\w*\(")]
    private static partial Regex CodeLine();
}
