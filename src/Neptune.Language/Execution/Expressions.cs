using System.Text;
using Neptune.Language.Library;
using Neptune.Language.Runtime;
using Neptune.Language.Syntax;

namespace Neptune.Language.Execution;

/// <summary>A compiled expression. Immutable; all run state lives in the <see cref="Frame"/>.</summary>
internal abstract class Expr
{
    public int Line;
    public int Column;

    public abstract PyObject Eval(Frame f);

    protected void Mark(Frame f)
    {
        f.Run.Line = Line;
        f.Run.Column = Column;
    }

    protected static PyObject[] EvalAll(Frame f, Expr[] items)
    {
        if (items.Length == 0)
        {
            return [];
        }

        var values = new PyObject[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            values[i] = items[i].Eval(f);
        }

        return values;
    }
}

internal sealed class ConstExpr(PyObject value) : Expr
{
    public override PyObject Eval(Frame f) => value;
}

internal sealed class GlobalLoad(int slot, string name) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject? v = f.Run.Globals[slot];
        if (v is null)
        {
            Mark(f);
            throw new PyException(PyErrorKind.NameError, $"name '{name}' is not defined");
        }

        return v;
    }
}

internal sealed class LocalLoad(int slot, string name) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject? v = f.Slots[slot];
        if (v is null)
        {
            Mark(f);
            throw new PyException(PyErrorKind.UnboundLocalError, $"cannot access local variable '{name}' where it is not associated with a value");
        }

        return v;
    }
}

internal sealed class CellLoad(int slot, string name) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject? v = f.Cells![slot]!.Value;
        if (v is null)
        {
            Mark(f);
            throw new PyException(PyErrorKind.UnboundLocalError, $"cannot access local variable '{name}' where it is not associated with a value");
        }

        return v;
    }
}

internal sealed class FreeLoad(int index, string name) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject? v = f.Free[index].Value;
        if (v is null)
        {
            Mark(f);
            throw new PyException(PyErrorKind.NameError, $"cannot access free variable '{name}' where it is not associated with a value in enclosing scope");
        }

        return v;
    }
}

internal sealed class PrimitiveRef(PrimitiveDescriptor descriptor) : Expr
{
    public override PyObject Eval(Frame f) => new PrimitiveFunction(descriptor, f.Run.Host);
}

internal sealed class UnaryExpr(PyUnaryOp op, Expr operand) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject v = operand.Eval(f);
        Mark(f);
        return PyOps.Unary(f.Run.Meter, op, v);
    }
}

internal sealed class NotExpr(Expr operand) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject v = operand.Eval(f);
        Mark(f);
        return PyBool.From(!PyOps.IsTruthy(v));
    }
}

internal sealed class BinaryExpr(PyBinaryOp op, Expr left, Expr right) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject a = left.Eval(f);
        PyObject b = right.Eval(f);
        Mark(f);
        return PyOps.Binary(f.Run.Meter, op, a, b);
    }
}

internal sealed class BoolExpr(bool isAnd, Expr[] operands) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject v = operands[0].Eval(f);
        for (int i = 1; i < operands.Length; i++)
        {
            Mark(f);
            if (PyOps.IsTruthy(v) != isAnd)
            {
                return v;
            }

            v = operands[i].Eval(f);
        }

        return v;
    }
}

internal sealed class CompareExpr(Expr left, PyCompareOp[] ops, Expr[] comparators) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject a = left.Eval(f);
        for (int i = 0; ; i++)
        {
            PyObject b = comparators[i].Eval(f);
            Mark(f);
            PyObject r = PyOps.Compare(f.Run.Meter, ops[i], a, b);
            if (i == ops.Length - 1 || !PyOps.IsTruthy(r))
            {
                return r;
            }

            a = b;
        }
    }
}

internal sealed class ConditionalExpr(Expr condition, Expr whenTrue, Expr whenFalse) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject c = condition.Eval(f);
        Mark(f);
        return PyOps.IsTruthy(c) ? whenTrue.Eval(f) : whenFalse.Eval(f);
    }
}

/// <summary>Arguments of a call site: positional expressions, then keyword expressions with their names.</summary>
internal sealed class CallArguments(Expr[] positional, string[] names, Expr[] keywords)
{
    public PyObject[] Positional(Frame f) => Expr_EvalAll(f, positional);

    public PyKeyword[] Keywords(Frame f)
    {
        if (keywords.Length == 0)
        {
            return [];
        }

        var result = new PyKeyword[keywords.Length];
        for (int i = 0; i < keywords.Length; i++)
        {
            result[i] = new PyKeyword(names[i], keywords[i].Eval(f));
        }

        return result;
    }

