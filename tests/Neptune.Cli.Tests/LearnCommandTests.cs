using System.Text.Json;

namespace Neptune.Cli.Tests;

public sealed class LearnCommandTests
{
    [Theory]
    [InlineData("--digits", "0", "--digits: expected a whole number from 1 to 16, got '0'")]
    [InlineData("--method", "sgd", "--method")]
    [InlineData("--semiring", "max-plus", "--semiring")]
    public void MnistSum_BadFlag_IsBadInput(string flag, string value, string expected)
    {
        Cli.InProcess("learn", "mnist-sum", flag, value, "--out", Cli.NewDirectory()).FailsWithBadInput(expected);
    }

    [Fact]
    public void MnistSum_NoOut_IsBadInputNamingTheFlag()
    {
        Cli.InProcess("learn", "mnist-sum", "--digits", "2").FailsWithBadInput("--out DIR");
    }

    [Fact]
    public void MnistSum_UnknownConfigField_IsBadInputNamingIt()
    {
        string dir = Cli.NewDirectory();
        string config = Path.Combine(dir, "learn.json");
        File.WriteAllText(config, """{"digits": 2, "sample_count": 10}""");

        Cli.InProcess("learn", "mnist-sum", "--config", config, "--out", dir).FailsWithBadInput("sample_count");
    }

    [Fact]
    public void MnistSum_TinyRun_WritesLogAndSummaryAndExitsZero()
    {
        string dir = Cli.NewDirectory();
        string config = Path.Combine(dir, "learn.json");
        File.WriteAllText(config, """{"digits": 3, "method": "reinforce", "baseline": false, "k": 5, "train_size": 8, "test_size": 8, "train_eval_size": 4, "network": "lenet", "batch_size": 4}""");

        CliRun run = Cli.InProcess("learn", "mnist-sum", "--config", config, "--epochs", "2", "--quiet", "--out", Path.Combine(dir, "run"));

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, "run", "log.jsonl")).Length);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run", "summary.json")));
        Assert.Equal("sum_3", summary.RootElement.GetProperty("task").GetString());
        Assert.Equal("reinforce (raw reward)", summary.RootElement.GetProperty("method").GetString());
        Assert.Equal(2, summary.RootElement.GetProperty("settings").GetProperty("epochs").GetInt32());
        Assert.InRange(summary.RootElement.GetProperty("test_accuracy").GetDouble(), 0, 1);
    }

    [Fact]
    public void MnistSum_ShippedConfig_RunsWithFlagsOnTop()
    {
        string dir = Cli.NewDirectory();
        string config = Path.Combine(Cli.RepositoryRoot, "configs", "learn-sum4.json");

        CliRun run = Cli.InProcess("learn", "mnist-sum", "--config", config, "--train-size", "8", "--test-size", "8", "--train-eval-size", "4", "--epochs", "1", "--k", "5", "--quiet", "--out", dir);

        Assert.True(run.ExitCode == 0, run.Err);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.Equal("sum_4", summary.RootElement.GetProperty("task").GetString());
        Assert.Equal(5, summary.RootElement.GetProperty("settings").GetProperty("k").GetInt32());
        Assert.Equal("lenet", summary.RootElement.GetProperty("settings").GetProperty("network").GetString());
    }

    [Theory]
    [InlineData("--k", "0", "--k")]
    [InlineData("--method", "sgd", "--method")]
    [InlineData("--concepts", "colour", "unknown attribute 'colour'")]
    [InlineData("--learning-rate", "0", "--learning-rate")]
    public void Concepts_BadFlag_IsBadInput(string flag, string value, string expected)
    {
        Cli.InProcess("learn", "concepts", flag, value, "--out", Cli.NewDirectory()).FailsWithBadInput(expected);
    }

    [Fact]
    public void Concepts_NoOut_IsBadInputNamingTheFlag()
    {
        Cli.InProcess("learn", "concepts", "--epochs", "1").FailsWithBadInput("--out DIR");
    }

    [Fact]
    public void Concepts_UnknownConfigField_IsBadInputNamingIt()
    {
        string dir = Cli.NewDirectory();
        string config = Path.Combine(dir, "concepts.json");
        File.WriteAllText(config, """{"epochs": 1, "samples": 10}""");

        Cli.InProcess("learn", "concepts", "--config", config, "--out", dir).FailsWithBadInput("samples");
    }

    [Fact]
    public void Concepts_MissingQuestionFile_IsBadInputNamingIt()
    {
        string dir = Cli.NewDirectory();

        Cli.InProcess("learn", "concepts", "--questions", Path.Combine(dir, "none.json"), "--out", dir).FailsWithBadInput("none.json");
    }

    [Fact]
    public void Concepts_SplitBeyondTheScenes_IsBadInput()
    {
        Cli.InProcess("learn", "concepts", "--train-scenes", "900", "--test-scenes", "200", "--out", Cli.NewDirectory()).FailsWithBadInput("exceed the 1000 scenes");
    }

    [Fact]
    public void Concepts_ShippedConfigTinyRun_WritesLogAndSummaryAndExitsZero()
    {
        string dir = Cli.NewDirectory();
        string config = Path.Combine(Cli.RepositoryRoot, "configs", "learn-concepts.json");

        CliRun run = Cli.InProcess("learn", "concepts", "--config", config, "--train-scenes", "4", "--test-scenes", "2", "--train-size", "20", "--test-size", "10", "--train-eval-size", "5", "--epochs", "1", "--k", "5", "--concepts", "color", "--quiet", "--out", dir);

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Single(File.ReadAllLines(Path.Combine(dir, "log.jsonl")));
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.Equal("color", summary.RootElement.GetProperty("settings").GetProperty("concepts").GetString());
        Assert.Equal(5, summary.RootElement.GetProperty("settings").GetProperty("k").GetInt32());
        Assert.InRange(summary.RootElement.GetProperty("test_accuracy").GetProperty("tuned").GetDouble(), 0, 1);
        Assert.Equal(15, summary.RootElement.GetProperty("concept_f1").GetArrayLength());
    }
}
