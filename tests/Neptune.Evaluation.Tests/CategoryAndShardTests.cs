using Neptune.Clevr;

namespace Neptune.Evaluation.Tests;

public class CategoryAndShardTests
{
    private static ClevrProgramNode Node(ClevrFunction f) => new(f, [], []);

    [Theory]
    [InlineData(ClevrFunction.Count, "Count")]
    [InlineData(ClevrFunction.Exist, "Exist")]
    [InlineData(ClevrFunction.EqualInteger, "Compare Integer")]
    [InlineData(ClevrFunction.LessThan, "Compare Integer")]
    [InlineData(ClevrFunction.GreaterThan, "Compare Integer")]
    [InlineData(ClevrFunction.EqualColor, "Compare Attribute")]
    [InlineData(ClevrFunction.EqualSize, "Compare Attribute")]
    [InlineData(ClevrFunction.QueryShape, "Query Attribute")]
    [InlineData(ClevrFunction.QueryMaterial, "Query Attribute")]
    [InlineData(ClevrFunction.Unique, "Other")]
    public void Of_LastFunction_GivesCategory(ClevrFunction last, string expected)
    {
        var program = new[] { Node(ClevrFunction.Scene), Node(last) };
        Assert.Equal(expected, AnswerCategories.Name(AnswerCategories.Of(program)));
    }

    [Fact]
    public void Of_EmptyProgram_IsOther() => Assert.Equal(AnswerCategory.Other, AnswerCategories.Of([]));

    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("2/3", 2, 3)]
    [InlineData(" 3 / 3 ", 3, 3)]
    public void TryParse_ValidShard_Parses(string text, int k, int n)
    {
        Assert.True(ShardSpec.TryParse(text, out ShardSpec shard, out _));
        Assert.Equal(k, shard.Index);
        Assert.Equal(n, shard.Count);
        Assert.Equal($"{k}/{n}", shard.ToString());
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("a/b")]
    [InlineData("3")]
    [InlineData("")]
    [InlineData("-1/2")]
    public void TryParse_InvalidShard_Fails(string text)
    {
        Assert.False(ShardSpec.TryParse(text, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Contains_ThreeShards_PartitionIds()
    {
        var shards = new[] { new ShardSpec(1, 3), new ShardSpec(2, 3), new ShardSpec(3, 3) };
        for (long id = 0; id < 100; id++)
        {
            Assert.Equal(1, shards.Count(s => s.Contains(id)));
            Assert.True(shards[(int)(id % 3)].Contains(id));
        }
    }

    [Fact]
    public void Default_ShardSpec_IsWholeFile()
    {
        ShardSpec shard = default;
        Assert.True(shard.IsAll);
        Assert.True(shard.Contains(12345));
        Assert.Equal("1/1", shard.ToString());
    }
}
