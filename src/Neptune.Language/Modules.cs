using Neptune.Language.Runtime;

namespace Neptune.Language;

/// <summary>The modules a program can import.</summary>
internal static class Modules
{
    public static readonly string[] Known = ["math"];

    public static bool IsKnown(string name) => name == "math";

    public static PyModule? Get(string name) => name == "math" ? PyMath.Module : null;
}
