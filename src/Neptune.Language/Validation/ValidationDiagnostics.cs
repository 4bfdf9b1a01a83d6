using Neptune.Language.Syntax;

namespace Neptune.Language.Validation;

/// <summary>The catalogue of validation diagnostics (codes <c>NPT2xxx</c>), reported before a program runs.</summary>
/// <remarks>
/// Codes are stable: a code is never renumbered or reused. A retired code stays listed here as a comment.
/// Each diagnostic points at the offending node and carries a one-line hint saying how to fix the program.
/// <list type="table">
/// <listheader><term>Code</term><description>Meaning</description></listheader>
/// <item><term>NPT2001</term><description>A construct Neptune programs cannot use (class, with, yield, async, global, del, decorators, star-arguments, walrus, attribute assignment, ...).</description></item>
/// <item><term>NPT2002</term><description>A name or attribute that starts and ends with <c>__</c>.</description></item>
/// <item><term>NPT2003</term><description>An import of a module that is not allowed.</description></item>
/// <item><term>NPT2004</term><description>A Python builtin that is deliberately unavailable (<c>eval</c>, <c>open</c>, <c>getattr</c>, ...).</description></item>
/// <item><term>NPT2005</term><description>An undefined name.</description></item>
/// <item><term>NPT2006</term><description>A variable read where it is certainly not yet assigned.</description></item>
/// <item><term>NPT2007</term><description>A call to an unknown function.</description></item>
/// <item><term>NPT2008</term><description>An unknown method.</description></item>
/// <item><term>NPT2009</term><description>An unknown attribute.</description></item>
/// <item><term>NPT2010</term><description>Wrong number of positional arguments.</description></item>
/// <item><term>NPT2011</term><description>Unknown or repeated keyword argument.</description></item>
/// <item><term>NPT2012</term><description>Missing required argument.</description></item>
/// <item><term>NPT2013</term><description>A literal argument outside the primitive's declared constraints.</description></item>
/// <item><term>NPT2014</term><description>The program produces no result: no top-level <c>return</c> and no <c>def execute()</c>.</description></item>
/// <item><term>NPT2015</term><description><c>execute</c> has required parameters.</description></item>
/// <item><term>NPT2016</term><description>A binding that shadows a library function or builtin.</description></item>
/// <item><term>NPT2017</term><description>An integer literal of more than 4300 digits.</description></item>
/// <item><term>NPT2018</term><description>In an operator program (ending in <c>FINAL_RESULT = RESULT(...)</c>): <c>RESULT</c> before the last line.</description></item>
/// <item><term>NPT2019</term><description>In an operator program: a variable defined twice.</description></item>
/// </list>
/// Shape rule: a program with any <c>return</c> outside a function is a body program; a <c>def execute()</c> in it
/// is then an ordinary function that runs only when called.
/// </remarks>
public static class ValidationDiagnostics
{
    /// <summary>NPT2001: unsupported construct.</summary>
    public static readonly DiagnosticDescriptor UnsupportedConstruct = new(
        "NPT2001", "Unsupported construct", "{0} {1} not supported in Neptune programs",
        "Rewrite this part with plain functions, assignments, if/for/while and the library functions.");

    /// <summary>NPT2002: dunder name.</summary>
    public static readonly DiagnosticDescriptor ReservedName = new(
        "NPT2002", "Reserved name", "'{0}' is not allowed: names that start and end with '__' are reserved",
        "Use an ordinary name; Python internals are not reachable from Neptune programs.");

    /// <summary>NPT2003: import not allowed.</summary>
    public static readonly DiagnosticDescriptor ImportNotAllowed = new(
        "NPT2003", "Import not allowed", "module '{0}' cannot be imported; allowed: {1}",
        "Remove the import; use the library functions and the builtins instead.");

    /// <summary>NPT2004: unavailable builtin.</summary>
    public static readonly DiagnosticDescriptor UnavailableBuiltin = new(
        "NPT2004", "Unavailable builtin", "'{0}' is not available in Neptune programs",
        "Compute the value directly with expressions, the whitelisted builtins and the library functions.");

    /// <summary>NPT2005: undefined name.</summary>
    public static readonly DiagnosticDescriptor UndefinedName = new(
        "NPT2005", "Undefined name", "name '{0}' is not defined",
        "Assign the variable before using it, or check the spelling.");