    private static PyObject[] Expr_EvalAll(Frame f, Expr[] items)
    {
        if (items.Length == 0)
        {
            return [];
        }

        var values = new PyObject[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            values[i] = items[i].Eval(f);
        }

        return values;
    }
}

internal sealed class CallExpr(Expr function, CallArguments arguments) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject callee = function.Eval(f);
        PyObject[] args = arguments.Positional(f);
        PyKeyword[] kwargs = arguments.Keywords(f);
        Mark(f);
        HostRunContext host = f.Run.Host;
        host.CurrentLine = Line;
        host.CurrentColumn = Column;
        return callee is PyCallable c
            ? c.Call(f.Run.Meter, args, kwargs)
            : throw new PyException(PyErrorKind.TypeError, $"'{callee.TypeName}' object is not callable");
    }
}

internal sealed class PrimitiveCallExpr(PrimitiveDescriptor descriptor, CallArguments arguments) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject[] args = arguments.Positional(f);
        PyKeyword[] kwargs = arguments.Keywords(f);
        Mark(f);
        HostRunContext host = f.Run.Host;
        host.CurrentLine = Line;
        host.CurrentColumn = Column;
        return descriptor.Invoke(host, null, args, kwargs);
    }
}

internal sealed class MethodCallExpr(Expr target, string name, CallArguments arguments) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject receiver = target.Eval(f);
        PyObject[] args = arguments.Positional(f);
        PyKeyword[] kwargs = arguments.Keywords(f);
        Mark(f);
        HostRunContext host = f.Run.Host;
        host.CurrentLine = Line;
        host.CurrentColumn = Column;
        return PyOps.CallMethod(f.Run.Meter, receiver, name, args, kwargs);
    }
}

internal sealed class AttributeExpr(Expr target, string name) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject o = target.Eval(f);
        Mark(f);
        return PyOps.GetAttribute(f.Run.Meter, o, name);
    }
}

internal sealed class SubscriptExpr(Expr target, Expr index) : Expr
{
    public override PyObject Eval(Frame f)
    {
        PyObject o = target.Eval(f);
        PyObject i = index.Eval(f);
        Mark(f);
        return PyOps.GetItem(f.Run.Meter, o, i);
    }
}

internal sealed class SliceExpr(Expr? lower, Expr? upper, Expr? step) : Expr
{
    public override PyObject Eval(Frame f) => new PySlice(
        lower?.Eval(f) ?? PyNone.Instance,
        upper?.Eval(f) ?? PyNone.Instance,
        step?.Eval(f) ?? PyNone.Instance);
}

internal sealed class TupleExpr(Expr[] items) : Expr
{
    public override PyObject Eval(Frame f)
    {
        if (items.Length == 0)
        {
            return PyTuple.Empty;
        }

        f.Run.Meter.ChargeElements(items.Length);
        return PyTuple.Adopt(EvalAll(f, items));
    }
}

internal sealed class ListExpr(Expr[] items) : Expr
{
    public override PyObject Eval(Frame f)
    {
        f.Run.Meter.ChargeElements(items.Length);
        var list = new List<PyObject>(items.Length);
        foreach (Expr e in items)
        {
            list.Add(e.Eval(f));
        }

        return new PyList(list, adopt: true);
    }
}

internal sealed class SetExpr(Expr[] items) : Expr
{
    public override PyObject Eval(Frame f)
    {
        f.Run.Meter.ChargeEntries(items.Length);
        var set = new PySet();
        foreach (Expr e in items)
        {
            PyObject v = e.Eval(f);
            Mark(f);
            set.Add(v);
        }

        return set;
    }
}

internal sealed class DictExpr(Expr[] keys, Expr[] values) : Expr
{
    public override PyObject Eval(Frame f)
    {
        f.Run.Meter.ChargeEntries(keys.Length);
        var dict = new PyDict();
        for (int i = 0; i < keys.Length; i++)
        {
            PyObject k = keys[i].Eval(f);
            PyObject v = values[i].Eval(f);
            Mark(f);
            dict.Set(k, v);
        }

        return dict;
    }
}

internal enum ComprehensionKind
{
    List,
    Set,
    Dict,
    Generator,
}

internal sealed class ComprehensionClause(Target target, Expr iterable, Expr[] conditions)
{
    public Target Target { get; } = target;

    public Expr Iterable { get; } = iterable;

