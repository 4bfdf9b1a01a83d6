namespace Neptune.Language.Runtime.Tests;

public sealed class BudgetTests
{
    private static ExecutionMeter Meter(long elements = 1_000_000, int stringLength = 100_000, long output = 1_000, long steps = 1_000_000) =>
        new(new ExecutionLimits { MaxElements = elements, MaxStringLength = stringLength, MaxOutputChars = output, MaxSteps = steps });

    private static PyInt I(long v) => PyInt.From(v);

    [Fact]
    public void Binary_ListTimesHugeCount_ThrowsElementsBudgetBeforeAllocating()
    {
        var meter = Meter();
        var list = new PyList([I(0)]);
        var ex = Assert.Throws<BudgetExceededException>(() => PyOps.Binary(meter, PyBinaryOp.Mul, list, I(1_000_000_000)));
        Assert.Equal(BudgetKind.Elements, ex.Kind);
        Assert.Equal(0, meter.Elements);
    }

    [Fact]
    public void Binary_Concatenation_ChargesTheNewStringsBytes()
    {
        var meter = Meter();
        PyOps.Binary(meter, PyBinaryOp.Add, PyStr.From(new string('a', 100)), PyStr.From(new string('b', 50)));
        Assert.Equal(ExecutionMeter.StringOverheadBytes + 300, meter.MemoryBytes);
    }

    [Fact]
    public void Binary_RepetitionBeyondMemoryBudget_ThrowsMemoryBudgetBeforeAllocating()
    {
        var meter = new ExecutionMeter(ExecutionLimits.Default with { MaxMemoryBytes = 1000 });
        var ex = Assert.Throws<BudgetExceededException>(() => PyOps.Binary(meter, PyBinaryOp.Mul, PyStr.From("ab"), I(500)));
        Assert.Equal(BudgetKind.Memory, ex.Kind);
        Assert.Equal(1000, ex.Limit);
        Assert.Equal(0, meter.MemoryBytes);
    }

    [Fact]
    public void ChargeElements_ChargesMemoryPerElement()
    {
        var meter = new ExecutionMeter(ExecutionLimits.Default with { MaxMemoryBytes = 10 * ExecutionMeter.ElementBytes });
        meter.ChargeElements(10);
        Assert.Equal(10 * ExecutionMeter.ElementBytes, meter.MemoryBytes);
        Assert.Equal(BudgetKind.Memory, Assert.Throws<BudgetExceededException>(() => meter.ChargeElements(1)).Kind);
    }

    [Fact]
    public void Binary_StringTimesHugeCount_ThrowsStringLengthBudget()
    {
        var ex = Assert.Throws<BudgetExceededException>(() => PyOps.Binary(Meter(), PyBinaryOp.Mul, PyStr.From("a"), I(10_000_000_000)));
        Assert.Equal(BudgetKind.StringLength, ex.Kind);
    }

    [Fact]
    public void Binary_RepetitionProductOverflowsLong_ThrowsBudgetNotOverflow()
    {
        var ex = Assert.Throws<BudgetExceededException>(() => PyOps.Binary(Meter(), PyBinaryOp.Mul, PyStr.From("ab"), I(long.MaxValue)));
        Assert.Equal(BudgetKind.StringLength, ex.Kind);
    }

    [Fact]
    public void List_OfHugeRange_ThrowsElementsBudget()
    {
        var meter = Meter();
        var range = PyBuiltins.Call(meter, "range", [I(1_000_000_000_000)]);
        var ex = Assert.Throws<BudgetExceededException>(() => PyBuiltins.Call(meter, "list", [range]));
        Assert.Equal(BudgetKind.Elements, ex.Kind);
    }

    [Fact]
    public void Sorted_OfHugeRange_ThrowsElementsBudget()
    {
        var meter = Meter(elements: 1000);
        var range = new PyRange(0, 1_000_000, 1);
        Assert.Equal(BudgetKind.Elements, Assert.Throws<BudgetExceededException>(() => PyBuiltins.Call(meter, "sorted", [range])).Kind);
    }

    [Fact]
    public void Sum_OfHugeRange_ThrowsStepBudget()
    {
        var meter = Meter(steps: 10_000);
        var ex = Assert.Throws<BudgetExceededException>(() => PyBuiltins.Call(meter, "sum", [new PyRange(0, 1_000_000_000_000, 1)]));
        Assert.Equal(BudgetKind.Steps, ex.Kind);
    }

    [Fact]
    public void Join_ResultLongerThanLimit_ThrowsStringLengthBudget()
    {
        var meter = Meter(stringLength: 100);
        var parts = new PyList(Enumerable.Repeat<PyObject>(PyStr.From("xxxxxxxxxx"), 20));
        var ex = Assert.Throws<BudgetExceededException>(() => PyOps.CallMethod(meter, PyStr.From(","), "join", [parts], []));
        Assert.Equal(BudgetKind.StringLength, ex.Kind);
    }

    [Fact]
    public void Replace_BlowUp_ThrowsStringLengthBudget()
    {
        var meter = Meter(stringLength: 1000);
        var s = PyStr.From(new string('a', 500));
        var ex = Assert.Throws<BudgetExceededException>(() => PyOps.CallMethod(meter, s, "replace", [PyStr.From("a"), PyStr.From("aaaa")], []));
        Assert.Equal(BudgetKind.StringLength, ex.Kind);
    }

    [Fact]
    public void Zfill_HugeWidth_ThrowsStringLengthBudget()
    {
        var ex = Assert.Throws<BudgetExceededException>(() => PyOps.CallMethod(Meter(), PyStr.From("1"), "zfill", [I(1_000_000_000)], []));
        Assert.Equal(BudgetKind.StringLength, ex.Kind);
    }

