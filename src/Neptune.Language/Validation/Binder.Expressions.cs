using System.Globalization;
using Neptune.Language.Library;
using Neptune.Language.Execution;
using Neptune.Language.Runtime;
using Neptune.Language.Syntax;

namespace Neptune.Language.Validation;

internal sealed partial class Binder
{
    private static readonly string[] BuiltinTypes = ["str", "list", "dict", "set", "tuple", "int", "float"];
    private static readonly HashSet<string> RuntimeMembers = BuildRuntimeMembers();

    /// <summary>Prefix of the inferred type of a builtin type used as a value: <c>str</c> is <c>type:str</c>.</summary>
    private const string TypePrefix = "type:";

    private static HashSet<string> BuildRuntimeMembers()
    {
        var set = new HashSet<string>(StringComparer.Ordinal) { "args", "start", "stop", "step" };
        foreach (string type in PyMethods.TypeNames)
        {
            set.UnionWith(PyMethods.GetMethodNames(type));
        }

        set.UnionWith(PyMath.Module.AttributeNames);
        return set;
    }

    private void VisitExpression(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case NameExpressionSyntax n:
                ResolveRead(n, isCall: false);
                return;
            case IntegerLiteralExpressionSyntax i:
                if (i.IsOverflow && IntegerLiterals.DigitCount(i) is var digits && digits > IntegerLiterals.MaxDigits)
                {
                    Report(ValidationDiagnostics.IntegerTooLarge, i, digits, IntegerLiterals.MaxDigits);
                }

                return;
            case UnaryExpressionSyntax u when IsMinValueLiteral(u):
                return;
            case EllipsisLiteralExpressionSyntax e:
                Unsupported(e, "'...' (Ellipsis) as a value", Construct.Singular, "Use None, or 'pass' for an empty body.");
                return;
            case BinaryExpressionSyntax b:
                VisitExpression(b.Left);
                VisitExpression(b.Right);
                if (b.Operator == BinaryOperator.MatrixMultiply)
                {
                    Unsupported(b, "the '@' operator", Construct.Singular);
                }

                return;
            case LambdaExpressionSyntax l:
            {
                VisitParameters(l.Parameters);
                Scope body = _scopes[l];
                Scope saved = _scope;
                _scope = body;
                MarkParametersAssigned(body);
                VisitExpression(l.Body);
                _scope = saved;
                return;
            }

            case CallExpressionSyntax c:
                VisitCall(c);
                return;
            case AttributeExpressionSyntax a:
            {
                VisitExpression(a.Target);
                string name = Identifiers.Normalize(a.Name.Text);
                if (Identifiers.IsReserved(name))
                {
                    Report(ValidationDiagnostics.ReservedName, a.Name, name);
                    return;
                }

                CheckAttribute(InferType(a.Target), name, a.Name);
                return;
            }

            case DictExpressionSyntax d:
                foreach (DictEntrySyntax entry in d.Entries)
                {
                    if (entry.Key is null)
                    {
                        Unsupported(entry, "'**' unpacking in a dict display", Construct.Singular, "Build the dict with a loop or dict.update().");
                    }
                    else
                    {
                        VisitExpression(entry.Key);
                    }

                    VisitExpression(entry.Value);
                }

                return;
            case StarredExpressionSyntax s:
                Unsupported(s, "star unpacking ('*x')", Construct.Singular, "Build the list explicitly, e.g. a + b or list(x).");
                VisitExpression(s.Expression);
                return;
            case ListComprehensionSyntax or SetComprehensionSyntax or DictComprehensionSyntax or GeneratorExpressionSyntax:
                VisitComprehension(expression);
                return;
            case NamedExpressionSyntax n:
                Unsupported(n, "assignment expressions (':=')", Construct.Plural, "Assign the value on its own line first.");
                VisitExpression(n.Value);
                return;
            case AwaitExpressionSyntax a:
                Unsupported(a, "'await'", Construct.Singular, "Call functions directly; Neptune programs are synchronous.");
                return;
            case YieldExpressionSyntax or YieldFromExpressionSyntax:
                Unsupported(expression, "'yield'", Construct.Singular, "Build and return a list instead of a generator.");
                return;
            case FStringExpressionSyntax f:
                VisitFString(f);
                return;
            case MissingExpressionSyntax:
                return;
        }

