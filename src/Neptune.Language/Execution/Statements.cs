using Neptune.Language.Runtime;

namespace Neptune.Language.Execution;

/// <summary>A compiled statement.</summary>
internal abstract class Stmt
{
    public int Line;
    public int Column;

    public abstract Signal Exec(Frame f);
}

/// <summary>A statement list; charges one step and records the position before each statement.</summary>
internal sealed class Block(Stmt[] statements)
{
    public Signal Exec(Frame f)
    {
        RunState run = f.Run;
        foreach (Stmt s in statements)
        {
            run.Meter.Step();
            run.Line = s.Line;
            run.Column = s.Column;
            Signal signal = s.Exec(f);
            if (signal != Signal.Normal)
            {
                return signal;
            }
        }

        return Signal.Normal;
    }
}

/// <summary>An assignment target.</summary>
internal abstract class Target
{
    public abstract void Assign(Frame f, PyObject value);
}

internal sealed class GlobalTarget(int slot) : Target
{
    public override void Assign(Frame f, PyObject value) => f.Run.Globals[slot] = value;
}

internal sealed class LocalTarget(int slot) : Target
{
    public override void Assign(Frame f, PyObject value) => f.Slots[slot] = value;
}

internal sealed class CellTarget(int slot) : Target
{
    public override void Assign(Frame f, PyObject value) => f.Cells![slot]!.Value = value;
}

internal sealed class SubscriptTarget(Expr target, Expr index) : Target
{
    public Expr Object => target;

    public Expr Index => index;

    public override void Assign(Frame f, PyObject value)
    {
        PyObject o = target.Eval(f);
        PyObject i = index.Eval(f);
        PyOps.SetItem(f.Run.Meter, o, i, value);
    }
}

internal sealed class UnpackTarget(Target[] targets) : Target
{
    public override void Assign(Frame f, PyObject value)
    {
        int n = targets.Length;
        if (value is PyTuple t && t.Count == n)
        {
            for (int i = 0; i < n; i++)
            {
                targets[i].Assign(f, t[i]);
            }

            return;
        }

        ExecutionMeter meter = f.Run.Meter;
        PyIterator it = PyOps.GetIterator(meter, value);
        var items = new PyObject[n];
        int count = 0;
        while (it.MoveNext(meter, out PyObject? item))
        {
            if (count == n)
            {
                throw new PyException(PyErrorKind.ValueError, $"too many values to unpack (expected {n})");
            }

            items[count++] = item;
        }

        if (count < n)
        {
            throw new PyException(PyErrorKind.ValueError, $"not enough values to unpack (expected {n}, got {count})");
        }

        for (int i = 0; i < n; i++)
        {
            targets[i].Assign(f, items[i]);
        }
    }
}

internal sealed class ExprStmt(Expr expression) : Stmt
{
    public override Signal Exec(Frame f)
    {
        expression.Eval(f);
        return Signal.Normal;
    }
}

internal sealed class PassStmt : Stmt
{
    public override Signal Exec(Frame f) => Signal.Normal;
}

internal sealed class AssignStmt(Target[] targets, Expr value) : Stmt
{
    public override Signal Exec(Frame f)
    {
        PyObject v = value.Eval(f);
        f.Run.Line = Line;
        f.Run.Column = Column;
        foreach (Target t in targets)
        {
            t.Assign(f, v);
        }

        return Signal.Normal;
    }
}

internal sealed class AugAssignStmt(Expr read, Target write, PyBinaryOp op, Expr value) : Stmt
{
    public override Signal Exec(Frame f)
    {
        if (write is SubscriptTarget s)
        {
            PyObject o = s.Object.Eval(f);
            PyObject i = s.Index.Eval(f);
            PyObject v = value.Eval(f);
            f.Run.Line = Line;
            f.Run.Column = Column;
            ExecutionMeter meter = f.Run.Meter;
            PyObject current = PyOps.GetItem(meter, o, i);
            PyOps.SetItem(meter, o, i, PyOps.InPlace(meter, op, current, v));
            return Signal.Normal;
        }

        PyObject left = read.Eval(f);
        PyObject right = value.Eval(f);
        f.Run.Line = Line;
        f.Run.Column = Column;
        write.Assign(f, PyOps.InPlace(f.Run.Meter, op, left, right));
        return Signal.Normal;
    }
}

