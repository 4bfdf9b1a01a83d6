using System.Text.Json;

namespace Neptune.Evaluation.Tests;

public sealed class EvaluationConfigJsonTests
{
    [Fact]
    public void ToJson_EveryFieldSet_WritesEveryFieldOfTheSchemaAndParsesBackEqual()
    {
        string file = Path.GetFullPath(TestData.QuestionsPath);
        string dir = Path.GetDirectoryName(file)!;
        var config = new EvaluationConfig
        {
            Task = "rec",
            Refexps = file,
            Style = "viro",
            Dataset = "refcoco",
            Annotations = dir,
            SplitBy = "unc",
            Split = "testA",
            Verifier = file,
            DetectorThreshold = 0.25,
            VerifierThreshold = 0.6,
            Thresholds = file,
            Relations = "geometry",
            Evaluation = "eager",
            Questions = file,
            Scenes = Path.GetFullPath(TestData.ScenesPath),
            Perception = "pixels",
            Images = dir,
            Programs = "cache",
            ProgramCache = file,
            LlmConfig = file,
            JudgeConfig = file,
            Vision = file,
            Logic = "product",
            Threshold = 0.4,
            NoiseSeed = 7,
            NoiseSpread = 0.1,
            NoiseFlip = 0.05,
            Limit = 12,
            Concurrency = 3,
            Shard = "2/5",
            Out = Path.Combine(dir, "out"),
            PreparedCache = 99,
        };

        string json = config.ToJson();
        EvaluationConfig parsed = EvaluationConfig.Parse(json);

        Assert.Equal(config, parsed);
        using JsonDocument doc = JsonDocument.Parse(json);
        var written = doc.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var declared = EvaluationConfig.Schema.Fields.Where(f => f.Refusal is null).Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(declared, written);
    }

    [Fact]
    public void ToJson_NothingSet_EmptyObject()
    {
        Assert.Equal("{}", new EvaluationConfig().ToJson());
    }
}
