using Neptune.Language;
using Neptune.Learning.BlackBoxes;

namespace Neptune.Learning.Tests;

public sealed class BlackBoxTests
{
    private const string SumProgram = """
        total = 0
        for o in objects():
            total = total + int(query("What digit is this?", o))
        return total
        """;

    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    [Fact]
    public void ProgramBlackBox_SumOfQueriedDigits_ReturnsTheReprOfTheResult()
    {
        PreparedProgram program = new ProgramEngine().Prepare(SumProgram);
        var box = new ProgramBlackBox(program, Digits);

        Assert.Equal("12", box.Run([3, 9]));
        Assert.Equal("0", box.Run([0, 0, 0, 0]));
        Assert.Equal(2, box.Runs);
    }

    [Fact]
    public void ProgramBlackBox_RunThatFails_IsNullNotAnException()
    {
        PreparedProgram program = new ProgramEngine().Prepare("""
            a = int(query("digit", 0))
            b = int(query("digit", 1))
            return a // b
            """);
        var box = new ProgramBlackBox(program, Digits);

        Assert.Equal("3", box.Run([7, 2]));
        Assert.Null(box.Run([7, 0]));
        Assert.Equal(1, box.Failures);
    }

    [Fact]
    public void ProgramBlackBox_OutputMapping_GivesItsOutputAndNullCountsAsAFailure()
    {
        PreparedProgram program = new ProgramEngine().Prepare(SumProgram);
        var box = new ProgramBlackBox(
            program,
            s => new SymbolPerception([.. s.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            output: r => r.ValueRepr == "0" ? null : "sum " + r.ValueRepr);

        Assert.Equal("sum 12", box.Run([3, 9]));
        Assert.Null(box.Run([0, 0]));
        Assert.Equal(1, box.Failures);
    }

    [Fact]
    public void ProgramBlackBox_YesNoScoreOnSymbols_IsAFailedRun()
    {
        PreparedProgram program = new ProgramEngine().Prepare("return score(\"Is it red?\").exists().value");
        var box = new ProgramBlackBox(program, Digits);

        Assert.Null(box.Run([1]));
    }

    [Fact]
    public void Memoized_RunsTheInnerBoxOncePerDistinctTuple()
    {
        int calls = 0;
        var inner = new DelegateBlackBox(s =>
        {
            Interlocked.Increment(ref calls);
            return s[0] == 9 ? null : (s[0] + s[1]).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        var memo = new MemoizedBlackBox(inner);

        Assert.Equal("5", memo.Run([2, 3]));
        Assert.Equal("5", memo.Run([2, 3]));
        Assert.Equal("5", memo.Run([3, 2]));
        Assert.Null(memo.Run([9, 1]));
        Assert.Null(memo.Run([9, 1]));

        Assert.Equal(3, calls);
        Assert.Equal(5, memo.Calls);
        Assert.Equal(3, memo.Distinct);
    }
}
