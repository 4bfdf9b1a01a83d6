namespace Neptune.Imaging.Drawing;

/// <summary>
/// Saturated colours for marking objects in visual prompts. Green is the pure primary <c>#00FF00</c>
/// (CSS "lime"), not CSS "green", because a vision model has to tell the marks apart at a glance.
/// </summary>
public static class NamedColors
{
    /// <summary>#FF0000.</summary>
    public static Rgba32 Red { get; } = new(255, 0, 0);

    /// <summary>#00FF00.</summary>
    public static Rgba32 Green { get; } = new(0, 255, 0);

    /// <summary>#0000FF.</summary>
    public static Rgba32 Blue { get; } = new(0, 0, 255);

    /// <summary>#FFFF00.</summary>
    public static Rgba32 Yellow { get; } = new(255, 255, 0);

    /// <summary>#FF00FF.</summary>
    public static Rgba32 Magenta { get; } = new(255, 0, 255);

    /// <summary>#00FFFF.</summary>
    public static Rgba32 Cyan { get; } = new(0, 255, 255);

    /// <summary>#FFA500.</summary>
    public static Rgba32 Orange { get; } = new(255, 165, 0);

    /// <summary>#800080.</summary>
    public static Rgba32 Purple { get; } = new(128, 0, 128);

    /// <summary>#FFFFFF.</summary>
    public static Rgba32 White { get; } = new(255, 255, 255);

    /// <summary>#000000.</summary>
    public static Rgba32 Black { get; } = new(0, 0, 0);

    /// <summary>#808080.</summary>
    public static Rgba32 Gray { get; } = new(128, 128, 128);

    /// <summary>Fully transparent black.</summary>
    public static Rgba32 Transparent { get; } = new(0, 0, 0, 0);

    /// <summary>
    /// The order in which the arguments of an object tuple are marked: red for the first, then green, blue,
    /// yellow, magenta, cyan, orange and purple.
    /// </summary>
    public static IReadOnlyList<Rgba32> MarkOrder { get; } =
        Array.AsReadOnly(new[] { Red, Green, Blue, Yellow, Magenta, Cyan, Orange, Purple });

    /// <summary>The colour for the argument at <paramref name="index"/> (0-based); wraps around after <see cref="MarkOrder"/> is exhausted.</summary>
    /// <param name="index">Argument position, 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static Rgba32 ForArgument(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return MarkOrder[index % MarkOrder.Count];
    }

    /// <summary>Looks a colour up by its English name (case-insensitive; "grey" is accepted for gray).</summary>
    /// <param name="name">For example "red" or "Cyan".</param>
    /// <param name="color">The colour when found.</param>
    /// <returns>True when the name is known.</returns>
    public static bool TryGet(string? name, out Rgba32 color)
    {
        Rgba32? found = name?.Trim().ToLowerInvariant() switch
        {
            "red" => Red,
            "green" => Green,
            "blue" => Blue,
            "yellow" => Yellow,
            "magenta" => Magenta,
            "cyan" => Cyan,
            "orange" => Orange,
            "purple" => Purple,
            "white" => White,
            "black" => Black,
            "gray" or "grey" => Gray,
            "transparent" => Transparent,
            _ => null,
        };
        color = found.GetValueOrDefault();
        return found.HasValue;
    }
}
