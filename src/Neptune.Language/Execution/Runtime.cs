using System.Runtime.CompilerServices;
using Neptune.Language.Library;
using Neptune.Language.Runtime;

namespace Neptune.Language.Execution;

/// <summary>How a statement finished.</summary>
internal enum Signal
{
    Normal,
    Break,
    Continue,
    Return,

    /// <summary>
    /// A <c>raise</c> is propagating without a .NET throw; <see cref="RunState.Pending"/> holds it. Statements pass
    /// it up like <see cref="Return"/>; <c>try</c> handles it; a function boundary turns it into a throw.
    /// </summary>
    Raise,
}

/// <summary>A variable shared between a function and the closures that read it.</summary>
internal sealed class Cell
{
    public PyObject? Value;
}

/// <summary>Everything one run owns. Never shared between runs.</summary>
internal sealed class RunState(ExecutionMeter meter, HostRunContext host, CompiledProgram program)
{
    public readonly ExecutionMeter Meter = meter;
    public readonly HostRunContext Host = host;
    public readonly PyObject?[] Globals = new PyObject?[program.GlobalCount];
    public readonly Cell?[]? GlobalCells = program.GlobalCellSlots.Length == 0 ? null : new Cell?[program.GlobalCount];

    /// <summary>Position of the operation being executed, for error locations.</summary>
    public int Line;
    public int Column;

    /// <summary>The exception being handled by the innermost running <c>except</c> block.</summary>
    public PyException? Handling;

    /// <summary>The exception travelling as <see cref="Signal.Raise"/>; set exactly while that signal propagates.</summary>
    public PyException? Pending;

    /// <summary>Starts propagating <paramref name="exception"/> as <see cref="Signal.Raise"/>.</summary>
    public Signal Raise(PyException exception)
    {
        Pending = exception;
        return Signal.Raise;
    }

    /// <summary>Takes the exception of a <see cref="Signal.Raise"/> that reached a handler or a function boundary.</summary>
    public PyException TakePending()
    {
        PyException e = Pending ?? throw new InvalidOperationException("a raise signal carried no exception");
        Pending = null;
        return e;
    }
}

/// <summary>One activation: the module body or a function call.</summary>
internal sealed class Frame(RunState run, PyObject?[] slots, Cell?[]? cells, Cell[] free)
{
    public readonly RunState Run = run;
    public readonly PyObject?[] Slots = slots;
    public readonly Cell?[]? Cells = cells;
    public readonly Cell[] Free = free;
    public PyObject? Result;
}

/// <summary>The compiled, immutable form of a function or lambda.</summary>
internal sealed class FunctionCode
{
    public required string Name { get; init; }

    public required string[] Parameters { get; init; }

    public required int SlotCount { get; init; }

    public required int[] CellSlots { get; init; }

    /// <summary>Whether any slot of the frame (including comprehension variables) is captured by a closure.</summary>
    public required bool HasCells { get; init; }

    /// <summary>For each free variable: a cell slot of the defining frame, or (when negative, ~index) its free index.</summary>
    public required int[] FreeSources { get; init; }

    public Block? Body { get; set; }

    public Expr? LambdaBody { get; set; }
}

/// <summary>A function defined by the program, bound to one run.</summary>
internal sealed class UserFunction(FunctionCode code, PyObject?[] defaults, Cell[] free, RunState run) : PyCallable
{
    private static readonly Cell[] NoCells = [];

    public override string Name => code.Name;

    public override string Repr() => code.LambdaBody is null ? $"<function {code.Name}>" : "<function <lambda>>";

    public override PyObject Call(ExecutionMeter meter, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs)
    {
        string[] parameters = code.Parameters;
        if (args.Length > parameters.Length)
        {
            throw new PyException(PyErrorKind.TypeError,
                $"{code.Name}() takes {parameters.Length} positional argument{(parameters.Length == 1 ? "" : "s")} but {args.Length} {(args.Length == 1 ? "was" : "were")} given");
        }

        var slots = new PyObject?[code.SlotCount];
        for (int i = 0; i < args.Length; i++)
        {
            slots[i] = args[i];
        }

        foreach (PyKeyword kw in kwargs)
        {
            int index = Array.IndexOf(parameters, kw.Name);
            if (index < 0)
            {
                throw new PyException(PyErrorKind.TypeError, $"{code.Name}() got an unexpected keyword argument '{kw.Name}'");
            }

            if (slots[index] is not null)
            {
                throw new PyException(PyErrorKind.TypeError, $"{code.Name}() got multiple values for argument '{kw.Name}'");
            }

            slots[index] = kw.Value;
        }

        for (int i = 0; i < parameters.Length; i++)
        {
            if (slots[i] is null)
            {
                slots[i] = defaults[i] ?? throw new PyException(PyErrorKind.TypeError,
                    $"{code.Name}() missing 1 required positional argument: '{parameters[i]}'");
            }
        }

        Cell?[]? cells = null;
        if (code.HasCells)
        {
            cells = new Cell?[code.SlotCount];
            foreach (int slot in code.CellSlots)
            {
                cells[slot] = new Cell { Value = slots[slot] };
            }
        }

        var frame = new Frame(run, slots, cells, free.Length == 0 ? NoCells : free);
        meter.Step();
        meter.EnterCall();
        try
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            if (code.LambdaBody is { } body)
            {
                return body.Eval(frame);
            }

            Signal signal = code.Body!.Exec(frame);
            if (signal == Signal.Raise)
            {
                throw run.TakePending();
            }

            return signal == Signal.Return ? frame.Result ?? PyNone.Instance : PyNone.Instance;
        }
        finally
        {
            meter.ExitCall();
        }
    }
}

/// <summary>A library function used as a value (<c>f = score</c>), bound to one run's host context.</summary>
internal sealed class PrimitiveFunction(PrimitiveDescriptor descriptor, HostRunContext host) : PyCallable
{
    public override string Name => descriptor.Name;

    public override string Repr() => $"<built-in function {descriptor.Name}>";

    public override PyObject Call(ExecutionMeter meter, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs) =>
        descriptor.Invoke(host, null, args, kwargs);
}

/// <summary>The compiled module.</summary>
internal sealed class CompiledProgram
{
    public required ProgramShape Shape { get; init; }

    public required int GlobalCount { get; init; }

    public required int[] GlobalCellSlots { get; init; }

    public required Block Body { get; init; }

    public required int ExecuteSlot { get; init; }

    /// <summary>The <c>score()</c> calls the text makes with literal arguments (prefetch evaluation issues them).</summary>
    public IReadOnlyList<Neptune.Language.Library.Calls.ScoreCall> KnownScores { get; init; } = [];

    public PyObject Execute(RunState run)
    {
        if (run.GlobalCells is { } cells)
        {
            foreach (int slot in GlobalCellSlots)
            {
                cells[slot] = new Cell();
            }
        }

        var frame = new Frame(run, run.Globals, run.GlobalCells, []);
        Signal signal = Body.Exec(frame);
        if (signal == Signal.Raise)
        {
            throw run.TakePending();
        }

        if (Shape == ProgramShape.Body)
        {
            return signal == Signal.Return ? frame.Result ?? PyNone.Instance : PyNone.Instance;
        }

        PyObject execute = run.Globals[ExecuteSlot] ?? throw new PyException(PyErrorKind.NameError, "name 'execute' is not defined");
        return PyOps.Call(run.Meter, execute, [], []);
    }
}
