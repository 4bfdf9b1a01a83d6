using Neptune.Language.Conformance.Tests.Support;
using Neptune.Language.Runtime;

namespace Neptune.Language.Conformance.Tests;

/// <summary>
/// Ints beyond 64 bits, end to end (<c>return &lt;expr&gt;</c>), against CPython 3.11's results. The expected values
/// are CPython's reprs, written out here rather than recorded (the fixture recorder keeps to 64-bit values): powers
/// and products are exact integer facts, and each floor division, modulo, shift, bit operation, rounding and format
/// follows CPython's documented rule, noted beside the less obvious rows.
/// </summary>
public sealed class BigIntConformanceTests
{
    [Theory]
    // Powers, products and the 64-bit boundary.
    [InlineData("2 ** 100", "1267650600228229401496703205376")]
    [InlineData("2 ** 64", "18446744073709551616")]
    [InlineData("2 ** 200", "1606938044258990275541962092341162602522202993782792835301376")]
    [InlineData("3 ** 100", "515377520732011331036461129765621272702107522001")]
    [InlineData("7 ** 30", "22539340290692258087863249")]
    [InlineData("(-2) ** 65", "-36893488147419103232")]
    [InlineData("9223372036854775807 + 1", "9223372036854775808")]
    [InlineData("-9223372036854775807 - 2", "-9223372036854775809")]
    [InlineData("-(-9223372036854775807 - 1)", "9223372036854775808")]
    [InlineData("abs(-9223372036854775807 - 1)", "9223372036854775808")]
    [InlineData("(-9223372036854775807 - 1) // -1", "9223372036854775808")]
    [InlineData("2 ** 64 * 3", "55340232221128654848")]
    [InlineData("2 ** 100 * 3 ** 50", "910043815000214977332758527534256632492715260325658624")]
    [InlineData("2 ** 64 - 2 ** 64", "0")]
    [InlineData("(2 ** 64 + 5) - 2 ** 64", "5")]
    [InlineData("2 ** 10000 % 1000", "376")]
    // Floor division and modulo round toward negative infinity; the modulo takes the divisor's sign.
    [InlineData("10 ** 30 // 7", "142857142857142857142857142857")]
    [InlineData("-10 ** 30 // 7", "-142857142857142857142857142858")]
    [InlineData("10 ** 30 % 7", "1")] // 10 ≡ 3 (mod 7), 3**6 ≡ 1, so 10**30 ≡ 1
    [InlineData("-10 ** 30 % 7", "6")]
    [InlineData("10 ** 30 % -7", "-6")]
    [InlineData("(-2 ** 70) % 3", "2")] // 2 ≡ -1 (mod 3), so 2**70 ≡ 1 and -2**70 ≡ 2
    [InlineData("(-2 ** 70) // 3", "-393530540239137101142")]
    [InlineData("divmod(-2 ** 70, 3)", "(-393530540239137101142, 2)")]
    [InlineData("-(10 ** 25) // 3 ** 20", "-2867971990792442")]
    [InlineData("-(10 ** 25) % 3 ** 20", "2394297242")] // 3**20 - (10**25 mod 3**20) = 3486784401 - 1092487159
    [InlineData("-7 // 2", "-4")]
    [InlineData("-7 % 2", "1")]
    [InlineData("7 // -2", "-4")]
    // True division is correctly rounded; huge quotients stay exact as floats.
    [InlineData("10 ** 400 / 10 ** 399", "10.0")]
    [InlineData("2 ** 1000 / 2 ** 999", "2.0")]
    [InlineData("1 / 2 ** 2000", "0.0")]
    [InlineData("2 ** -100", "7.888609052210118e-31")]
    [InlineData("(2 ** 100) ** 0.5", "1125899906842624.0")]
    [InlineData("float(2 ** 100 + 1)", "1.2676506002282294e+30")]
    [InlineData("float(2 ** 53 + 1)", "9007199254740992.0")] // halfway between 2**53 and 2**53 + 2: ties to even
    // Shifts and bit operations on the infinite two's-complement form.
    [InlineData("1 << 100", "1267650600228229401496703205376")]
    [InlineData("(1 << 100) >> 98", "4")]
    [InlineData("-(2 ** 100) >> 99", "-2")]
    [InlineData("-(2 ** 100) >> 200", "-1")]
    [InlineData("(2 ** 100) >> 200", "0")]
    [InlineData("-(2 ** 100) + 1 >> 99", "-2")] // floor(-(2**100 - 1) / 2**99) = -2
    [InlineData("(2 ** 100 - 1) & 255", "255")]
    [InlineData("2 ** 100 | 1", "1267650600228229401496703205377")]
    [InlineData("2 ** 100 ^ 2 ** 100", "0")]
    [InlineData("~(2 ** 100)", "-1267650600228229401496703205377")]
    [InlineData("-(2 ** 100) & 65535", "0")]
    [InlineData("(-(2 ** 64) - 1) & 15", "15")]
    [InlineData("(2 ** 100).bit_length()", "101")]
    [InlineData("(-2 ** 100).bit_length()", "101")]
    // Comparisons with floats are exact; equal values are equal keys.
    [InlineData("2 ** 100 == 2.0 ** 100", "True")]
    [InlineData("2 ** 100 + 1 == 2.0 ** 100", "False")]
    [InlineData("2 ** 100 + 1 > 2.0 ** 100", "True")]
    [InlineData("2 ** 53 + 1 > float(2 ** 53 + 1)", "True")]
    [InlineData("10 ** 400 > 1e308", "True")]
    [InlineData("10 ** 400 < float('inf')", "True")]
    [InlineData("-(10 ** 400) < -1e308", "True")]
    [InlineData("10 ** 400 == float('nan')", "False")]
    [InlineData("2 ** 64 == 18446744073709551616", "True")]
    [InlineData("2 ** 64 != 2 ** 64 + 1", "True")]
    [InlineData("{2 ** 100: 'a', 2.0 ** 100: 'b'}", "{1267650600228229401496703205376: 'b'}")]
    [InlineData("len({2 ** 64, 18446744073709551616, 2.0 ** 64})", "1")]
    [InlineData("2 ** 64 in {18446744073709551616.0: 1}", "True")]
    [InlineData("sorted([2 ** 65, 1.5, -2 ** 70, 3])", "[-1180591620717411303424, 1.5, 3, 36893488147419103232]")]
    [InlineData("max(2 ** 64, 1e30)", "1e+30")]
    [InlineData("sum([2 ** 64] * 3)", "55340232221128654848")]
    [InlineData("bool(2 ** 100)", "True")]
    // Conversions, rounding and literals.
    [InlineData("int('9' * 40)", "9999999999999999999999999999999999999999")]
    [InlineData("int('9' * 40) + 1 == 10 ** 40", "True")]
    [InlineData("int('-' + '1' * 25)", "-1111111111111111111111111")]
    [InlineData("int('f' * 20, 16)", "1208925819614629174706175")]
    [InlineData("int('0x_ffff_ffff_ffff_ffff_ffff', 0)", "1208925819614629174706175")]
    [InlineData("int(1e23)", "99999999999999991611392")] // the double nearest 1e23, exactly
    [InlineData("round(1.5e300)", "1500000000000000078757140382806630373056702871662238732373781173267703686983362293679557062620671796065556665749325817265413784853040645863467188277180060474272580801389863705606745350692182135089053429852456199917621678558451461320111979114170213741868888183230085264257173504208294580298189100810240")]
    [InlineData("round(1.5e300) == 1.5e300", "True")]
    [InlineData("round(12345678901234567890123, -5)", "12345678901234567900000")]
    [InlineData("round(25 * 10 ** 20, -21)", "2000000000000000000000")] // half to even
    [InlineData("round(35 * 10 ** 20, -21)", "4000000000000000000000")]
    [InlineData("round(2 ** 100, -400)", "0")]
    [InlineData("math.floor(1e20)", "100000000000000000000")]
    [InlineData("math.ceil(-1e19)", "-10000000000000000000")]
    [InlineData("math.trunc(-2.5e20)", "-250000000000000000000")]
    [InlineData("math.factorial(25)", "15511210043330985984000000")]
    [InlineData("math.factorial(50)", "30414093201713378043612608166064768844377641568960512000000000000")]
    [InlineData("math.gcd(2 ** 100, 6 ** 50)", "1125899906842624")] // 6**50 = 2**50 · 3**50
    [InlineData("pow(2 ** 100, 1, 7)", "2")] // 2**3 ≡ 1 (mod 7), 100 = 3·33 + 1
    [InlineData("pow(3, 2 ** 100, 7)", "4")] // 3**6 ≡ 1 (mod 7), 2**100 ≡ 4 (mod 6), 3**4 = 81 ≡ 4
    [InlineData("pow(2, 100, 10 ** 9 + 7)", "976371285")]
    [InlineData("123456789012345678901234567890 + 1", "123456789012345678901234567891")]
    [InlineData("0xFFFF_FFFF_FFFF_FFFF_FFFF", "1208925819614629174706175")]
    [InlineData("-0x1_0000_0000_0000_0000", "-18446744073709551616")]
    // repr, str and format.
    [InlineData("str(2 ** 100)", "'1267650600228229401496703205376'")]
    [InlineData("repr(-2 ** 64)", "'-18446744073709551616'")]
    [InlineData("f'{2 ** 100:,}'", "'1,267,650,600,228,229,401,496,703,205,376'")]
    [InlineData("f'{2 ** 64:_}'", "'18_446_744_073_709_551_616'")]
    [InlineData("f'{2 ** 100:x}'", "'10000000000000000000000000'")]
    [InlineData("f'{-2 ** 64:#x}'", "'-0x10000000000000000'")]
    [InlineData("f'{2 ** 80 - 1:X}'", "'FFFFFFFFFFFFFFFFFFFF'")]
    [InlineData("f'{2 ** 64:o}'", "'2000000000000000000000'")] // 2**64 = 2 · 8**21
    [InlineData("len(f'{2 ** 70:b}')", "71")]
    [InlineData("f'{2 ** 100:e}'", "'1.267651e+30'")]
    [InlineData("f'{2 ** 64:>25}'", "'     18446744073709551616'")]
    [InlineData("f'{2 ** 64:+}'", "'+18446744073709551616'")]
    [InlineData("len(str(10 ** 4299))", "4300")]
    public void Run_BigIntExpression_MatchesCPython(string expression, string expected)
    {
        var result = Run(expression);
        Assert.True(result.Succeeded, $"`{expression}`: CPython gives {expected}; Neptune {EngineRunner.Describe(result)}");
        Assert.Equal(expected, result.ValueRepr);
    }