    /// <summary>NPT2006: use before assignment.</summary>
    public static readonly DiagnosticDescriptor UsedBeforeAssignment = new(
        "NPT2006", "Used before assignment", "'{0}' is used before it is assigned",
        "Move the assignment above this line.");

    /// <summary>NPT2007: unknown function.</summary>
    public static readonly DiagnosticDescriptor UnknownFunction = new(
        "NPT2007", "Unknown function", "unknown function '{0}'",
        "Call one of the library functions ({1}), a builtin, or a function defined with def.");

    /// <summary>NPT2008: unknown method.</summary>
    public static readonly DiagnosticDescriptor UnknownMethod = new(
        "NPT2008", "Unknown method", "unknown method '{1}' on {0}",
        "Call a method that exists on {0}: {2}.");

    /// <summary>NPT2009: unknown attribute.</summary>
    public static readonly DiagnosticDescriptor UnknownAttribute = new(
        "NPT2009", "Unknown attribute", "unknown attribute '{1}' on {0}",
        "Use an attribute or method that exists on {0}: {2}.");

    /// <summary>NPT2010: wrong argument count.</summary>
    public static readonly DiagnosticDescriptor WrongArgumentCount = new(
        "NPT2010", "Wrong number of arguments", "{0}() takes {1} positional argument{2} but {3} {4} given",
        "Pass exactly the arguments the signature lists: {5}.");

    /// <summary>NPT2011: unknown keyword argument.</summary>
    public static readonly DiagnosticDescriptor UnknownKeyword = new(
        "NPT2011", "Unknown keyword argument", "{0}() got {1} keyword argument '{2}'",
        "Use only the parameter names of the signature, each once: {3}.");

    /// <summary>NPT2012: missing required argument.</summary>
    public static readonly DiagnosticDescriptor MissingArgument = new(
        "NPT2012", "Missing argument", "{0}() missing required argument '{1}'",
        "Pass every required parameter: {2}.");

    /// <summary>NPT2013: literal argument outside constraints.</summary>
    public static readonly DiagnosticDescriptor InvalidArgument = new(
        "NPT2013", "Invalid argument", "{0}(): {1}",
        "Pass a value the signature allows: {2}.");

    /// <summary>NPT2014: no result.</summary>
    public static readonly DiagnosticDescriptor MissingResult = new(
        "NPT2014", "Missing result", "the program produces no result: it has no top-level 'return' and no 'def execute():'",
        "End the program with 'return <answer>' or put the logic in 'def execute():' that returns the answer.");

    /// <summary>NPT2015: execute with required parameters.</summary>
    public static readonly DiagnosticDescriptor ExecuteHasParameters = new(
        "NPT2015", "execute() takes parameters", "'execute' must not have required parameters",
        "Declare it as 'def execute():' and read the scene through the library functions.");

    /// <summary>NPT2016: shadowed library function or builtin.</summary>
    public static readonly DiagnosticDescriptor ShadowedName = new(
        "NPT2016", "Shadowed name", "'{0}' shadows the {1} '{0}'",
        "Choose another variable name; '{0}' must keep its meaning.");

    /// <summary>NPT2018: the run-ending call before the last line of an operator program.</summary>
    public static readonly DiagnosticDescriptor ResultNotLast = new(
        "NPT2018", "Result before the last line", "'{0}' may appear only once, in the last line 'FINAL_RESULT = {0}(object=VAR)'",
        "Assign intermediate sets to variables with the other operators and call {0} once, in the last line.");

    /// <summary>NPT2019: a variable defined twice in an operator program.</summary>
    public static readonly DiagnosticDescriptor Redefined = new(
        "NPT2019", "Variable redefined", "'{0}' is already defined; operator programs define each variable once",
        "Give this line's result a new variable name and use that name below.");

    /// <summary>NPT2017: integer literal too large.</summary>
    public static readonly DiagnosticDescriptor IntegerTooLarge = new(
        "NPT2017", "Integer literal too large", "integer literal of {0} digits exceeds the limit of {1} digits",
        "Write a shorter literal, or compute the number (for example 10 ** 300).");
}
