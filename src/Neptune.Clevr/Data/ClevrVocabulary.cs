namespace Neptune.Clevr;

/// <summary>The four object attributes of CLEVR.</summary>
public enum ClevrAttribute
{
    /// <summary>gray, red, blue, green, brown, purple, cyan, yellow.</summary>
    Color,

    /// <summary>cube, sphere, cylinder.</summary>
    Shape,

    /// <summary>rubber, metal.</summary>
    Material,

    /// <summary>large, small.</summary>
    Size,
}

/// <summary>The four spatial relations of CLEVR scenes.</summary>
public enum ClevrRelation
{
    /// <summary>Left of, as seen from the camera.</summary>
    Left,

    /// <summary>Right of.</summary>
    Right,

    /// <summary>In front of (closer to the camera).</summary>
    Front,

    /// <summary>Behind (farther from the camera).</summary>
    Behind,
}

/// <summary>The attribute values and relation names of CLEVR v1.0, spelled as in the official files.</summary>
public static class ClevrVocabulary
{
    private static readonly string[] ColorValues = ["gray", "red", "blue", "green", "brown", "purple", "cyan", "yellow"];
    private static readonly string[] ShapeValues = ["cube", "sphere", "cylinder"];
    private static readonly string[] MaterialValues = ["rubber", "metal"];
    private static readonly string[] SizeValues = ["large", "small"];
    private static readonly string[] RelationNames = ["left", "right", "front", "behind"];
    private static readonly string[] AttributeNames = ["color", "shape", "material", "size"];

    /// <summary>The eight colors.</summary>
    public static IReadOnlyList<string> Colors => ColorValues;

    /// <summary>The three shapes.</summary>
    public static IReadOnlyList<string> Shapes => ShapeValues;

    /// <summary>The two materials.</summary>
    public static IReadOnlyList<string> Materials => MaterialValues;

    /// <summary>The two sizes.</summary>
    public static IReadOnlyList<string> Sizes => SizeValues;

    /// <summary>The values an attribute takes.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>Its values, in the order of the official metadata.</returns>
    public static IReadOnlyList<string> ValuesOf(ClevrAttribute attribute) => ValueArray(attribute);

    /// <summary>The official name of a relation ("left", "right", "front", "behind").</summary>
    /// <param name="relation">The relation.</param>
    /// <returns>Its name.</returns>
    public static string NameOf(ClevrRelation relation) => RelationNames[(int)relation];

    /// <summary>The name of an attribute ("color", "shape", "material", "size").</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>Its name.</returns>
    public static string NameOf(ClevrAttribute attribute) => AttributeNames[(int)attribute];

    /// <summary>Parses a relation name as written in scene files.</summary>
    /// <param name="name">"left", "right", "front" or "behind".</param>
    /// <param name="relation">The relation.</param>
    /// <returns>Whether the name is a relation.</returns>
    public static bool TryParseRelation(string name, out ClevrRelation relation)
    {
        int i = Array.IndexOf(RelationNames, name);
        relation = (ClevrRelation)Math.Max(i, 0);
        return i >= 0;
    }

    /// <summary>Parses an attribute name ("color", "shape", "material", "size").</summary>
    /// <param name="name">The name.</param>
    /// <param name="attribute">The attribute.</param>
    /// <returns>Whether the name is an attribute.</returns>
    public static bool TryParseAttribute(string name, out ClevrAttribute attribute)
    {
        int i = Array.IndexOf(AttributeNames, name);
        attribute = (ClevrAttribute)Math.Max(i, 0);
        return i >= 0;
    }

    /// <summary>Finds which attribute a value belongs to ("red" is a color).</summary>
    /// <param name="value">An official attribute value.</param>
    /// <param name="attribute">The attribute it belongs to.</param>
    /// <returns>Whether the value is an official attribute value.</returns>
    public static bool TryGetAttributeOf(string value, out ClevrAttribute attribute)
    {
        for (int a = 0; a < AttributeNames.Length; a++)
        {
            if (Array.IndexOf(ValueArray((ClevrAttribute)a), value) >= 0)
            {
                attribute = (ClevrAttribute)a;
                return true;
            }
        }

        attribute = default;
        return false;
    }

    internal static string[] ValueArray(ClevrAttribute attribute) => attribute switch
    {
        ClevrAttribute.Color => ColorValues,
        ClevrAttribute.Shape => ShapeValues,
        ClevrAttribute.Material => MaterialValues,
        ClevrAttribute.Size => SizeValues,
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "Unknown CLEVR attribute."),
    };

    /// <summary>Returns the interned official string equal to the UTF-8 text, or null when it is not a vocabulary word.</summary>
    internal static string? Intern(ReadOnlySpan<byte> utf8)
    {
        foreach (var values in (ReadOnlySpan<string[]>)[ColorValues, ShapeValues, MaterialValues, SizeValues, RelationNames])
        {
            foreach (string v in values)
            {
                if (Internal.Ascii.Equals(utf8, v))
                {
                    return v;
                }
            }
        }

        return null;
    }
}
