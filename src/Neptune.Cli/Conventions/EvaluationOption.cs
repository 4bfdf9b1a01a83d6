using System.CommandLine;
using Neptune.Language;

namespace Neptune.Cli.Conventions;

/// <summary>The <c>--evaluation</c> flag of the commands that run programs over a model (ask, find).</summary>
internal static class EvaluationOption
{
    /// <summary>Builds the flag.</summary>
    /// <returns>The flag; unset when not given.</returns>
    public static Option<string?> Create() => new("--evaluation")
    {
        Description = $"How the program makes its model calls (every mode gives the same answers): {string.Join(", ", EvaluationModes.Available)} (default: eager, each call when the program reaches it; prefetch issues the literal score() calls together before the run; lazy scores only the tuples that can change the result).",
        HelpName = string.Join("|", EvaluationModes.Available),
    };

    /// <summary>Reads the flag.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="option">The flag.</param>
    /// <returns>The mode, or null when the flag was not given.</returns>
    /// <exception cref="UsageException">The value is not an available mode.</exception>
    public static EvaluationMode? Read(ParseResult parse, Option<string?> option)
    {
        if (parse.GetValue(option) is not { } text)
        {
            return null;
        }

        return EvaluationModes.TryParse(text, out EvaluationMode mode, out string? error) ? mode : throw new UsageException($"--evaluation: {error}");
    }
}