    public Expr[] Conditions { get; } = conditions;
}

/// <summary>A comprehension, evaluated eagerly (a generator expression yields an iterator over the eagerly built list).</summary>
internal sealed class ComprehensionExpr(ComprehensionKind kind, ComprehensionClause[] clauses, Expr element, Expr? value, int[] cellSlots) : Expr
{
    public override PyObject Eval(Frame f)
    {
        if (cellSlots.Length > 0)
        {
            foreach (int slot in cellSlots)
            {
                f.Cells![slot] = new Cell();
            }
        }

        PyObject result = kind switch
        {
            ComprehensionKind.Set => new PySet(),
            ComprehensionKind.Dict => new PyDict(),
            _ => new PyList(),
        };
        Loop(f, 0, result);
        return kind == ComprehensionKind.Generator ? new ListIterator((PyList)result, false) : result;
    }

    private void Loop(Frame f, int depth, PyObject result)
    {
        ComprehensionClause clause = clauses[depth];
        PyObject iterable = clause.Iterable.Eval(f);
        Mark(f);
        ExecutionMeter meter = f.Run.Meter;
        PyIterator it = PyOps.GetIterator(meter, iterable);
        while (true)
        {
            meter.Step();
            Mark(f);
            if (!it.MoveNext(meter, out PyObject? item))
            {
                return;
            }

            clause.Target.Assign(f, item);
            bool keep = true;
            foreach (Expr c in clause.Conditions)
            {
                if (!PyOps.IsTruthy(c.Eval(f)))
                {
                    keep = false;
                    break;
                }
            }

            if (!keep)
            {
                continue;
            }

            if (depth + 1 < clauses.Length)
            {
                Loop(f, depth + 1, result);
                continue;
            }

            PyObject e = element.Eval(f);
            if (result is PyList)
            {
                meter.ChargeElements(1);
            }
            else
            {
                meter.ChargeEntries(1);
            }

            switch (result)
            {
                case PyList l:
                    l.Items.Add(e);
                    break;
                case PySet s:
                    Mark(f);
                    s.Add(e);
                    break;
                case PyDict d:
                    PyObject v = value!.Eval(f);
                    Mark(f);
                    d.Set(e, v);
                    break;
            }
        }
    }
}

internal sealed class FunctionExpr(FunctionCode code, Expr?[] defaults) : Expr
{
    public override PyObject Eval(Frame f) => Make(f, code, defaults);

    public static UserFunction Make(Frame f, FunctionCode code, Expr?[] defaults)
    {
        var values = new PyObject?[defaults.Length];
        for (int i = 0; i < defaults.Length; i++)
        {
            values[i] = defaults[i]?.Eval(f);
        }

        int[] sources = code.FreeSources;
        var free = new Cell[sources.Length];
        for (int i = 0; i < sources.Length; i++)
        {
            int s = sources[i];
            free[i] = s >= 0 ? f.Cells![s]! : f.Free[~s];
        }

        return new UserFunction(code, values, free, f.Run);
    }
}

internal sealed class FStringExpr(object[] parts) : Expr
{
    // Each part is a string (literal text) or a FormattedPart.
    public override PyObject Eval(Frame f)
    {
        var sb = new StringBuilder();
        ExecutionMeter meter = f.Run.Meter;
        foreach (object part in parts)
        {
            if (part is string text)
            {
                sb.Append(text);
            }
            else
            {
                var p = (FormattedPart)part;
                PyObject v = p.Value.Eval(f);
                string spec = p.Spec is null ? string.Empty : ((PyStr)p.Spec.Eval(f)).Value;
                Mark(f);
                if (p.Conversion is FStringConversion.Repr or FStringConversion.Ascii)
                {
                    v = PyStr.Create(meter, v is PyHostObject h ? h.Repr() : PyOps.Repr(meter, v));
                }
                else if (p.Conversion == FStringConversion.Str)
                {
                    v = PyStr.Create(meter, PyOps.Str(meter, v));
                }

                sb.Append(spec.Length == 0 && v is not PyHostObject ? PyOps.Str(meter, v) : v is PyHostObject host && spec.Length == 0 ? host.Repr() : PyOps.Format(meter, v, spec));
            }

            meter.CheckStringLength(sb.Length);
        }

        return PyStr.Create(meter, sb.ToString());
    }
}

internal sealed class FormattedPart(Expr value, FStringConversion conversion, Expr? spec)
{
    public Expr Value { get; } = value;

    public FStringConversion Conversion { get; } = conversion;

    public Expr? Spec { get; } = spec;
}