        var children = new List<SyntaxNode>();
        expression.CollectChildren(children);
        foreach (SyntaxNode child in children)
        {
            if (child is ExpressionSyntax e)
            {
                VisitExpression(e);
            }
        }
    }

    private void VisitFString(FStringExpressionSyntax f)
    {
        foreach (FStringPartSyntax part in f.Parts)
        {
            if (part is FormattedValueSyntax v)
            {
                VisitExpression(v.Expression);
                if (v.FormatSpec is not null)
                {
                    VisitFString(v.FormatSpec);
                }
            }
        }
    }

    private void VisitComprehension(ExpressionSyntax expression)
    {
        var (elements, clauses) = Comprehension(expression);
        Scope inner = _scopes[expression];
        Scope saved = _scope;
        for (int i = 0; i < clauses.Length; i++)
        {
            ComprehensionClauseSyntax clause = clauses[i];
            if (clause.IsAsync)
            {
                Unsupported(clause, "'async for'", Construct.Singular);
            }

            VisitExpression(clause.Iterable);
            _scope = inner;
            VisitTarget(clause.Target);
            foreach (ExpressionSyntax c in clause.Conditions)
            {
                VisitExpression(c);
            }
        }

        _scope = inner;
        foreach (ExpressionSyntax e in elements)
        {
            VisitExpression(e);
        }

        _scope = saved;
    }

    /// <summary>Resolves a read of a name, reporting unknown, unavailable, reserved and not-yet-assigned names.</summary>
    private Symbol? ResolveRead(NameExpressionSyntax node, bool isCall)
    {
        string name = Identifiers.Normalize(node.Name);
        if (Identifiers.IsReserved(name))
        {
            Report(Identifiers.Unavailable.Contains(name) ? ValidationDiagnostics.UnavailableBuiltin : ValidationDiagnostics.ReservedName, node, name);
            return null;
        }

        Symbol? symbol = _scope.Resolve(name);
        if (symbol is not null)
        {
            if (symbol.Scope.Frame == _scope.Frame)
            {
                if (!symbol.IsAssigned)
                {
                    Report(ValidationDiagnostics.UsedBeforeAssignment, node, name);
                    symbol.IsAssigned = true;
                }
            }
            else if (!symbol.IsGlobal)
            {
                symbol.IsCaptured = true;
                for (Scope frame = _scope.Frame; frame != symbol.Scope.Frame; frame = frame.Parent!.Frame)
                {
                    frame.IndexOfFree(symbol);
                }
            }

            return symbol;
        }

        if (_catalogue.TryGetFunction(name, out _) || PyBuiltins.TryGet(name, out _) || Identifiers.TryGetExceptionKind(name, out _))
        {
            return null;
        }

        if (Identifiers.Unavailable.Contains(name))
        {
            Report(ValidationDiagnostics.UnavailableBuiltin, node, name);
        }
        else if (isCall)
        {
            Report(ValidationDiagnostics.UnknownFunction, node, name, string.Join(", ", _catalogue.FunctionNames));
        }
        else
        {
            Report(ValidationDiagnostics.UndefinedName, node, name);
        }

        return null;
    }

    private void VisitCall(CallExpressionSyntax call)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool hasStar = false;
        foreach (ArgumentSyntax arg in call.Arguments)
        {
            if (arg.ArgumentKind is ArgumentKind.Star or ArgumentKind.DoubleStar)
            {
                hasStar = true;
                Unsupported(arg, arg.ArgumentKind == ArgumentKind.Star ? "'*args' arguments" : "'**kwargs' arguments", Construct.Plural, "Pass the arguments one by one.");
            }
            else if (arg.Name is not null)
            {
                string keyword = Identifiers.Normalize(arg.Name.Text);
                if (Identifiers.IsReserved(keyword))
                {
                    Report(ValidationDiagnostics.ReservedName, arg.Name, keyword);
                }
                else if (!seen.Add(keyword))
                {
                    Report(ValidationDiagnostics.UnknownKeyword, arg.Name, CalleeName(call), "a repeated", keyword, "pass each keyword once");
                }
            }
        }

        switch (call.Function)
        {
            case NameExpressionSyntax n:
            {
                Symbol? symbol = ResolveRead(n, isCall: true);
                string name = Identifiers.Normalize(n.Name);
                if (hasStar || Identifiers.IsReserved(name))
                {
                    break;
                }

                if (symbol is not null)
                {
                    if (symbol.Definition is not null && symbol.BindingCount == 1)
                    {
                        CheckUserCall(symbol.Definition, name, call);
                    }
                }
                else if (_catalogue.TryGetFunction(name, out PrimitiveDescriptor? primitive))
                {
                    CheckPrimitiveCall(primitive, call);
                }
                else if (PyBuiltins.TryGetSignature(name, out PyFunctionSignature? signature))
                {
                    CheckSignatureCall(signature, name, call);
                }

                break;
            }

            case AttributeExpressionSyntax a:
            {
                VisitExpression(a.Target);
                string name = Identifiers.Normalize(a.Name.Text);
                if (Identifiers.IsReserved(name))
                {
                    Report(ValidationDiagnostics.ReservedName, a.Name, name);
                    break;
                }

                CheckMethodCall(InferType(a.Target), name, a.Name, hasStar ? null : call);
                break;
            }

            default:
                VisitExpression(call.Function);
                break;
        }

        foreach (ArgumentSyntax arg in call.Arguments)
        {
            VisitExpression(arg.Value);
        }
    }

    private static string CalleeName(CallExpressionSyntax call) => call.Function switch
    {
        NameExpressionSyntax n => Identifiers.Normalize(n.Name),
        AttributeExpressionSyntax a => Identifiers.Normalize(a.Name.Text),
        _ => "function",
    };

    private bool IsKnownMember(string name) =>
        RuntimeMembers.Contains(name) || _catalogue.IsMethodName(name) || _catalogue.IsAttributeName(name);

    private string MembersOf(string type)
    {
        if (type.StartsWith("module:", StringComparison.Ordinal))
        {
            return Modules.Get(type[7..]) is { } m ? string.Join(", ", m.AttributeNames) : string.Empty;
        }

        if (type.StartsWith(TypePrefix, StringComparison.Ordinal))
        {
            type = type[TypePrefix.Length..];
        }

        if (PyMethods.TypeNames.Contains(type) || type == "bool")
        {
            return string.Join(", ", PyMethods.GetMethodNames(type == "bool" ? "int" : type));
        }

        var names = new List<string>();
        foreach (PrimitiveDescriptor m in _catalogue.MethodsOf(type))
        {
            names.Add(m.Name + "()");
        }

        foreach (AttributeDescriptor a in _catalogue.AttributesOf(type))
        {
            names.Add(a.Name);
        }

        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    private static string Describe(string type) =>
        type.StartsWith("module:", StringComparison.Ordinal) ? $"module '{type[7..]}'"
        : type.StartsWith(TypePrefix, StringComparison.Ordinal) ? $"type '{type[TypePrefix.Length..]}'"
        : $"'{type}'";

    /// <summary>Whether <paramref name="name"/>, unbound by the program, is a builtin type with methods (<c>str</c>, <c>list</c>, ...).</summary>
    private bool IsTypeObject(string name) =>
        Array.IndexOf(BuiltinTypes, name) >= 0 && !_catalogue.TryGetFunction(name, out _) && PyBuiltins.TryGet(name, out _);

    private const string AnyType = "any type";
    private const string AnyTypeMembers = "a method of str, list, dict, set or tuple, or of a library type (Tensor, Iota, CountDistribution)";

    private void CheckMethodCall(string? type, string name, SyntaxNode site, CallExpressionSyntax? call)
    {
        if (type is null)
        {
            if (!IsKnownMember(name))
            {
                Report(ValidationDiagnostics.UnknownMethod, site, AnyType, name, AnyTypeMembers);
            }

            return;
        }

        if (type.StartsWith("module:", StringComparison.Ordinal))
        {
            PyModule? module = Modules.Get(type[7..]);
            if (module is null || !module.TryGetAttribute(name, out _))
            {
                Report(ValidationDiagnostics.UnknownAttribute, site, Describe(type), name, MembersOf(type));
            }
            else if (call is not null && type == "module:math" && PyMath.TryGetSignature(name, out PyFunctionSignature? signature))
            {
                CheckSignatureCall(signature, name, call);
            }

            return;
        }

        if (type == "NoneType")
        {
            Report(ValidationDiagnostics.UnknownMethod, site, "None", name, "none; check for None before calling methods");
            return;
        }

        if (type.StartsWith(TypePrefix, StringComparison.Ordinal))
        {
            string typeName = type[TypePrefix.Length..];
            if (PyMethods.TryGetSignature(typeName, name, out PyFunctionSignature? unbound))
            {
                if (call is not null)
                {
                    string qualified = $"{typeName}.{name}";
                    CheckSignatureCall(unbound.WithReceiver(qualified), qualified, call);
                }
            }
            else
            {
                Report(ValidationDiagnostics.UnknownMethod, site, Describe(type), name, MembersOf(type));
            }

            return;
        }

        if (Array.IndexOf(BuiltinTypes, type) >= 0 || type == "bool")
        {
            if (PyMethods.TryGetSignature(type, name, out PyFunctionSignature? signature))
            {
                if (call is not null)
                {
                    CheckSignatureCall(signature, name, call);
                }
            }
            else
            {
                Report(ValidationDiagnostics.UnknownMethod, site, Describe(type), name, MembersOf(type));
            }

            return;
        }

        if (_catalogue.TryGetMethod(type, name, out PrimitiveDescriptor? method))
        {
            if (call is not null)
            {
                CheckPrimitiveCall(method, call);
            }
        }
        else
        {
            Report(ValidationDiagnostics.UnknownMethod, site, Describe(type), name, MembersOf(type));
        }
    }

    private void CheckAttribute(string? type, string name, SyntaxNode site)
    {
        bool known = type switch
        {
            null => IsKnownMember(name),
            "NoneType" => false,
            _ when type.StartsWith("module:", StringComparison.Ordinal) => Modules.Get(type[7..]) is { } m && m.TryGetAttribute(name, out _),
            _ when Array.IndexOf(BuiltinTypes, type) >= 0 || type == "bool" => PyMethods.TryGetSignature(type, name, out _),
            _ when type.StartsWith(TypePrefix, StringComparison.Ordinal) => PyMethods.TryGetSignature(type[TypePrefix.Length..], name, out _),
            _ => _catalogue.TryGetAttribute(type, name, out _) || _catalogue.TryGetMethod(type, name, out _),
        };
        if (!known)
        {
            Report(ValidationDiagnostics.UnknownAttribute, site, type is null ? AnyType : type == "NoneType" ? "None" : Describe(type), name,
                type is null ? AnyTypeMembers : type == "NoneType" ? "none" : MembersOf(type));
        }
    }

    private static string Plural(long n) => n == 1 ? string.Empty : "s";

    private static string WasWere(long n) => n == 1 ? "was" : "were";

    private void CheckSignatureCall(PyFunctionSignature signature, string name, CallExpressionSyntax call)
    {
        int positional = 0;
        int keywordPositional = 0;
        foreach (ArgumentSyntax arg in call.Arguments)
        {
            if (arg.Name is null)
            {
                positional++;
                continue;
            }

            string keyword = Identifiers.Normalize(arg.Name.Text);
            bool known = signature.AcceptsAnyKeywords || signature.Keywords.Contains(keyword);
            if (!known)
            {
                Report(ValidationDiagnostics.UnknownKeyword, arg.Name, name, "an unexpected", keyword,
                    signature.Keywords.Count == 0 ? "this function takes no keyword arguments" : string.Join(", ", signature.Keywords));
            }
            else if (signature.PositionOf(keyword) >= 0)
            {
                keywordPositional++;
            }
        }

        int min = signature.MinArgs;
        int max = signature.MaxArgs;
        if (positional + keywordPositional < min || (max >= 0 && positional > max))
        {
            string expected = max < 0 ? $"at least {min}" : min == max ? min.ToString(CultureInfo.InvariantCulture) : $"from {min} to {max}";
            Report(ValidationDiagnostics.WrongArgumentCount, call, name, expected, Plural(max < 0 ? min : max), positional, WasWere(positional), expected + " positional");
        }
    }

    private void CheckPrimitiveCall(PrimitiveDescriptor primitive, CallExpressionSyntax call)
    {
        IReadOnlyList<ParameterDescriptor> parameters = primitive.Parameters;
        string display = primitive.Name;
        var bound = new ExpressionSyntax?[parameters.Count];
        int positional = 0;
        foreach (ArgumentSyntax arg in call.Arguments)
        {
            if (arg.Name is null)
            {
                if (positional < bound.Length)
                {
                    bound[positional] = arg.Value;
                }

                positional++;
            }
        }

        if (positional > parameters.Count)
        {
            string expected = primitive.RequiredCount == parameters.Count
                ? parameters.Count.ToString(CultureInfo.InvariantCulture)
                : $"from {primitive.RequiredCount} to {parameters.Count}";
            Report(ValidationDiagnostics.WrongArgumentCount, call, display, expected, Plural(parameters.Count), positional, WasWere(positional), primitive.Signature);
            return;
        }

        foreach (ArgumentSyntax arg in call.Arguments)
        {
            if (arg.Name is null)
            {
                continue;
            }

            string keyword = Identifiers.Normalize(arg.Name.Text);
            int index = primitive.IndexOfParameter(keyword);
            if (index < 0)
            {
                Report(ValidationDiagnostics.UnknownKeyword, arg.Name, display, "an unexpected", keyword, primitive.Signature);
            }
            else if (bound[index] is not null)
            {
                Report(ValidationDiagnostics.UnknownKeyword, arg.Name, display, "multiple values for", keyword, primitive.Signature);
            }
            else
            {
                bound[index] = arg.Value;
            }
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            ParameterDescriptor p = parameters[i];
            if (bound[i] is null)
            {
                if (p.Required)
                {
                    Report(ValidationDiagnostics.MissingArgument, call, display, p.Name, primitive.Signature);
                }

                continue;
            }

            if (Constant(bound[i]!) is { } value && !p.Accepts(value, out string problem))
            {
                Report(ValidationDiagnostics.InvalidArgument, bound[i]!, primitive.QualifiedName, problem, $"{p.Name}: {p.Summary}");
            }
        }
    }

    private void CheckUserCall(FunctionDefinitionSyntax definition, string name, CallExpressionSyntax call)
    {
        var parameters = new List<ParameterSyntax>();
        foreach (ParameterSyntax p in definition.Parameters)
        {
            if (p.ParameterKind != ParameterKind.Normal || p.Name is null)
            {
                return;
            }

            parameters.Add(p);
        }

        string signature = $"{name}({string.Join(", ", parameters.Select(static p => p.Name!.Text))})";
        var filled = new bool[parameters.Count];
        int positional = 0;
        foreach (ArgumentSyntax arg in call.Arguments)
        {
            if (arg.Name is null)
            {
                if (positional < filled.Length)
                {
                    filled[positional] = true;
                }

                positional++;
            }
        }

        if (positional > parameters.Count)
        {
            int required = parameters.Count(static p => p.Default is null);
            string expected = required == parameters.Count ? parameters.Count.ToString(CultureInfo.InvariantCulture) : $"from {required} to {parameters.Count}";
            Report(ValidationDiagnostics.WrongArgumentCount, call, name, expected, Plural(parameters.Count), positional, WasWere(positional), signature);
            return;
        }

        foreach (ArgumentSyntax arg in call.Arguments)
        {
            if (arg.Name is null)
            {
                continue;
            }

            string keyword = Identifiers.Normalize(arg.Name.Text);
            int index = parameters.FindIndex(p => Identifiers.Normalize(p.Name!.Text) == keyword);
            if (index < 0)
            {
                Report(ValidationDiagnostics.UnknownKeyword, arg.Name, name, "an unexpected", keyword, signature);
            }
            else if (filled[index])
            {
                Report(ValidationDiagnostics.UnknownKeyword, arg.Name, name, "multiple values for", keyword, signature);
            }
            else
            {
                filled[index] = true;
            }
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            if (!filled[i] && parameters[i].Default is null)
            {
                Report(ValidationDiagnostics.MissingArgument, call, name, Identifiers.Normalize(parameters[i].Name!.Text), signature);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="expression"/> is <c>-9223372036854775808</c>: the one negated literal whose operand
    /// overflows 64 bits but whose value does not. Validation accepts it and the compiler folds it to a constant.
    /// </summary>
    internal static bool IsMinValueLiteral(ExpressionSyntax expression) =>
        expression is UnaryExpressionSyntax { Operator: UnaryOperator.Negate, Operand: IntegerLiteralExpressionSyntax { IsMinValueMagnitude: true } };

    /// <summary>The value of a literal argument, when it is one.</summary>
    internal static PyObject? Constant(ExpressionSyntax expression) => expression switch
    {
        _ when IsMinValueLiteral(expression) => PyInt.From(long.MinValue),
        IntegerLiteralExpressionSyntax { IsOverflow: false } i => PyInt.From(i.Value),
        UnaryExpressionSyntax { Operator: UnaryOperator.Negate, Operand: IntegerLiteralExpressionSyntax { IsOverflow: false } i } => PyInt.From(-i.Value),
        UnaryExpressionSyntax { Operator: UnaryOperator.Negate, Operand: FloatLiteralExpressionSyntax f } => new PyFloat(-f.Value),
        FloatLiteralExpressionSyntax f => new PyFloat(f.Value),
        StringLiteralExpressionSyntax s => PyStr.From(s.Value),
        BooleanLiteralExpressionSyntax b => PyBool.From(b.Value),
        NoneLiteralExpressionSyntax => PyNone.Instance,
        _ => null,
    };

    /// <summary>The statically known type of an expression, or null.</summary>
    private string? InferType(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case StringLiteralExpressionSyntax or FStringExpressionSyntax:
                return "str";
            case IntegerLiteralExpressionSyntax:
                return "int";
            case FloatLiteralExpressionSyntax:
                return "float";
            case BooleanLiteralExpressionSyntax:
                return "bool";
            case NoneLiteralExpressionSyntax:
                return "NoneType";
            case ListExpressionSyntax or ListComprehensionSyntax:
                return "list";
            case DictExpressionSyntax or DictComprehensionSyntax:
                return "dict";
            case SetExpressionSyntax or SetComprehensionSyntax:
                return "set";
            case TupleExpressionSyntax:
                return "tuple";
            case NameExpressionSyntax n:
            {
                string name = Identifiers.Normalize(n.Name);
                Symbol? symbol = _scope.Resolve(name);
                if (symbol is null)
                {
                    return IsTypeObject(name) ? TypePrefix + name : null;
                }

                return symbol.BindingCount == 1 ? symbol.Type : null;
            }

            case BinaryExpressionSyntax b when b.Operator is BinaryOperator.BitwiseAnd or BinaryOperator.BitwiseOr or BinaryOperator.BitwiseXor:
                return InferType(b.Left) == "Tensor" && InferType(b.Right) == "Tensor" ? "Tensor" : null;
            case UnaryExpressionSyntax { Operator: UnaryOperator.Invert } u:
                return InferType(u.Operand) == "Tensor" ? "Tensor" : null;
            case CallExpressionSyntax { Function: NameExpressionSyntax n }:
            {
                string name = Identifiers.Normalize(n.Name);
                if (_scope.Resolve(name) is not null)
                {
                    return null;
                }

                if (_catalogue.TryGetFunction(name, out PrimitiveDescriptor? f))
                {
                    return FromKind(f.Returns);
                }

                return name switch
                {
                    "len" or "int" => "int",
                    "str" => "str",
                    "float" => "float",
                    "bool" => "bool",
                    "list" or "sorted" => "list",
                    "dict" => "dict",
                    "set" => "set",
                    "tuple" => "tuple",
                    _ => null,
                };
            }

            case CallExpressionSyntax { Function: AttributeExpressionSyntax a }:
            {
                string? receiver = InferType(a.Target);
                return receiver is not null && _catalogue.TryGetMethod(receiver, Identifiers.Normalize(a.Name.Text), out PrimitiveDescriptor? m)
                    ? FromKind(m.Returns)
                    : null;
            }

            default:
                return null;
        }
    }

    private static string? FromKind(ValueKind kind) => kind switch
    {
        ValueKind.Str => "str",
        ValueKind.Int => "int",
        ValueKind.Float => "float",
        ValueKind.Bool => "bool",
        ValueKind.Tensor => "Tensor",
        ValueKind.Iota => "Iota",
        ValueKind.CountDistribution => "CountDistribution",
        ValueKind.ObjectList => "list",
        _ => null,
    };
}