    [Theory]
    [InlineData("float(10 ** 400)", "OverflowError: int too large to convert to float")]
    [InlineData("10 ** 400 * 1.0", "OverflowError: int too large to convert to float")]
    [InlineData("[1, 2][2 ** 64]", "IndexError: cannot fit 'int' into an index-sized integer")]
    [InlineData("'ab'[-2 ** 64]", "IndexError: cannot fit 'int' into an index-sized integer")]
    [InlineData("[0] * 2 ** 64", "OverflowError: Python int too large to convert to a 64-bit integer")]
    [InlineData("2 ** 100 // 0", "ZeroDivisionError: integer division or modulo by zero")]
    [InlineData("1 << -1", "ValueError: negative shift count")]
    [InlineData("2 ** 100 >> -1", "ValueError: negative shift count")]
    public void Run_BigIntError_RaisesCPythonKind(string expression, string expected)
    {
        var result = Run(expression);
        Assert.False(result.Succeeded, $"`{expression}` should fail; Neptune {EngineRunner.Describe(result)}");
        Assert.Equal(ProgramErrorCategory.Runtime, result.Error!.Category);
        Assert.Equal(expected, result.Error.FirstLine);
    }

    [Theory]
    [InlineData("return 10 ** 10 ** 10\n")]
    [InlineData("return 2 ** 10 ** 10\n")]
    [InlineData("x = 2\nwhile True:\n    x = x * x\nreturn x\n")]
    [InlineData("x = 3\nfor i in range(100):\n    x = x ** 2\nreturn x\n")]
    [InlineData("x = 1\nwhile True:\n    x *= 2\nreturn x\n")]
    [InlineData("return 1 << 10 ** 6\n")]
    [InlineData("return int('9' * 5000)\n")]
    [InlineData("import math\nreturn math.factorial(100000)\n")]
    [InlineData("try:\n    x = 10 ** 10 ** 10\nexcept:\n    x = 0\nreturn x\n")]
    [InlineData("try:\n    x = 10 ** 5000\nexcept Exception:\n    x = 0\nreturn x\n")]
    public void Run_BigIntBomb_EndsWithIntSizeBudgetQuickly(string source)
    {
        var program = EngineRunner.PrepareOrFail(EngineRunner.Default, source, "bomb.py");
        var result = program.Run(new RunOptions());
        Assert.False(result.Succeeded, $"the bomb should be stopped; Neptune {EngineRunner.Describe(result)}");
        Assert.Equal(ProgramErrorCategory.Budget, result.Error!.Category);
        Assert.Equal(BudgetKind.IntSize, result.Error.Budget);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(2), $"stopped after {result.Elapsed}");
    }

    [Fact]
    public void Run_LargestIntWithinBudget_Succeeds()
    {
        var result = Run("int('9' * 4300)");
        Assert.True(result.Succeeded, EngineRunner.Describe(result));
        Assert.Equal(new string('9', 4300), result.ValueRepr);
        Assert.Equal(BudgetKind.IntSize, Run("10 ** 4300").Error?.Budget);
        Assert.Equal(BudgetKind.IntSize, Run("-int('9' * 4300) - 1").Error?.Budget);
    }

    [Fact]
    public void Run_SmallerIntDigitsLimit_AppliesToEveryResult()
    {
        var program = EngineRunner.PrepareOrFail(EngineRunner.Default, "return 10 ** 49\n", "limit.py");
        var limits = ExecutionLimits.Default with { MaxIntDigits = 50 };
        Assert.Equal("1" + new string('0', 49), program.Run(new RunOptions { Limits = limits }).ValueRepr);
        var over = EngineRunner.PrepareOrFail(EngineRunner.Default, "return 10 ** 50\n", "over.py").Run(new RunOptions { Limits = limits });
        Assert.Equal(BudgetKind.IntSize, over.Error?.Budget);
        Assert.Contains("50 digits", over.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BigIntLoop_ChargesTheMemoryBudget()
    {
        // Each product of about 1,000 digits costs some 480 bytes; 10,000 of them exceed a 1 MB budget.
        var source = "x = 10 ** 1000\nfor i in range(10000):\n    y = x * 3\nreturn 0\n";
        var program = EngineRunner.PrepareOrFail(EngineRunner.Default, source, "memory.py");
        var result = program.Run(new RunOptions { Limits = ExecutionLimits.Default with { MaxMemoryBytes = 1024 * 1024 } });
        Assert.Equal(BudgetKind.Memory, result.Error?.Budget);
        Assert.True(program.Run(new RunOptions()).Succeeded);
    }

    [Theory]
    [InlineData(4300, true)]
    [InlineData(4301, false)]
    public void Check_DecimalLiteral_AcceptedUpTo4300Digits(int digits, bool accepted)
    {
        var check = EngineRunner.Default.Check("return " + new string('7', digits) + "\n");
        Assert.Equal(accepted, check.IsValid);
        if (!accepted)
        {
            Assert.Equal("NPT2017", Assert.Single(check.Diagnostics).Code);
        }
    }

    private static RunResult Run(string expression)
    {
        var source = (expression.Contains("math.", StringComparison.Ordinal) ? "import math\n" : string.Empty) + "return " + expression + "\n";
        return EngineRunner.PrepareOrFail(EngineRunner.Default, source, "bigint.py").Run(new RunOptions());
    }
}