internal sealed class IfStmt(Expr[] conditions, Block[] bodies, Block? orElse) : Stmt
{
    public override Signal Exec(Frame f)
    {
        for (int i = 0; i < conditions.Length; i++)
        {
            if (PyOps.IsTruthy(conditions[i].Eval(f)))
            {
                return bodies[i].Exec(f);
            }
        }

        return orElse?.Exec(f) ?? Signal.Normal;
    }
}

internal sealed class WhileStmt(Expr condition, Block body, Block? orElse) : Stmt
{
    public override Signal Exec(Frame f)
    {
        ExecutionMeter meter = f.Run.Meter;
        while (true)
        {
            meter.Step();
            f.Run.Line = Line;
            f.Run.Column = Column;
            if (!PyOps.IsTruthy(condition.Eval(f)))
            {
                break;
            }

            Signal s = body.Exec(f);
            if (s == Signal.Break)
            {
                return Signal.Normal;
            }

            if (s is Signal.Return or Signal.Raise)
            {
                return s;
            }
        }

        return orElse?.Exec(f) ?? Signal.Normal;
    }
}

internal sealed class ForStmt(Target target, Expr iterable, Block body, Block? orElse) : Stmt
{
    public override Signal Exec(Frame f)
    {
        ExecutionMeter meter = f.Run.Meter;
        PyIterator it = PyOps.GetIterator(meter, iterable.Eval(f));
        while (true)
        {
            meter.Step();
            f.Run.Line = Line;
            f.Run.Column = Column;
            if (!it.MoveNext(meter, out PyObject? item))
            {
                break;
            }

            target.Assign(f, item);
            Signal s = body.Exec(f);
            if (s == Signal.Break)
            {
                return Signal.Normal;
            }

            if (s is Signal.Return or Signal.Raise)
            {
                return s;
            }
        }

        return orElse?.Exec(f) ?? Signal.Normal;
    }
}

internal sealed class BreakStmt : Stmt
{
    public override Signal Exec(Frame f) => Signal.Break;
}

internal sealed class ContinueStmt : Stmt
{
    public override Signal Exec(Frame f) => Signal.Continue;
}

internal sealed class ReturnStmt(Expr? value) : Stmt
{
    public override Signal Exec(Frame f)
    {
        f.Result = value?.Eval(f) ?? PyNone.Instance;
        return Signal.Return;
    }
}

internal sealed class DefStmt(FunctionCode code, Expr?[] defaults, Target target) : Stmt
{
    public override Signal Exec(Frame f)
    {
        target.Assign(f, FunctionExpr.Make(f, code, defaults));
        return Signal.Normal;
    }
}

internal sealed class AssertStmt(Expr test, Expr? message) : Stmt
{
    public override Signal Exec(Frame f)
    {
        if (PyOps.IsTruthy(test.Eval(f)))
        {
            return Signal.Normal;
        }

        PyObject[] args = message is null ? [] : [message.Eval(f)];
        f.Run.Line = Line;
        f.Run.Column = Column;
        PyException e = PyException.FromValue(new PyExceptionObject(PyErrorKind.AssertionError, args));
        e.WithLocation(new SourceLocation(Line, Column));
        return f.Run.Raise(e);
    }
}

