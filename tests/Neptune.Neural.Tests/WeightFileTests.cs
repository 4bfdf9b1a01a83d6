namespace Neptune.Neural.Tests;

public sealed class WeightFileTests
{
    [Fact]
    public void SaveLoad_RoundTrip_RestoresEveryValue()
    {
        Sequential a = Architectures.LeNet(10, 1);
        Sequential b = Architectures.LeNet(10, 2);
        using var stream = new MemoryStream();

        WeightFile.Save(stream, a.Parameters);
        stream.Position = 0;
        WeightFile.Load(stream, b.Parameters);

        Assert.Equal(a.Parameters.SelectMany(p => p.Value), b.Parameters.SelectMany(p => p.Value));
    }

    [Fact]
    public void Load_OtherShape_ThrowsNamingTheParameterAndLeavesValuesUntouched()
    {
        Sequential a = Architectures.LeNet(10, 1);
        Sequential b = Architectures.LeNet(5, 2);
        float[] before = [.. b.Parameters.SelectMany(p => p.Value)];
        using var stream = new MemoryStream();
        WeightFile.Save(stream, a.Parameters);
        stream.Position = 0;

        var e = Assert.Throws<WeightFileException>(() => WeightFile.Load(stream, b.Parameters));

        Assert.Contains("'fc3.weight' [10x84] in the file but 'fc3.weight' [5x84]", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, b.Parameters.SelectMany(p => p.Value));
    }

    [Fact]
    public void Load_TruncatedOrForeign_ThrowsTyped()
    {
        Sequential a = Architectures.LeNet(10, 1);
        using var stream = new MemoryStream();
        WeightFile.Save(stream, a.Parameters);
        byte[] bytes = stream.ToArray();

        Assert.Contains("truncated", Assert.Throws<WeightFileException>(() => WeightFile.Load(new MemoryStream(bytes[..(bytes.Length / 2)]), a.Parameters)).Message, StringComparison.Ordinal);
        Assert.Contains("magic", Assert.Throws<WeightFileException>(() => WeightFile.Load(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8]), a.Parameters)).Message, StringComparison.Ordinal);
    }
}
