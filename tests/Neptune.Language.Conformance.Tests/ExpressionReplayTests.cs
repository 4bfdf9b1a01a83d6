using Neptune.Language.Conformance.Tests.Support;

namespace Neptune.Language.Conformance.Tests;

/// <summary>
/// Replays the runtime's standalone-expression fixtures (tests/Neptune.Language.Runtime.Tests/Conformance/expressions.jsonl,
/// recorded from CPython 3.11) end to end: each row becomes the program <c>return &lt;expr&gt;</c>.
/// </summary>
public sealed class ExpressionReplayTests
{
    /// <summary>
    /// Rows whose expression uses something the language rejects by design, mapped to the reason. They are
    /// asserted to be rejected by validation instead of being run (see README.md).
    /// </summary>
    private static readonly Dictionary<string, (string Code, string Reason)> RejectedByDesign = new(StringComparer.Ordinal)
    {
        ["list(zip(*[(1, 'a'), (2, 'b')]))"] = ("NPT2001", "star-arguments are not part of the subset"),
        ["iter(5)"] = ("NPT2007", "iter() is not a builtin of the subset"),
        ["hash([])"] = ("NPT2007", "hash() is not a builtin of the subset"),
        ["[[...]] if False else 'recursive-list'"] = ("NPT2001", "Ellipsis is not a value in the subset"),
    };

    /// <summary>
    /// CPython raises these only when the line runs; the validator proves them before the run, with these codes.
    /// </summary>
    private static readonly Dictionary<string, string[]> StaticallyReported = new(StringComparer.Ordinal)
    {
        ["NameError"] = ["NPT2005"],
        ["AttributeError"] = ["NPT2008", "NPT2009"],
    };

    public static TheoryData<int, string> Rows()
    {
        var data = new TheoryData<int, string>();
        var rows = Fixtures.Expressions();
        for (int i = 0; i < rows.Count; i++)
        {
            data.Add(i + 1, rows[i].Expression);
        }

        return data;
    }

    [Fact]
    public void ExpressionsFile_IsPresentAndLarge()
    {
        Assert.True(File.Exists(Fixtures.ExpressionsFile), $"{Fixtures.ExpressionsFile} was not copied to the output");
        Assert.True(Fixtures.Expressions().Count >= 300);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Run_ReturnOfExpression_MatchesCPython(int row, string expression)
    {
        var expected = Fixtures.Expressions()[row - 1];
        Assert.Equal(expected.Expression, expression);
        var source = (expression.Contains("math.", StringComparison.Ordinal) ? "import math\n" : string.Empty)
            + "return " + expression + "\n";

        if (RejectedByDesign.TryGetValue(expression, out var byDesign))
        {
            var check = EngineRunner.Default.Check(source);
            Assert.False(check.IsValid, $"row {row} should be rejected ({byDesign.Reason})");
            Assert.Contains(check.Diagnostics, d => d.IsError && d.Code == byDesign.Code);
            return;
        }

        if (expected.Kind is not null && StaticallyReported.TryGetValue(expected.Kind, out var codes))
        {
            var check = EngineRunner.Default.Check(source);
            if (!check.IsValid)
            {
                Assert.Contains(check.Diagnostics, d => d.IsError && codes.Contains(d.Code));
                return;
            }
        }

        var program = EngineRunner.PrepareOrFail(EngineRunner.Default, source, $"row{row}.py");
        var result = program.Run(new RunOptions());

        if (expected.Kind is null)
        {
            Assert.True(result.Succeeded, $"row {row} `{expression}`: CPython gave {expected.Expect}; Neptune {EngineRunner.Describe(result)}");
            Assert.Equal(expected.Expect, result.ValueRepr);
        }
        else
        {
            Assert.False(result.Succeeded, $"row {row} `{expression}`: CPython raised {expected.Kind}: {expected.Message}; Neptune {EngineRunner.Describe(result)}");
            Assert.Equal($"{expected.Kind}: {expected.Message}", result.Error!.FirstLine);
        }
    }
}
