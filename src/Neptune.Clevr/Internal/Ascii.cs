using System.Runtime.CompilerServices;

namespace Neptune.Clevr.Internal;

/// <summary>Comparisons of UTF-8 bytes with ASCII strings without decoding.</summary>
internal static class Ascii
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Equals(ReadOnlySpan<byte> utf8, string ascii)
    {
        if (utf8.Length != ascii.Length)
        {
            return false;
        }

        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] != ascii[i])
            {
                return false;
            }
        }

        return true;
    }
}
