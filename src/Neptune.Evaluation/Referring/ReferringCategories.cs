using System.Globalization;

namespace Neptune.Evaluation.Referring;

/// <summary>How referring-expression rows name their category and their answers in <c>results.jsonl</c>.</summary>
public static class ReferringCategories
{
    /// <summary>The category of an item with at least one referent.</summary>
    public const string Target = "Target";

    /// <summary>The category of an item without a referent.</summary>
    public const string NoTarget = "No target";

    /// <summary>An answer as text: <c>no target</c>, or the object indices as <c>[1, 4]</c>.</summary>
    /// <param name="objects">The objects, ascending.</param>
    /// <param name="noTarget">Whether the answer is "no target".</param>
    /// <returns>The text.</returns>
    public static string Describe(IReadOnlyList<int> objects, bool noTarget)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return noTarget || objects.Count == 0
            ? "no target"
            : "[" + string.Join(", ", objects.Select(o => o.ToString(CultureInfo.InvariantCulture))) + "]";
    }
}