    [Fact]
    public void Format_HugeWidth_ThrowsStringLengthBudget()
    {
        var ex = Assert.Throws<BudgetExceededException>(() => PyOps.Format(Meter(), I(1), ">1000000000"));
        Assert.Equal(BudgetKind.StringLength, ex.Kind);
    }

    [Fact]
    public void Print_BeyondOutputBudget_ThrowsOutputBudget()
    {
        var meter = Meter(output: 10);
        PyBuiltins.Call(meter, "print", [PyStr.From("hello")]);
        Assert.Equal("hello\n", meter.OutputText);
        var ex = Assert.Throws<BudgetExceededException>(() => PyBuiltins.Call(meter, "print", [PyStr.From("world!")]));
        Assert.Equal(BudgetKind.Output, ex.Kind);
    }

    [Fact]
    public void Print_SepAndEnd_WritesToMeterSink()
    {
        var meter = Meter();
        PyBuiltins.Call(meter, "print", [I(1), PyStr.From("a"), PyNone.Instance], [new("sep", PyStr.From("-")), new("end", PyStr.From("!"))]);
        Assert.Equal("1-a-None!", meter.OutputText);
    }

    [Fact]
    public void Pow_TwoToTenToTen_FailsFastWithIntSizeBudgetBeforeComputing()
    {
        var meter = Meter();
        var exponent = PyOps.Binary(meter, PyBinaryOp.Pow, I(10), I(10));
        var ex = Assert.Throws<BudgetExceededException>(() => PyOps.Binary(meter, PyBinaryOp.Pow, I(2), exponent));
        Assert.Equal(BudgetKind.IntSize, ex.Kind);
        Assert.Equal(ExecutionLimits.Default.MaxIntDigits, ex.Limit);
        Assert.Equal(0, meter.MemoryBytes);
    }

    [Fact]
    public void Create_IntBeyond64Bits_ChargesItsWordsToTheMemoryBudget()
    {
        var meter = Meter();
        var value = PyOps.Binary(meter, PyBinaryOp.Mul, I(long.MaxValue), I(long.MaxValue));
        Assert.Equal("85070591730234615847396907784232501249", PyOps.Repr(meter, value));
        Assert.Equal(ExecutionMeter.BigIntOverheadBytes + (4 * 4), meter.MemoryBytes);
        var small = PyOps.Binary(meter, PyBinaryOp.Sub, value, value);
        Assert.Same(I(0), small);
        Assert.Equal(ExecutionMeter.BigIntOverheadBytes + (4 * 4), meter.MemoryBytes);
    }

    [Fact]
    public void Step_Cancelled_ThrowsTimeBudget()
    {
        using var cts = new CancellationTokenSource();
        var meter = new ExecutionMeter(cancellationToken: cts.Token);
        cts.Cancel();
        var ex = Assert.Throws<BudgetExceededException>(() =>
        {
            for (var i = 0; i < 5000; i++)
            {
                meter.Step();
            }
        });
        Assert.Equal(BudgetKind.Time, ex.Kind);
    }

    [Fact]
    public void CheckTime_PastDeadline_ThrowsTimeBudget()
    {
        var clock = new ManualClock();
        var meter = new ExecutionMeter(new ExecutionLimits { Timeout = TimeSpan.FromSeconds(1) }, timeProvider: clock);
        meter.CheckTime();
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(BudgetKind.Time, Assert.Throws<BudgetExceededException>(meter.CheckTime).Kind);
    }

    [Fact]
    public void EnterCall_BeyondDepth_ThrowsCallDepthBudget()
    {
        var meter = new ExecutionMeter(new ExecutionLimits { MaxCallDepth = 3 });
        meter.EnterCall();
        meter.EnterCall();
        meter.EnterCall();
        Assert.Equal(BudgetKind.CallDepth, Assert.Throws<BudgetExceededException>(meter.EnterCall).Kind);
        meter.ExitCall();
        meter.EnterCall();
        Assert.Equal(3, meter.CallDepth);
    }

    [Fact]
    public void ChargeHostCall_BeyondLimit_ThrowsHostCallsBudget()
    {
        var meter = new ExecutionMeter(new ExecutionLimits { MaxHostCalls = 2 });
        meter.ChargeHostCall();
        meter.ChargeHostCall();
        Assert.Equal(BudgetKind.HostCalls, Assert.Throws<BudgetExceededException>(meter.ChargeHostCall).Kind);
    }

    [Fact]
    public void Limits_NonPositive_RejectedWhenMeterIsBuilt()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExecutionMeter(new ExecutionLimits { MaxSteps = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExecutionMeter(new ExecutionLimits { Timeout = TimeSpan.Zero }));
    }

    [Fact]
    public void Reset_AfterUse_ZeroesCounters()
    {
        var meter = Meter();
        meter.Step(10);
        meter.ChargeElements(5);
        meter.ChargeString(100);
        meter.Reset();
        Assert.Equal(0, meter.Steps);
        Assert.Equal(0, meter.Elements);
        Assert.Equal(0, meter.MemoryBytes);
    }

    [Fact]
    public void BudgetException_IsNotPythonException_ButSharesRoot()
    {
        NeptuneRuntimeException budget = new BudgetExceededException(BudgetKind.Steps, 1, "x");
        NeptuneRuntimeException python = new PyException(PyErrorKind.ValueError, "y");
        Assert.IsNotType<PyException>(budget);
        Assert.IsType<PyException>(python);
        Assert.Equal(new SourceLocation(3, 4), python.WithLocation(new SourceLocation(3, 4)).Location);
        Assert.Equal(new SourceLocation(3, 4), python.WithLocation(new SourceLocation(9, 9)).Location);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
