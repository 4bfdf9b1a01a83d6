namespace Neptune.Language.Syntax;

/// <summary>The kind of every token and syntax node. Values are explicit and stable.</summary>
public enum SyntaxKind
{
    /// <summary>No kind.</summary>
    None = 0,

    /// <summary>End of input.</summary>
    EndOfFileToken = 1,

    /// <summary>End of a logical line.</summary>
    NewlineToken = 2,

    /// <summary>Start of an indented block.</summary>
    IndentToken = 3,

    /// <summary>End of an indented block.</summary>
    DedentToken = 4,

    /// <summary>A name.</summary>
    IdentifierToken = 5,

    /// <summary>An integer literal.</summary>
    IntegerToken = 6,

    /// <summary>A floating-point literal.</summary>
    FloatToken = 7,

    /// <summary>An imaginary literal (rejected).</summary>
    ImaginaryToken = 8,

    /// <summary>A string, f-string or bytes literal.</summary>
    StringToken = 9,

    /// <summary>A character sequence that is not a token.</summary>
    BadToken = 10,

    /// <summary>'('.</summary>
    OpenParenToken = 20,

    /// <summary>')'.</summary>
    CloseParenToken = 21,

    /// <summary>'['.</summary>
    OpenBracketToken = 22,

    /// <summary>']'.</summary>
    CloseBracketToken = 23,

    /// <summary>'{'.</summary>
    OpenBraceToken = 24,

    /// <summary>'}'.</summary>
    CloseBraceToken = 25,

    /// <summary>':'.</summary>
    ColonToken = 26,

    /// <summary>','.</summary>
    CommaToken = 27,

    /// <summary>';'.</summary>
    SemicolonToken = 28,

    /// <summary>'.'.</summary>
    DotToken = 29,

    /// <summary>'...'.</summary>
    EllipsisToken = 30,

    /// <summary>'-&gt;'.</summary>
    ArrowToken = 31,

    /// <summary>'@'.</summary>
    AtToken = 32,

    /// <summary>'='.</summary>
    EqualsToken = 33,

    /// <summary>':='.</summary>
    ColonEqualsToken = 34,

    /// <summary>'+'.</summary>
    PlusToken = 35,

    /// <summary>'-'.</summary>
    MinusToken = 36,

    /// <summary>'*'.</summary>
    StarToken = 37,

    /// <summary>'/'.</summary>
    SlashToken = 38,

    /// <summary>'//'.</summary>
    DoubleSlashToken = 39,

    /// <summary>'%'.</summary>
    PercentToken = 40,

    /// <summary>'**'.</summary>
    DoubleStarToken = 41,

    /// <summary>'~'.</summary>
    TildeToken = 42,

    /// <summary>'&amp;'.</summary>
    AmpersandToken = 43,

    /// <summary>'|'.</summary>
    BarToken = 44,

    /// <summary>'^'.</summary>
    CaretToken = 45,

    /// <summary>'&lt;&lt;'.</summary>
    LessLessToken = 46,

    /// <summary>'&gt;&gt;'.</summary>
    GreaterGreaterToken = 47,

    /// <summary>'&lt;'.</summary>
    LessToken = 48,

    /// <summary>'&gt;'.</summary>
    GreaterToken = 49,

    /// <summary>'&lt;='.</summary>
    LessEqualsToken = 50,

    /// <summary>'&gt;='.</summary>
    GreaterEqualsToken = 51,

    /// <summary>'=='.</summary>
    EqualsEqualsToken = 52,

    /// <summary>'!='.</summary>
    ExclamationEqualsToken = 53,

    /// <summary>'!'.</summary>
    ExclamationToken = 54,

    /// <summary>'+='.</summary>
    PlusEqualsToken = 55,

    /// <summary>'-='.</summary>
    MinusEqualsToken = 56,

    /// <summary>'*='.</summary>
    StarEqualsToken = 57,

    /// <summary>'/='.</summary>
    SlashEqualsToken = 58,

    /// <summary>'//='.</summary>
    DoubleSlashEqualsToken = 59,

    /// <summary>'%='.</summary>
    PercentEqualsToken = 60,

    /// <summary>'**='.</summary>
    DoubleStarEqualsToken = 61,

    /// <summary>'&amp;='.</summary>
    AmpersandEqualsToken = 62,

    /// <summary>'|='.</summary>
    BarEqualsToken = 63,

    /// <summary>'^='.</summary>
    CaretEqualsToken = 64,

    /// <summary>'&lt;&lt;='.</summary>
    LessLessEqualsToken = 65,

    /// <summary>'&gt;&gt;='.</summary>
    GreaterGreaterEqualsToken = 66,

