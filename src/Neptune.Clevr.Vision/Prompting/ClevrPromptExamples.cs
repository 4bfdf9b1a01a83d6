using Neptune.Clevr.Translation;
using Neptune.Programs.Prompting;

namespace Neptune.Clevr.Vision.Prompting;

/// <summary>
/// CLEVR's few-shot examples for program generation: CLEVR questions whose official functional programs are
/// translated by <see cref="ClevrProgramTranslator"/>, so they always match the translator's idiom.
/// </summary>
public static class ClevrPromptExamples
{
    /// <summary>The translated CLEVR examples.</summary>
    public static IReadOnlyList<PromptExample> Examples { get; } = Create();

    /// <summary>
    /// The built-in template with the CLEVR examples before the generic ones: the template the <c>neptune</c> tool
    /// uses when a config names none (version <see cref="PromptTemplate.DefaultVersion"/>).
    /// </summary>
    public static PromptTemplate Template { get; } = PromptTemplate.Default with { Examples = [.. Examples, .. PromptTemplate.Default.Examples] };

    private static PromptExample[] Create() =>
    [
        Clevr(
            "Are there the same number of tiny red cylinders and gray objects?",
            ["cylinder", "object"],
            N(ClevrFunction.Scene), N(ClevrFunction.FilterSize, [0], "small"), N(ClevrFunction.FilterColor, [1], "red"),
            N(ClevrFunction.FilterShape, [2], "cylinder"), N(ClevrFunction.Count, [3]), N(ClevrFunction.Scene),
            N(ClevrFunction.FilterColor, [5], "gray"), N(ClevrFunction.Count, [6]), N(ClevrFunction.EqualInteger, [4, 7])),
        Clevr(
            "What color is the cube to the left of the sphere?",
            ["cube", "sphere"],
            N(ClevrFunction.Scene), N(ClevrFunction.FilterShape, [0], "sphere"), N(ClevrFunction.Unique, [1]),
            N(ClevrFunction.Relate, [2], "left"), N(ClevrFunction.FilterShape, [3], "cube"), N(ClevrFunction.Unique, [4]),
            N(ClevrFunction.QueryColor, [5])),
        Clevr(
            "Is there a large metal thing that is behind the green cylinder?",
            ["object", "cylinder"],
            N(ClevrFunction.Scene), N(ClevrFunction.FilterColor, [0], "green"), N(ClevrFunction.FilterShape, [1], "cylinder"),
            N(ClevrFunction.Unique, [2]), N(ClevrFunction.Relate, [3], "behind"), N(ClevrFunction.FilterSize, [4], "large"),
            N(ClevrFunction.FilterMaterial, [5], "metal"), N(ClevrFunction.Exist, [6])),
    ];

    private static PromptExample Clevr(string question, string[] objects, params ClevrProgramNode[] program) =>
        new(question, objects, ClevrProgramTranslator.Translate(program));

    private static ClevrProgramNode N(ClevrFunction function, int[]? inputs = null, params string[] values) =>
        new(function, inputs ?? [], values);
}
