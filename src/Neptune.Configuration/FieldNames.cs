using System.Text;

namespace Neptune.Configuration;

/// <summary>Spelling rules of field and flag names: snake_case fields, kebab-case flags, nearest-name suggestions.</summary>
public static class FieldNames
{
    /// <summary>The snake_case spelling of a camelCase or PascalCase name (<c>maxImageSide</c> → <c>max_image_side</c>).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The snake_case name; unchanged when it has no upper-case letter.</returns>
    public static string ToSnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool boundary = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                    || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                if (boundary && sb.Length > 0 && sb[^1] != '_')
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The flag of a field path (<c>noise.seed</c> → <c>--noise-seed</c>, <c>program_cache</c> → <c>--program-cache</c>).</summary>
    /// <param name="fieldPath">The dotted snake_case path.</param>
    /// <returns>The kebab-case flag.</returns>
    public static string ToFlag(string fieldPath)
    {
        ArgumentNullException.ThrowIfNull(fieldPath);
        return "--" + fieldPath.Replace('.', '-').Replace('_', '-');
    }

    /// <summary>Whether a name is snake_case: lower-case letters, digits and single underscores, starting with a letter.</summary>
    /// <param name="name">The name.</param>
    /// <returns>True when it is.</returns>
    public static bool IsSnakeCase(string name) =>
        !string.IsNullOrEmpty(name) && char.IsAsciiLetterLower(name[0]) && !name.EndsWith('_') && !name.Contains("__", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>Whether a flag is kebab-case: <c>--</c> then lower-case words joined by single hyphens.</summary>
    /// <param name="flag">The flag with its dashes.</param>
    /// <returns>True when it is.</returns>
    public static bool IsKebabCaseFlag(string flag)
    {
        if (flag is null || !flag.StartsWith("--", StringComparison.Ordinal) || flag.Length < 3)
        {
            return false;
        }

        string body = flag[2..];
        return char.IsAsciiLetterLower(body[0]) && !body.EndsWith('-') && !body.Contains("--", StringComparison.Ordinal)
            && body.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
    }

    /// <summary>The candidate closest to <paramref name="name"/> by edit distance, when it is close enough to be a likely typo.</summary>
    /// <param name="name">What was written.</param>
    /// <param name="candidates">The valid names.</param>
    /// <returns>The suggestion, or null.</returns>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        int bestDistance = int.MaxValue;
        string needle = Normalize(name);
        foreach (string candidate in candidates)
        {
            string c = Normalize(candidate);
            int d = c.StartsWith(needle, StringComparison.Ordinal) && needle.Length >= 3 ? 1 : Distance(needle, c);
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }

        int allowed = Math.Max(2, needle.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    private static string Normalize(string name) => ToSnakeCase(name.TrimStart('-')).Replace('-', '_');

    private static int Distance(string a, string b)
    {
        // Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
        int[,] d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
