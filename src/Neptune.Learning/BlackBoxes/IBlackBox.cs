namespace Neptune.Learning.BlackBoxes;

/// <summary>
/// A program the learner can only run: it maps one symbol per input position to an output, or fails. Implementations
/// must be deterministic and safe to call from several threads.
/// </summary>
public interface IBlackBox
{
    /// <summary>Runs the program on one tuple of symbols.</summary>
    /// <param name="symbols">One class index per input position.</param>
    /// <returns>The output as text (a Python <c>repr</c> for Neptune programs), or null when the run failed.</returns>
    string? Run(ReadOnlySpan<int> symbols);
}

/// <summary>A C# function as a black box.</summary>
/// <param name="function">The function; receives a copy of the symbols and returns the output, or null for a failure.</param>
public sealed class DelegateBlackBox(Func<int[], string?> function) : IBlackBox
{
    private readonly Func<int[], string?> _function = function ?? throw new ArgumentNullException(nameof(function));

    /// <inheritdoc />
    public string? Run(ReadOnlySpan<int> symbols) => _function(symbols.ToArray());
}
