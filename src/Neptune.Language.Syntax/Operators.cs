namespace Neptune.Language.Syntax;

/// <summary>Operators of <see cref="BinaryExpressionSyntax"/> and <see cref="AugmentedAssignmentStatementSyntax"/>.</summary>
public enum BinaryOperator
{
    /// <summary><c>+</c></summary>
    Add = 0,

    /// <summary><c>-</c></summary>
    Subtract = 1,

    /// <summary><c>*</c></summary>
    Multiply = 2,

    /// <summary><c>/</c></summary>
    Divide = 3,

    /// <summary><c>//</c></summary>
    FloorDivide = 4,

    /// <summary><c>%</c></summary>
    Modulo = 5,

    /// <summary><c>@</c></summary>
    MatrixMultiply = 6,

    /// <summary><c>**</c></summary>
    Power = 7,

    /// <summary><c>&lt;&lt;</c></summary>
    LeftShift = 8,

    /// <summary><c>&gt;&gt;</c></summary>
    RightShift = 9,

    /// <summary><c>|</c></summary>
    BitwiseOr = 10,

    /// <summary><c>^</c></summary>
    BitwiseXor = 11,

    /// <summary><c>&amp;</c></summary>
    BitwiseAnd = 12,
}

/// <summary>Operators of <see cref="UnaryExpressionSyntax"/>.</summary>
public enum UnaryOperator
{
    /// <summary><c>+x</c></summary>
    Plus = 0,

    /// <summary><c>-x</c></summary>
    Negate = 1,

    /// <summary><c>~x</c></summary>
    Invert = 2,

    /// <summary><c>not x</c></summary>
    Not = 3,
}

/// <summary>Operators of <see cref="BooleanExpressionSyntax"/>.</summary>
public enum BooleanOperator
{
    /// <summary><c>and</c></summary>
    And = 0,

    /// <summary><c>or</c></summary>
    Or = 1,
}

/// <summary>Operators of <see cref="ComparisonExpressionSyntax"/>.</summary>
public enum ComparisonOperator
{
    /// <summary><c>==</c></summary>
    Equal = 0,

    /// <summary><c>!=</c></summary>
    NotEqual = 1,

    /// <summary><c>&lt;</c></summary>
    Less = 2,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual = 3,

    /// <summary><c>&gt;</c></summary>
    Greater = 4,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual = 5,

    /// <summary><c>in</c></summary>
    In = 6,

    /// <summary><c>not in</c></summary>
    NotIn = 7,

    /// <summary><c>is</c></summary>
    Is = 8,

    /// <summary><c>is not</c></summary>
    IsNot = 9,
}

/// <summary>How a <see cref="ParameterSyntax"/> binds arguments.</summary>
public enum ParameterKind
{
    /// <summary>An ordinary parameter, <c>x</c> or <c>x=1</c>.</summary>
    Normal = 0,

    /// <summary><c>*args</c>.</summary>
    VarPositional = 1,

    /// <summary>A bare <c>*</c>: the parameters after it are keyword-only.</summary>
    KeywordOnlyMarker = 2,

    /// <summary><c>**kwargs</c>.</summary>
    VarKeyword = 3,

    /// <summary>A bare <c>/</c>: the parameters before it are positional-only.</summary>
    PositionalOnlyMarker = 4,
}

/// <summary>How an <see cref="ArgumentSyntax"/> is passed.</summary>
public enum ArgumentKind
{
    /// <summary><c>f(x)</c>.</summary>
    Positional = 0,

    /// <summary><c>f(name=x)</c>.</summary>
    Keyword = 1,

    /// <summary><c>f(*xs)</c>.</summary>
    Star = 2,

    /// <summary><c>f(**kw)</c>.</summary>
    DoubleStar = 3,
}

/// <summary>The conversion of an f-string replacement field.</summary>
public enum FStringConversion
{
    /// <summary>No conversion.</summary>
    None = 0,

    /// <summary><c>!s</c>: <c>str()</c>.</summary>
    Str = 1,

    /// <summary><c>!r</c>: <c>repr()</c>.</summary>
    Repr = 2,

    /// <summary><c>!a</c>: <c>ascii()</c>.</summary>
    Ascii = 3,
}
