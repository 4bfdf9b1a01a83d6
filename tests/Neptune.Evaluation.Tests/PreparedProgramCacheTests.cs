using Neptune.Language;

namespace Neptune.Evaluation.Tests;

public class PreparedProgramCacheTests
{
    [Fact]
    public void Get_SecondSighting_IsCachedAndThirdIsAHit()
    {
        var cache = new PreparedProgramCache(new ProgramEngine(), capacity: 16);
        const string source = "return 1 + 1\n";
        PreparedEntry first = cache.Get(source);
        PreparedEntry second = cache.Get(source);
        PreparedEntry third = cache.Get(source);
        Assert.Equal(1, cache.Hits);
        Assert.NotSame(first, second);
        Assert.Same(second, third);
        Assert.Equal(first.Hash, third.Hash);
        Assert.NotNull(third.Program);
    }

    [Fact]
    public void Get_InvalidProgram_KeepsItsFirstError()
    {
        var cache = new PreparedProgramCache(new ProgramEngine(), capacity: 16);
        PreparedEntry entry = cache.Get("return eval('1')\n");
        Assert.Null(entry.Program);
        Assert.Equal("NPT2004", entry.FirstError?.Code);
        Assert.Equal("NPT2004", cache.Get("return eval('1')\n").FirstError?.Code);
    }

    [Fact]
    public void Get_ZeroCapacity_NeverCaches()
    {
        var cache = new PreparedProgramCache(new ProgramEngine(), capacity: 0);
        for (int i = 0; i < 3; i++)
        {
            cache.Get("return 2\n");
        }

        Assert.Equal(0, cache.Hits);
    }
}
