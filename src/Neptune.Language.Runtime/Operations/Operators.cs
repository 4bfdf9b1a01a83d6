namespace Neptune.Language.Runtime;

/// <summary>Binary operators.</summary>
public enum PyBinaryOp
{
    /// <summary><c>+</c></summary>
    Add,
    /// <summary><c>-</c></summary>
    Sub,
    /// <summary><c>*</c></summary>
    Mul,
    /// <summary><c>/</c></summary>
    TrueDiv,
    /// <summary><c>//</c></summary>
    FloorDiv,
    /// <summary><c>%</c></summary>
    Mod,
    /// <summary><c>**</c></summary>
    Pow,
    /// <summary><c>&lt;&lt;</c></summary>
    LShift,
    /// <summary><c>&gt;&gt;</c></summary>
    RShift,
    /// <summary><c>&amp;</c></summary>
    BitAnd,
    /// <summary><c>|</c></summary>
    BitOr,
    /// <summary><c>^</c></summary>
    BitXor,
}

/// <summary>Unary operators.</summary>
public enum PyUnaryOp
{
    /// <summary><c>-x</c></summary>
    Neg,
    /// <summary><c>+x</c></summary>
    Pos,
    /// <summary><c>~x</c></summary>
    Invert,
    /// <summary><c>not x</c></summary>
    Not,
}

/// <summary>Comparison operators, including membership and identity.</summary>
public enum PyCompareOp
{
    /// <summary><c>==</c></summary>
    Eq,
    /// <summary><c>!=</c></summary>
    Ne,
    /// <summary><c>&lt;</c></summary>
    Lt,
    /// <summary><c>&lt;=</c></summary>
    Le,
    /// <summary><c>&gt;</c></summary>
    Gt,
    /// <summary><c>&gt;=</c></summary>
    Ge,
    /// <summary><c>in</c></summary>
    In,
    /// <summary><c>not in</c></summary>
    NotIn,
    /// <summary><c>is</c></summary>
    Is,
    /// <summary><c>is not</c></summary>
    IsNot,
}

internal static class OperatorText
{
    public static string Symbol(PyBinaryOp op) => op switch
    {
        PyBinaryOp.Add => "+",
        PyBinaryOp.Sub => "-",
        PyBinaryOp.Mul => "*",
        PyBinaryOp.TrueDiv => "/",
        PyBinaryOp.FloorDiv => "//",
        PyBinaryOp.Mod => "%",
        PyBinaryOp.Pow => "** or pow()",
        PyBinaryOp.LShift => "<<",
        PyBinaryOp.RShift => ">>",
        PyBinaryOp.BitAnd => "&",
        PyBinaryOp.BitOr => "|",
        _ => "^",
    };

    public static string Symbol(PyCompareOp op) => op switch
    {
        PyCompareOp.Eq => "==",
        PyCompareOp.Ne => "!=",
        PyCompareOp.Lt => "<",
        PyCompareOp.Le => "<=",
        PyCompareOp.Gt => ">",
        PyCompareOp.Ge => ">=",
        PyCompareOp.In => "in",
        PyCompareOp.NotIn => "not in",
        PyCompareOp.Is => "is",
        _ => "is not",
    };

    public static PyCompareOp Swap(PyCompareOp op) => op switch
    {
        PyCompareOp.Lt => PyCompareOp.Gt,
        PyCompareOp.Le => PyCompareOp.Ge,
        PyCompareOp.Gt => PyCompareOp.Lt,
        PyCompareOp.Ge => PyCompareOp.Le,
        _ => op,
    };
}
