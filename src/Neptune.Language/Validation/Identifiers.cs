using System.Text;
using Neptune.Language.Runtime;

namespace Neptune.Language.Validation;

/// <summary>Identifier rules shared by the validator and the compiler.</summary>
internal static class Identifiers
{
    /// <summary>Builtins that exist in Python but are deliberately unavailable.</summary>
    public static readonly HashSet<string> Unavailable = new(StringComparer.Ordinal)
    {
        "eval", "exec", "compile", "open", "input", "getattr", "setattr", "delattr", "globals", "locals", "vars",
        "__import__", "breakpoint", "exit", "quit", "type", "object", "memoryview", "bytes", "bytearray",
    };

    /// <summary>Python's NFKC normalisation of identifiers; ASCII names are returned as they are.</summary>
    public static string Normalize(string name)
    {
        foreach (char c in name)
        {
            if (c > 127)
            {
                return name.Normalize(NormalizationForm.FormKC);
            }
        }

        return name;
    }

    public static bool IsReserved(string name) => name.Length >= 2 && name.StartsWith("__", StringComparison.Ordinal) && name.EndsWith("__", StringComparison.Ordinal);

    /// <summary>Exception classes visible as names: the runtime's kinds plus <c>BaseException</c>.</summary>
    public static bool TryGetExceptionKind(string name, out PyErrorKind kind)
    {
        if (name == "BaseException")
        {
            kind = PyErrorKind.Exception;
            return true;
        }

        return PyErrorKinds.TryParse(name, out kind);
    }
}
