using Neptune.Configuration;
using Neptune.Evaluation;
using Neptune.Evaluation.Programs;

namespace Neptune.Cluster.Tests;

public sealed class ClusterConfigTests
{
    [Fact]
    public void Resolve_Defaults_LocalhostSqliteBesideTheConfig()
    {
        ClusterSettings s = new ClusterConfig { BaseDirectory = "/srv/neptune" }.Resolve();

        Assert.Equal(MembershipKind.Localhost, s.Membership);
        Assert.Equal(StoreKind.Sqlite, s.Store);
        Assert.Equal("/srv/neptune/neptune-cluster.db", s.StoreConnection);
        Assert.Equal([30000], s.Gateways);
        Assert.Equal(TimeSpan.FromSeconds(30), s.Lease);
    }

    [Fact]
    public void Load_FileWithFields_ReadsThemAndFlagsOverlay()
    {
        string dir = ClusterTestKit.TempDirectory();
        try
        {
            string path = Path.Combine(dir, "cluster.json");
            File.WriteAllText(path, """{"cluster_id": "lab", "gateways": "30000, 30001", "store_connection": "data/store.db", "lease_seconds": 5, "unit_size": 50}""");

            ClusterSettings s = ClusterConfig.Load(path).Overlay(new ClusterConfig { SiloPort = 11112 }).Resolve();

            Assert.Equal("lab", s.ClusterId);
            Assert.Equal([30000, 30001], s.Gateways);
            Assert.Equal(Path.Combine(dir, "data", "store.db"), s.StoreConnection);
            Assert.Equal(TimeSpan.FromSeconds(5), s.Lease);
            Assert.Equal(50, s.UnitSize);
            Assert.Equal(11112, s.SiloPort);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("""{"membership": "postgres"}""", "membership_connection")]
    [InlineData("""{"gateways": "30000,port"}""", "gateways")]
    public void Resolve_BadValues_TypedErrorNamingTheField(string json, string field)
    {
        string dir = ClusterTestKit.TempDirectory();
        try
        {
            string path = Path.Combine(dir, "cluster.json");
            File.WriteAllText(path, json);

            ClusterConfigException e = Assert.Throws<ClusterConfigException>(() => ClusterConfig.Load(path).Resolve());

            Assert.Contains(field, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Load_UnknownField_TypedError()
    {
        string dir = ClusterTestKit.TempDirectory();
        try
        {
            string path = Path.Combine(dir, "cluster.json");
            File.WriteAllText(path, """{"silo_prot": 1}""");

            Assert.Throws<ClusterConfigException>(() => ClusterConfig.Load(path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void JobConfig_RoundTripsThroughJson_WithAbsolutePaths()
    {
        (EvaluationConfig job, EvaluationSettings settings) = ClusterTestKit.Evaluation("out-dir", limit: 10);

        EvaluationConfig parsed = EvaluationConfig.Parse(job.ToJson());

        Assert.Equal(job, parsed);
        Assert.Equal(settings.QuestionsPath, parsed.Questions);
        Assert.True(Path.IsPathRooted(parsed.Out));
        EvaluationSettings resolved = parsed.Resolve();
        Assert.Equal(
            (settings.QuestionsPath, settings.ScenesPath, settings.OutputDirectory, settings.Limit, settings.Perception, settings.Programs, settings.Logic),
            (resolved.QuestionsPath, resolved.ScenesPath, resolved.OutputDirectory, resolved.Limit, resolved.Perception, resolved.Programs, resolved.Logic));
    }

    [Fact]
    public void JobConfig_LlmProgramsAndVlmPerception_KeptWithoutTheClientsModelConfigs_JudgeRefused()
    {
        string file = Path.Combine(ClusterTestKit.TempDirectory(), "models.json");
        File.WriteAllText(file, "{}");
        var values = new EvaluationConfig { Questions = ClusterTestKit.Questions, Scenes = ClusterTestKit.Scenes, Out = "x", Programs = "llm", Perception = "vlm", LlmConfig = file, Vision = file };
        EvaluationSettings settings = values.Resolve();

        EvaluationConfig job = ClusterEvaluation.JobConfig(values, settings);
        EvaluationSettings resolved = EvaluationConfig.Parse(job.ToJson()).Resolve();
        EvaluationConfigException judge = Assert.Throws<EvaluationConfigException>(() => ClusterEvaluation.JobConfig(values with { JudgeConfig = file }, settings));

        Assert.Equal((ProgramSourceKind.Llm, PerceptionKind.Vlm), (resolved.Programs, resolved.Perception));
        Assert.Null(job.LlmConfig);
        Assert.Null(job.Vision);
        Assert.Equal(ClusterEvaluation.JobConfig(values with { LlmConfig = null, Vision = null }, settings).ToJson(), job.ToJson());
        Assert.Contains("neptune eval judge", judge.Message, StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public void Load_ModelConfigs_ResolvedBesideTheFileAndRequiredToExist()
    {
        string dir = ClusterTestKit.TempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "llm.json"), "{}");
            File.WriteAllText(Path.Combine(dir, "cluster.json"), """{"llm_config": "llm.json"}""");
            File.WriteAllText(Path.Combine(dir, "missing.json"), """{"vision": "vision.json"}""");

            ClusterSettings s = ClusterConfig.Load(Path.Combine(dir, "cluster.json")).Resolve();
            ClusterConfigException e = Assert.Throws<ClusterConfigException>(() => ClusterConfig.Load(Path.Combine(dir, "missing.json")));

            Assert.Equal(Path.Combine(dir, "llm.json"), s.LlmConfig);
            Assert.Null(s.Vision);
            Assert.Contains("vision", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void JobId_SameSpecSameId_OtherUnitSizeOtherId()
    {
        Assert.Equal(ClusterEvaluation.JobId("{}", 10), ClusterEvaluation.JobId("{}", 10));
        Assert.NotEqual(ClusterEvaluation.JobId("{}", 10), ClusterEvaluation.JobId("{}", 11));
        Assert.NotEqual(ClusterEvaluation.JobId("{}", 10), ClusterEvaluation.JobId("{\"limit\":1}", 10));
    }
}