    /// <summary>'@='.</summary>
    AtEqualsToken = 67,

    /// <summary>Keyword 'False'.</summary>
    FalseKeyword = 100,

    /// <summary>Keyword 'None'.</summary>
    NoneKeyword = 101,

    /// <summary>Keyword 'True'.</summary>
    TrueKeyword = 102,

    /// <summary>Keyword 'and'.</summary>
    AndKeyword = 103,

    /// <summary>Keyword 'as'.</summary>
    AsKeyword = 104,

    /// <summary>Keyword 'assert'.</summary>
    AssertKeyword = 105,

    /// <summary>Keyword 'async'.</summary>
    AsyncKeyword = 106,

    /// <summary>Keyword 'await'.</summary>
    AwaitKeyword = 107,

    /// <summary>Keyword 'break'.</summary>
    BreakKeyword = 108,

    /// <summary>Keyword 'class'.</summary>
    ClassKeyword = 109,

    /// <summary>Keyword 'continue'.</summary>
    ContinueKeyword = 110,

    /// <summary>Keyword 'def'.</summary>
    DefKeyword = 111,

    /// <summary>Keyword 'del'.</summary>
    DelKeyword = 112,

    /// <summary>Keyword 'elif'.</summary>
    ElifKeyword = 113,

    /// <summary>Keyword 'else'.</summary>
    ElseKeyword = 114,

    /// <summary>Keyword 'except'.</summary>
    ExceptKeyword = 115,

    /// <summary>Keyword 'finally'.</summary>
    FinallyKeyword = 116,

    /// <summary>Keyword 'for'.</summary>
    ForKeyword = 117,

    /// <summary>Keyword 'from'.</summary>
    FromKeyword = 118,

    /// <summary>Keyword 'global'.</summary>
    GlobalKeyword = 119,

    /// <summary>Keyword 'if'.</summary>
    IfKeyword = 120,

    /// <summary>Keyword 'import'.</summary>
    ImportKeyword = 121,

    /// <summary>Keyword 'in'.</summary>
    InKeyword = 122,

    /// <summary>Keyword 'is'.</summary>
    IsKeyword = 123,

    /// <summary>Keyword 'lambda'.</summary>
    LambdaKeyword = 124,

    /// <summary>Keyword 'nonlocal'.</summary>
    NonlocalKeyword = 125,

    /// <summary>Keyword 'not'.</summary>
    NotKeyword = 126,

    /// <summary>Keyword 'or'.</summary>
    OrKeyword = 127,

    /// <summary>Keyword 'pass'.</summary>
    PassKeyword = 128,

    /// <summary>Keyword 'raise'.</summary>
    RaiseKeyword = 129,

    /// <summary>Keyword 'return'.</summary>
    ReturnKeyword = 130,

    /// <summary>Keyword 'try'.</summary>
    TryKeyword = 131,

    /// <summary>Keyword 'while'.</summary>
    WhileKeyword = 132,

    /// <summary>Keyword 'with'.</summary>
    WithKeyword = 133,

    /// <summary>Keyword 'yield'.</summary>
    YieldKeyword = 134,

    /// <summary>The root: a module with a statement list.</summary>
    Module = 200,

    /// <summary>An indented block or a simple statement list after ':'.</summary>
    Block = 201,

    /// <summary>An expression evaluated as a statement.</summary>
    ExpressionStatement = 202,

    /// <summary>'a = b = value'.</summary>
    AssignmentStatement = 203,

    /// <summary>'a += value' and the other augmented operators.</summary>
    AugmentedAssignmentStatement = 204,

    /// <summary>'x: int = value'.</summary>
    AnnotatedAssignmentStatement = 205,

    /// <summary>'if' with optional 'elif' and 'else' clauses.</summary>
    IfStatement = 206,

    /// <summary>An 'elif' clause.</summary>
    ElifClause = 207,

    /// <summary>An 'else' clause.</summary>
    ElseClause = 208,

    /// <summary>A 'while' loop.</summary>
    WhileStatement = 209,

    /// <summary>A 'for' loop.</summary>
    ForStatement = 210,

    /// <summary>'break'.</summary>
    BreakStatement = 211,

    /// <summary>'continue'.</summary>
    ContinueStatement = 212,

    /// <summary>'pass'.</summary>
    PassStatement = 213,

    /// <summary>'return' with an optional value.</summary>
    ReturnStatement = 214,

    /// <summary>A 'def' statement.</summary>
    FunctionDefinition = 215,

    /// <summary>A parameter of a function or lambda.</summary>
    Parameter = 216,

    /// <summary>A decorator '@expr'.</summary>
    Decorator = 217,

    /// <summary>A 'class' statement.</summary>
    ClassDefinition = 218,

