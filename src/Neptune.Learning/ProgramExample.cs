namespace Neptune.Learning;

/// <summary>One training or test example of a neural program: which inputs go to the program's positions, and its expected output.</summary>
/// <param name="Inputs">For each program position, the index of its input sample (an image) in the input pool.</param>
/// <param name="Label">The program's expected output, as the black box writes it.</param>
/// <param name="Symbols">The true symbol of each position, when known (for per-symbol accuracy); never used in training.</param>
public sealed record ProgramExample(int[] Inputs, string Label, int[]? Symbols = null);

/// <summary>The input samples examples refer to: a row-major pool of equally sized samples.</summary>
/// <param name="Values">count × <paramref name="SampleSize"/> values.</param>
/// <param name="SampleSize">Values per sample.</param>
public sealed record InputPool(float[] Values, int SampleSize)
{
    /// <summary>The number of samples.</summary>
    public int Count => Values.Length / SampleSize;
}
