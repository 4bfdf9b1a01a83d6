namespace Neptune.Clevr;

/// <summary>The 26 functions of CLEVR v1.0 functional programs, and CLEVR-Ref+'s <c>filter_ordinal</c>.</summary>
public enum ClevrFunction
{
    /// <summary><c>scene</c>: all objects.</summary>
    Scene,

    /// <summary><c>filter_color</c>.</summary>
    FilterColor,

    /// <summary><c>filter_shape</c>.</summary>
    FilterShape,

    /// <summary><c>filter_material</c>.</summary>
    FilterMaterial,

    /// <summary><c>filter_size</c>.</summary>
    FilterSize,

    /// <summary><c>unique</c>: the only object of a one-object set.</summary>
    Unique,

    /// <summary><c>relate</c>: the objects in a relation to an object.</summary>
    Relate,

    /// <summary><c>union</c>.</summary>
    Union,

    /// <summary><c>intersect</c>.</summary>
    Intersect,

    /// <summary><c>count</c>.</summary>
    Count,

    /// <summary><c>exist</c>.</summary>
    Exist,

    /// <summary><c>query_color</c>.</summary>
    QueryColor,

    /// <summary><c>query_shape</c>.</summary>
    QueryShape,

    /// <summary><c>query_material</c>.</summary>
    QueryMaterial,

    /// <summary><c>query_size</c>.</summary>
    QuerySize,

    /// <summary><c>same_color</c>: other objects with the same color.</summary>
    SameColor,

    /// <summary><c>same_shape</c>.</summary>
    SameShape,

    /// <summary><c>same_material</c>.</summary>
    SameMaterial,

    /// <summary><c>same_size</c>.</summary>
    SameSize,

    /// <summary><c>equal_color</c>.</summary>
    EqualColor,

    /// <summary><c>equal_shape</c>.</summary>
    EqualShape,

    /// <summary><c>equal_material</c>.</summary>
    EqualMaterial,

    /// <summary><c>equal_size</c>.</summary>
    EqualSize,

    /// <summary><c>equal_integer</c>.</summary>
    EqualInteger,

    /// <summary><c>less_than</c>.</summary>
    LessThan,

    /// <summary><c>greater_than</c>.</summary>
    GreaterThan,

    /// <summary>
    /// <c>filter_ordinal</c> (CLEVR-Ref+): the k-th object of a set from the left, the right or the front; value inputs
    /// ["the second one of the", "from left"].
    /// </summary>
    FilterOrdinal,
}

/// <summary>Official names of <see cref="ClevrFunction"/> values, as written in question files.</summary>
public static class ClevrFunctions
{
    private static readonly string[] Names =
    [
        "scene", "filter_color", "filter_shape", "filter_material", "filter_size", "unique", "relate", "union",
        "intersect", "count", "exist", "query_color", "query_shape", "query_material", "query_size", "same_color",
        "same_shape", "same_material", "same_size", "equal_color", "equal_shape", "equal_material", "equal_size",
        "equal_integer", "less_than", "greater_than", "filter_ordinal",
    ];

    /// <summary>All 27 official names (CLEVR's 26 and CLEVR-Ref+'s <c>filter_ordinal</c>), in <see cref="ClevrFunction"/> order.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>The official name of a function ("filter_color").</summary>
    /// <param name="function">The function.</param>
    /// <returns>Its name.</returns>
    public static string GetName(ClevrFunction function) =>
        (uint)function < (uint)Names.Length
            ? Names[(int)function]
            : throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown CLEVR function.");

    /// <summary>Parses an official function name.</summary>
    /// <param name="name">The name, e.g. "same_size".</param>
    /// <param name="function">The function.</param>
    /// <returns>Whether the name is one of the 27.</returns>
    public static bool TryParse(string name, out ClevrFunction function)
    {
        int i = Array.IndexOf(Names, name);
        function = (ClevrFunction)Math.Max(i, 0);
        return i >= 0;
    }

    internal static bool TryParse(ReadOnlySpan<byte> utf8, out ClevrFunction function)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (Internal.Ascii.Equals(utf8, Names[i]))
            {
                function = (ClevrFunction)i;
                return true;
            }
        }

        function = default;
        return false;
    }

    /// <summary>The number of node inputs a function takes (0 for <c>scene</c>, 2 for set and comparison operators).</summary>
    /// <param name="function">The function.</param>
    /// <returns>The input count.</returns>
    public static int InputCount(ClevrFunction function) => function switch
    {
        ClevrFunction.Scene => 0,
        ClevrFunction.Union or ClevrFunction.Intersect or ClevrFunction.EqualColor or ClevrFunction.EqualShape
            or ClevrFunction.EqualMaterial or ClevrFunction.EqualSize or ClevrFunction.EqualInteger
            or ClevrFunction.LessThan or ClevrFunction.GreaterThan => 2,
        _ => 1,
    };
}
