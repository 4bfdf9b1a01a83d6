namespace Neptune.Clevr;

/// <summary>
/// The canonical question texts the scene world understands (it also understands common paraphrases of them). The
/// first object argument is "the object in the red box", the second "the object in the green box", the third "the
/// object in the blue box".
/// </summary>
public static class ClevrQuestions
{
    private static readonly string[] BoxColors = ["red", "green", "blue"];

    // The canonical texts are fixed, so each is built once: programs and worlds ask for them on every question.
    private static readonly string[] ObjectPhrases = [BuildObjectIn(0), BuildObjectIn(1), BuildObjectIn(2)];
    private static readonly string[] RelationQuestions =
        [BuildRelation(ClevrRelation.Left), BuildRelation(ClevrRelation.Right), BuildRelation(ClevrRelation.Front), BuildRelation(ClevrRelation.Behind)];

    private static readonly string[] SameQuestions =
        [BuildSame(ClevrAttribute.Color), BuildSame(ClevrAttribute.Shape), BuildSame(ClevrAttribute.Material), BuildSame(ClevrAttribute.Size)];

    private static readonly string[] QueryQuestions =
        [BuildQuery(ClevrAttribute.Color), BuildQuery(ClevrAttribute.Shape), BuildQuery(ClevrAttribute.Material), BuildQuery(ClevrAttribute.Size)];

    private static readonly Dictionary<string, string> AttributeQuestions = BuildAttributeQuestions();

    /// <summary>"the object in the red box" for argument 0, green for 1, blue for 2.</summary>
    /// <param name="argument">The argument position, 0 to 2.</param>
    /// <returns>The noun phrase.</returns>
    public static string ObjectIn(int argument)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(argument);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(argument, 2);
        return ObjectPhrases[argument];
    }

    /// <summary>"Is the object in the red box red?", "… a cube?", "… metal?", "… large?".</summary>
    /// <param name="value">An official attribute value.</param>
    /// <returns>The question.</returns>
    /// <exception cref="ArgumentException">The value is not a CLEVR attribute value.</exception>
    public static string Attribute(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (AttributeQuestions.TryGetValue(value, out string? known))
        {
            return known;
        }

        return BuildAttribute(value);
    }

    private static string BuildAttribute(string value)
    {
        if (!ClevrVocabulary.TryGetAttributeOf(value, out var attribute))
        {
            throw new ArgumentException($"'{value}' is not a CLEVR attribute value.", nameof(value));
        }

        return attribute == ClevrAttribute.Shape ? $"Is {ObjectIn(0)} a {value}?" : $"Is {ObjectIn(0)} {value}?";
    }

    /// <summary>"Is the object in the red box left of the object in the green box?" (also "right of", "in front of", "behind").</summary>
    /// <param name="relation">"left", "right", "front" or "behind".</param>
    /// <returns>The question.</returns>
    /// <exception cref="ArgumentException">The name is not a CLEVR relation.</exception>
    public static string Relation(string relation)
    {
        ArgumentNullException.ThrowIfNull(relation);
        return ClevrVocabulary.TryParseRelation(relation, out var r)
            ? Relation(r)
            : throw new ArgumentException($"'{relation}' is not a CLEVR relation (left, right, front, behind).", nameof(relation));
    }

    /// <summary>The canonical relation question for a relation.</summary>
    /// <param name="relation">The relation.</param>
    /// <returns>The question.</returns>
    public static string Relation(ClevrRelation relation) =>
        (uint)relation < (uint)RelationQuestions.Length ? RelationQuestions[(int)relation] : BuildRelation(relation);

    private static string BuildRelation(ClevrRelation relation)
    {
        string phrase = relation switch
        {
            ClevrRelation.Left => "left of",
            ClevrRelation.Right => "right of",
            ClevrRelation.Front => "in front of",
            ClevrRelation.Behind => "behind",
            _ => throw new ArgumentOutOfRangeException(nameof(relation), relation, "Unknown CLEVR relation."),
        };
        return $"Is {ObjectIn(0)} {phrase} {ObjectIn(1)}?";
    }

    /// <summary>"Does the object in the red box have the same color as the object in the green box?".</summary>
    /// <param name="attribute">"color", "shape", "material" or "size".</param>
    /// <returns>The question.</returns>
    /// <exception cref="ArgumentException">The name is not a CLEVR attribute.</exception>
    public static string Same(string attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return ClevrVocabulary.TryParseAttribute(attribute, out var a)
            ? Same(a)
            : throw new ArgumentException($"'{attribute}' is not a CLEVR attribute (color, shape, material, size).", nameof(attribute));
    }

    /// <summary>The canonical same-attribute question for an attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The question.</returns>
    public static string Same(ClevrAttribute attribute) =>
        (uint)attribute < (uint)SameQuestions.Length ? SameQuestions[(int)attribute] : BuildSame(attribute);

    private static string BuildSame(ClevrAttribute attribute) =>
        $"Does {ObjectIn(0)} have the same {ClevrVocabulary.NameOf(attribute)} as {ObjectIn(1)}?";

    /// <summary>"What color is the object in the red box?" (shape, material, size likewise).</summary>
    /// <param name="attribute">"color", "shape", "material" or "size".</param>
    /// <returns>The question.</returns>
    /// <exception cref="ArgumentException">The name is not a CLEVR attribute.</exception>
    public static string Query(string attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return ClevrVocabulary.TryParseAttribute(attribute, out var a)
            ? Query(a)
            : throw new ArgumentException($"'{attribute}' is not a CLEVR attribute (color, shape, material, size).", nameof(attribute));
    }

    /// <summary>The canonical query question for an attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The question.</returns>
    public static string Query(ClevrAttribute attribute) =>
        (uint)attribute < (uint)QueryQuestions.Length ? QueryQuestions[(int)attribute] : BuildQuery(attribute);

    private static string BuildQuery(ClevrAttribute attribute) => $"What {ClevrVocabulary.NameOf(attribute)} is {ObjectIn(0)}?";

    private static string BuildObjectIn(int argument) => $"the object in the {BoxColors[argument]} box";

    private static Dictionary<string, string> BuildAttributeQuestions()
    {
        var questions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ClevrAttribute attribute in Enum.GetValues<ClevrAttribute>())
        {
            foreach (string value in ClevrVocabulary.ValuesOf(attribute))
            {
                questions[value] = BuildAttribute(value);
            }
        }

        return questions;
    }
}
