using Neptune.Clevr;

namespace Neptune.Evaluation;

/// <summary>The kind of answer a CLEVR question asks for, from the last function of its official program.</summary>
public enum AnswerCategory
{
    /// <summary>No official program, or a last function outside the five categories.</summary>
    Other = 0,

    /// <summary><c>count</c>.</summary>
    Count = 1,

    /// <summary><c>exist</c>.</summary>
    Exist = 2,

    /// <summary><c>equal_integer</c>, <c>less_than</c>, <c>greater_than</c>.</summary>
    CompareInteger = 3,

    /// <summary><c>equal_color</c>, <c>equal_shape</c>, <c>equal_material</c>, <c>equal_size</c>.</summary>
    CompareAttribute = 4,

    /// <summary><c>query_color</c>, <c>query_shape</c>, <c>query_material</c>, <c>query_size</c>.</summary>
    QueryAttribute = 5,
}

/// <summary>Classifies questions into <see cref="AnswerCategory"/> values and names them.</summary>
public static class AnswerCategories
{
    /// <summary>The category of a program: that of its last node.</summary>
    /// <param name="program">The official program.</param>
    /// <returns>The category.</returns>
    public static AnswerCategory Of(IReadOnlyList<ClevrProgramNode> program)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.Count == 0)
        {
            return AnswerCategory.Other;
        }

        return program[^1].Function switch
        {
            ClevrFunction.Count => AnswerCategory.Count,
            ClevrFunction.Exist => AnswerCategory.Exist,
            ClevrFunction.EqualInteger or ClevrFunction.LessThan or ClevrFunction.GreaterThan => AnswerCategory.CompareInteger,
            ClevrFunction.EqualColor or ClevrFunction.EqualShape or ClevrFunction.EqualMaterial or ClevrFunction.EqualSize => AnswerCategory.CompareAttribute,
            ClevrFunction.QueryColor or ClevrFunction.QueryShape or ClevrFunction.QueryMaterial or ClevrFunction.QuerySize => AnswerCategory.QueryAttribute,
            _ => AnswerCategory.Other,
        };
    }

    /// <summary>The display name used in results and summaries ("Compare Integer").</summary>
    /// <param name="category">The category.</param>
    /// <returns>The name.</returns>
    public static string Name(AnswerCategory category) => category switch
    {
        AnswerCategory.Count => "Count",
        AnswerCategory.Exist => "Exist",
        AnswerCategory.CompareInteger => "Compare Integer",
        AnswerCategory.CompareAttribute => "Compare Attribute",
        AnswerCategory.QueryAttribute => "Query Attribute",
        _ => "Other",
    };
}

/// <summary>The failure kinds recorded in results. A failed question is always a wrong answer, never dropped.</summary>
public static class FailureKinds
{
    /// <summary>The program source has no program for the question.</summary>
    public const string NoProgram = "no_program";

    /// <summary>The official program could not be translated.</summary>
    public const string Translation = "translation";

    /// <summary>The program has syntax or validation errors.</summary>
    public const string Validation = "validation";

    /// <summary>The program raised a Python error it did not catch (or the interpreter failed internally).</summary>
    public const string Runtime = "runtime";

    /// <summary>The program exhausted a budget (steps, time, call depth, elements, ...).</summary>
    public const string Budget = "budget";

    /// <summary>Perception failed (a question the world cannot interpret, a wrong argument).</summary>
    public const string Perception = "perception";

    /// <summary>The program returned a value that is not an answer.</summary>
    public const string BadResult = "bad_result";

    /// <summary>The question's image index has no scene in the scene file.</summary>
    public const string NoScene = "no_scene";

    /// <summary>
    /// The picture could not be perceived (pixel perception): its file is missing ("image_missing"), unreadable
    /// ("image_unreadable"), not a decodable JPEG, PNG, WebP, GIF or BMP image ("image_undecodable"), not 480×320 ("image_invalid"), or its scene
    /// cannot be rendered ("scene_unrenderable").
    /// </summary>
    public const string Image = "image";
}
