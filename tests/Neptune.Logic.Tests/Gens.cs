using System.Globalization;
using System.Runtime.CompilerServices;
using CsCheck;

namespace Neptune.Logic.Tests;

/// <summary>
/// CsCheck generators for soft tensors. A failing property is shrunk to a small counterexample and reported with its
/// seed; rerun it with <c>CsCheck_Seed=SEED dotnet test ...</c> (and <c>CsCheck_Iter=N</c> for a longer search).
/// </summary>
internal static class Gens
{
    /// <summary>A truth value: one cell in five is exactly 0 or 1 (where the t-norms have edges), the rest uniform.</summary>
    public static readonly Gen<float> Cell = Gen.Int[0, 4].SelectMany(k => k == 0 ? Gen.OneOf(0f, 1f) : Gen.Float.Unit);

    /// <summary>A crisp truth value.</summary>
    public static readonly Gen<float> Bit = Gen.OneOf(0f, 1f);

    /// <summary>Every logic.</summary>
    public static readonly Gen<LogicKind> Kind = Gen.OneOf(Reference.AllKinds);

    /// <summary>A tensor over the variables with a fixed domain size.</summary>
    public static Gen<SoftTensor> Tensor(string[] variables, int n, bool binary = false) =>
        (binary ? Bit : Cell).Array[checked((int)Math.Pow(n, variables.Length))].Select(v => SoftTensor.Create(variables, n, v));

    /// <summary>One of the given shapes.</summary>
    public static Gen<string[]> Shape(params string[][] shapes) => Gen.OneOf(shapes);

    /// <summary>Runs a property over a generator, printing tensors with their cells when it fails.</summary>
    public static void Check<T>(this Gen<T> gen, Action<T> property, long iter = 100) =>
        gen.Sample(property, iter: iter, print: Print);

    /// <summary>Shows a sample: tensors with variables, domain size and cells; tuples element by element.</summary>
    public static string Print<T>(T value) => Show(value);

    private static string Show(object? value) => value switch
    {
        SoftTensor t => $"T[{string.Join(",", t.Variables)}; N={t.DomainSize}]{{{string.Join(" ", t.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}}",
        ITuple tuple => "(" + string.Join(", ", Enumerable.Range(0, tuple.Length).Select(i => Show(tuple[i]))) + ")",
        string[] names => "[" + string.Join(",", names) + "]",
        _ => CsCheck.Check.Print(value),
    };
}
