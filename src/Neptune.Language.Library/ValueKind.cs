namespace Neptune.Language.Library;

/// <summary>The kinds of values the primitive catalogue speaks of, for parameters and results.</summary>
public enum ValueKind
{
    /// <summary>Any value.</summary>
    Any = 0,

    /// <summary>A Python <c>str</c>.</summary>
    Str = 1,

    /// <summary>A Python <c>int</c> (bool accepted, as in Python).</summary>
    Int = 2,

    /// <summary>A Python <c>float</c>; an <c>int</c> is accepted.</summary>
    Float = 3,

    /// <summary>A Python <c>bool</c>.</summary>
    Bool = 4,

    /// <summary>A soft tensor over named object variables.</summary>
    Tensor = 5,

    /// <summary>A soft tensor, or a number in [0, 1] taken as a constant truth value.</summary>
    TensorOrNumber = 6,

    /// <summary>The result of <c>iota</c>: the unique object as a distribution over the domain.</summary>
    Iota = 7,

    /// <summary>An object of the scene: its index (<c>int</c>) or an <c>iota</c> result.</summary>
    Object = 8,

    /// <summary>An exact count distribution.</summary>
    CountDistribution = 9,

    /// <summary>A list of object indices.</summary>
    ObjectList = 10,

    /// <summary>The value <c>None</c>.</summary>
    None = 11,

    /// <summary>An object index, or <c>None</c> when there is none.</summary>
    ObjectOrNone = 12,

    /// <summary>A set of objects: a Tensor over one variable (read as a soft set) or an Iota.</summary>
    ObjectSet = 13,

    /// <summary>The explicit "no target" result of a referring expression.</summary>
    NoTarget = 14,

    /// <summary>A tuple of numbers.</summary>
    NumberTuple = 15,
}