    /// <summary>'assert test, message'.</summary>
    AssertStatement = 219,

    /// <summary>'raise' with an optional exception and cause.</summary>
    RaiseStatement = 220,

    /// <summary>'try' with handlers, 'else' and 'finally'.</summary>
    TryStatement = 221,

    /// <summary>An 'except' clause.</summary>
    ExceptClause = 222,

    /// <summary>A 'finally' clause.</summary>
    FinallyClause = 223,

    /// <summary>'import a.b as c'.</summary>
    ImportStatement = 224,

    /// <summary>'from a import b as c'.</summary>
    ImportFromStatement = 225,

    /// <summary>One imported name with an optional alias.</summary>
    ImportAlias = 226,

    /// <summary>A 'with' statement.</summary>
    WithStatement = 227,

    /// <summary>One context manager of a 'with' statement.</summary>
    WithItem = 228,

    /// <summary>'global a, b'.</summary>
    GlobalStatement = 229,

    /// <summary>'nonlocal a, b'.</summary>
    NonlocalStatement = 230,

    /// <summary>'del a, b'.</summary>
    DeleteStatement = 231,

    /// <summary>A name that is not an expression: a definition, parameter, attribute or keyword name.</summary>
    Identifier = 232,

    /// <summary>A name used as a value or a target.</summary>
    NameExpression = 300,

    /// <summary>An integer literal.</summary>
    IntegerLiteralExpression = 301,

    /// <summary>A floating-point literal.</summary>
    FloatLiteralExpression = 302,

    /// <summary>A string literal, possibly concatenated from adjacent literals.</summary>
    StringLiteralExpression = 303,

    /// <summary>An f-string, possibly concatenated with adjacent literals.</summary>
    FStringExpression = 304,

    /// <summary>Literal text inside an f-string.</summary>
    FStringText = 305,

    /// <summary>A replacement field '{expr!r:spec}' inside an f-string.</summary>
    FormattedValue = 306,

    /// <summary>'True' or 'False'.</summary>
    BooleanLiteralExpression = 307,

    /// <summary>'None'.</summary>
    NoneLiteralExpression = 308,

    /// <summary>'...'.</summary>
    EllipsisLiteralExpression = 309,

    /// <summary>'-x', '+x', '~x', 'not x'.</summary>
    UnaryExpression = 310,

    /// <summary>An arithmetic, bitwise or shift operation.</summary>
    BinaryExpression = 311,

    /// <summary>'a and b', 'a or b'.</summary>
    BooleanExpression = 312,

    /// <summary>A possibly chained comparison 'a &lt; b &lt;= c'.</summary>
    ComparisonExpression = 313,

    /// <summary>'a if condition else b'.</summary>
    ConditionalExpression = 314,

    /// <summary>'lambda x: body'.</summary>
    LambdaExpression = 315,

    /// <summary>A call 'f(a, k=v)'.</summary>
    CallExpression = 316,

    /// <summary>One argument of a call.</summary>
    Argument = 317,

    /// <summary>'a.b'.</summary>
    AttributeExpression = 318,

    /// <summary>'a[i]'.</summary>
    SubscriptExpression = 319,

    /// <summary>'lower:upper:step' inside a subscript.</summary>
    SliceExpression = 320,

    /// <summary>A tuple, parenthesised or bare.</summary>
    TupleExpression = 321,

    /// <summary>'[a, b]'.</summary>
    ListExpression = 322,

    /// <summary>'{a, b}'.</summary>
    SetExpression = 323,

    /// <summary>'{k: v}'.</summary>
    DictExpression = 324,

    /// <summary>One 'key: value' or '**mapping' entry of a dict display.</summary>
    DictEntry = 325,

    /// <summary>'*x' in a display, call or target.</summary>
    StarredExpression = 326,

    /// <summary>'[x for x in y]'.</summary>
    ListComprehension = 327,

    /// <summary>'{x for x in y}'.</summary>
    SetComprehension = 328,

    /// <summary>'{k: v for k in y}'.</summary>
    DictComprehension = 329,

    /// <summary>'(x for x in y)'.</summary>
    GeneratorExpression = 330,

    /// <summary>One 'for ... in ... if ...' clause.</summary>
    ComprehensionClause = 331,

    /// <summary>'name := value'.</summary>
    NamedExpression = 332,

    /// <summary>'await x'.</summary>
    AwaitExpression = 333,

    /// <summary>'yield x'.</summary>
    YieldExpression = 334,

    /// <summary>'yield from x'.</summary>
    YieldFromExpression = 335,

    /// <summary>A placeholder for an expression the parser expected but did not find.</summary>
    MissingExpression = 336,
}
