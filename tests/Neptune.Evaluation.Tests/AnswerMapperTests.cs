using Neptune.Language;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Evaluation.Tests;

public class AnswerMapperTests
{
    private static readonly ProgramEngine Engine = new();

    private static (bool Ok, string Answer, string Problem) Map(string source, IScenePerception? perception = null, float threshold = 0.5f)
    {
        RunResult result = Engine.Prepare(source).Run(new RunOptions { Perception = perception });
        Assert.True(result.Succeeded, result.Error?.FirstLine);
        bool ok = AnswerMapper.TryMap(result.Value, threshold, out string answer, out string problem);
        return (ok, answer, problem);
    }

    [Theory]
    [InlineData("return True", "yes")]
    [InlineData("return False", "no")]
    [InlineData("return 3", "3")]
    [InlineData("return 0", "0")]
    [InlineData("return -2", "-2")]
    [InlineData("return '  Red '", "red")]
    [InlineData("return 'CYLINDER'", "cylinder")]
    [InlineData("return 1 < 2", "yes")]
    public void TryMap_AnswerValue_MapsToClevrString(string source, string expected)
    {
        var (ok, answer, _) = Map(source);
        Assert.True(ok);
        Assert.Equal(expected, answer);
    }

    [Theory]
    [InlineData("return 1.5", "float")]
    [InlineData("return None", "NoneType")]
    [InlineData("return [1, 2]", "list")]
    [InlineData("return '   '", "empty string")]
    public void TryMap_NonAnswerValue_ReportsProblem(string source, string mention)
    {
        var (ok, _, problem) = Map(source);
        Assert.False(ok);
        Assert.Contains(mention, problem);
    }

    [Theory]
    [InlineData(0.5f, "yes")]
    [InlineData(0.7f, "yes")]
    [InlineData(0.75f, "no")]
    [InlineData(0.9f, "no")]
    public void TryMap_RankZeroTensor_ThresholdsProbability(float threshold, string expected)
    {
        var perception = new ConstantPerception(0.7f);
        var (ok, answer, _) = Map("return score(\"Is the object in the red box red?\").exists()", perception, threshold);
        Assert.True(ok);
        Assert.Equal(expected, answer);
    }

    [Fact]
    public void TryMap_TensorWithVariables_IsBadResult()
    {
        var (ok, _, problem) = Map("return score(\"Is the object in the red box red?\")", new ConstantPerception(0.7f));
        Assert.False(ok);
        Assert.Contains("rank-0", problem);
    }

    [Fact]
    public void TryMap_Null_IsBadResult()
    {
        Assert.False(AnswerMapper.TryMap(null, 0.5f, out _, out string problem));
        Assert.Contains("nothing", problem);
    }

    /// <summary>Two objects; every score is the same probability.</summary>
    private sealed class ConstantPerception(float p) : IScenePerception
    {
        public IReadOnlyList<DetectedObject> Objects { get; } =
            [new DetectedObject(0, new BoundingBox(0, 0, 1, 1)), new DetectedObject(1, new BoundingBox(2, 2, 3, 3))];

        public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken)
        {
            int cells = 1;
            for (int i = 0; i < variables.Count; i++)
            {
                cells *= Objects.Count;
            }

            float[] values = Enumerable.Repeat(p, cells).ToArray();
            return ValueTask.FromResult(SoftTensor.Create(variables, Objects.Count, values));
        }

        public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken) =>
            ValueTask.FromResult("red");
    }
}