internal sealed partial class RaiseStmt(Expr? exception, Expr? cause) : Stmt
{
    public override Signal Exec(Frame f)
    {
        // The exception travels as Signal.Raise rather than a .NET throw: a raise caught by a try in the same
        // function then costs no stack unwinding. A function boundary rethrows it (UserFunction.Call).
        RunState run = f.Run;
        if (exception is null)
        {
            return run.Raise(run.Handling ?? Located(new PyException(PyErrorKind.RuntimeError, "No active exception to reraise")));
        }

        PyObject value = exception.Eval(f);
        cause?.Eval(f);
        run.Line = Line;
        run.Column = Column;
        return run.Raise(Located(value switch
        {
            PyExceptionObject e => PyException.FromValue(e),
            PyExceptionType t => PyException.FromValue((PyExceptionObject)t.Call(run.Meter, [], [])),
            _ => new PyException(PyErrorKind.TypeError, "exceptions must derive from BaseException"),
        }));
    }
}

internal sealed partial class RaiseStmt
{
    private PyException Located(PyException e)
    {
        e.WithLocation(new SourceLocation(Line, Column));
        return e;
    }
}

internal sealed class ExceptHandler(Expr? type, Target? name, Block body)
{
    public Expr? Type { get; } = type;

    public Target? Name { get; } = name;

    public Block Body { get; } = body;
}

/// <summary>
/// try/except/else/finally. Only Python errors (<see cref="PyException"/>) are caught; budget errors, perception
/// failures and internal errors abort the run without running handlers or finally blocks.
/// </summary>
internal sealed class TryStmt(Block body, ExceptHandler[] handlers, Block? orElse, Block? @finally) : Stmt
{
    public override Signal Exec(Frame f)
    {
        if (@finally is null)
        {
            return ExecBodyAndHandlers(f);
        }

        RunState run = f.Run;
        Signal signal;
        PyException? pending = null;
        try
        {
            signal = ExecBodyAndHandlers(f);
        }
        catch (PyException e)
        {
            pending = e;
            signal = Signal.Normal;
        }

        if (signal == Signal.Raise)
        {
            pending = run.TakePending();
            signal = Signal.Normal;
        }

        Signal fin = @finally.Exec(f);
        if (fin != Signal.Normal)
        {
            return fin;
        }

        return pending is not null ? run.Raise(pending) : signal;
    }

    private Signal ExecBodyAndHandlers(Frame f)
    {
        RunState run = f.Run;
        Signal signal;
        try
        {
            signal = body.Exec(f);
        }
        catch (PyException e) when (handlers.Length > 0)
        {
            return Handle(f, e);
        }

        if (signal == Signal.Raise && handlers.Length > 0)
        {
            return Handle(f, run.TakePending());
        }

        return signal == Signal.Normal && orElse is not null ? orElse.Exec(f) : signal;
    }

    /// <summary>Runs the first handler that matches <paramref name="e"/>; with none, <paramref name="e"/> propagates.</summary>
    private Signal Handle(Frame f, PyException e)
    {
        RunState run = f.Run;
        e.WithLocation(new SourceLocation(run.Line, run.Column));
        foreach (ExceptHandler h in handlers)
        {
            if (h.Type is not null && !Matches(f, h.Type.Eval(f), e))
            {
                continue;
            }

            h.Name?.Assign(f, e.Value);
            PyException? saved = run.Handling;
            run.Handling = e;
            try
            {
                return h.Body.Exec(f);
            }
            finally
            {
                run.Handling = saved;
            }
        }

        return run.Raise(e);
    }

    private static bool Matches(Frame f, PyObject type, PyException e)
    {
        switch (type)
        {
            case PyExceptionType t:
                return PyErrorKinds.IsSubclassOf(e.Kind, t.Kind);
            case PyTuple tuple:
                for (int i = 0; i < tuple.Count; i++)
                {
                    if (Matches(f, tuple[i], e))
                    {
                        return true;
                    }
                }

                return false;
            default:
                throw new PyException(PyErrorKind.TypeError, "catching classes that do not inherit from BaseException is not allowed");
        }
    }
}

internal sealed class ImportStmt(Target target, PyObject value) : Stmt
{
    public override Signal Exec(Frame f)
    {
        target.Assign(f, value);
        return Signal.Normal;
    }
}
