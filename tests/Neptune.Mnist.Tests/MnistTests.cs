using System.Text.Json;

namespace Neptune.Mnist.Tests;

public sealed class MnistTests
{
    private static readonly Lazy<MnistDigits> Shared = new(() =>
    {
        (string images, string labels) = MnistDigits.SharedFiles(AppContext.BaseDirectory);
        return MnistDigits.Read(images, labels);
    });

    [Fact]
    public void Read_SharedTestSet_HasTenThousandNormalisedDigitsOfEveryValue()
    {
        MnistDigits d = Shared.Value;

        Assert.Equal(10_000, d.Count);
        Assert.Equal(10_000 * 784, d.Pool.Values.Length);
        Assert.Equal(10, d.Labels.Distinct().Count());
        float background = (0 - MnistDigits.Mean) / MnistDigits.Std;
        Assert.Equal(background, d.Pool.Values.Min(), 4);
        Assert.Equal((1 - MnistDigits.Mean) / MnistDigits.Std, d.Pool.Values.Max(), 4);
    }

    [Fact]
    public void Split_IsDisjointCompleteAndFixedForASeed()
    {
        MnistDigits d = Shared.Value;

        (int[] train, int[] test) = d.Split(8000, 0);
        (int[] again, _) = d.Split(8000, 0);
        (int[] other, _) = d.Split(8000, 1);

        Assert.Equal(8000, train.Length);
        Assert.Equal(2000, test.Length);
        Assert.Equal(10_000, train.Concat(test).Distinct().Count());
        Assert.Equal(train, again);
        Assert.NotEqual(train, other);
    }

    [Fact]
    public void SumExamples_LabelIsTheSumOfTheTrueDigits_ImagesComeFromTheSplit()
    {
        MnistDigits d = Shared.Value;
        (int[] train, _) = d.Split(8000, 0);
        var inTrain = train.ToHashSet();

        var examples = d.SumExamples(train, 3, 2000, new Random(4));

        Assert.All(examples, e =>
        {
            Assert.Equal(3, e.Inputs.Length);
            Assert.All(e.Inputs, i => Assert.Contains(i, inTrain));
            Assert.Equal(e.Inputs.Select(i => (int)d.Labels[i]), e.Symbols!);
            Assert.Equal(e.Symbols!.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture), e.Label);
        });
        // Digit values uniform: each value about a tenth of the 6,000 positions.
        Assert.All(Enumerable.Range(0, 10), v => Assert.InRange(examples.SelectMany(e => e.Symbols!).Count(s => s == v), 500, 700));
    }

    [Fact]
    public void Read_NotIdx_ThrowsTypedNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neptune-mnist-{Guid.NewGuid():N}.idx");
        File.WriteAllBytes(path, [0, 0, 8, 1, 0, 0, 0, 0]);
        try
        {
            (_, string labels) = MnistDigits.SharedFiles(AppContext.BaseDirectory);

            var e = Assert.Throws<MnistDataException>(() => MnistDigits.Read(path, labels));

            Assert.Contains("is not an IDX image file", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Config_FixedOutputSpaceWithOwnProgram_IsRejected()
    {
        var config = new MnistSumConfig { Out = "x", Program = "p.py", OutputSpace = "fixed", Images = "i", Labels = "l" };

        var e = Assert.Throws<MnistConfigException>(() => config.Resolve());

        Assert.Contains("output_space", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_Defaults_FollowTheReferenceNetworks()
    {
        MnistSumSettings two = new MnistSumConfig { Out = "x", Images = "i", Labels = "l", Digits = 2 }.Resolve();
        MnistSumSettings eight = new MnistSumConfig { Out = "x", Images = "i", Labels = "l", Digits = 8 }.Resolve();

        Assert.Equal((DigitNetwork.Conv, 1e-4, 100, 16), (two.Network, two.LearningRate, two.K, two.BatchSize));
        Assert.Equal((DigitNetwork.Lenet, 1e-3), (eight.Network, eight.LearningRate));
    }

    [Fact]
    public void Experiment_IsedSum2_ShortSeededRun_LearnsTheDigitsFromSumsOnly()
    {
        (string images, string labels) = MnistDigits.SharedFiles(AppContext.BaseDirectory);
        string dir = Path.Combine(Path.GetTempPath(), $"neptune-mnist-run-{Guid.NewGuid():N}");
        try
        {
            var settings = new MnistSumConfig
            {
                Images = images,
                Labels = labels,
                Digits = 2,
                Method = "ised",
                K = 50,
                Epochs = 5,
                TrainSize = 600,
                TestSize = 300,
                TrainEvalSize = 100,
                BatchSize = 4,
                Network = "lenet",
                Out = dir,
            }.Resolve();

            MnistSumSummary summary = MnistSumExperiment.Run(settings);

            Assert.True(summary.TestDigitAccuracy >= 0.75, $"digit accuracy {summary.TestDigitAccuracy}");
            Assert.True(summary.TestAccuracy >= 0.55, $"sum accuracy {summary.TestAccuracy}");
            string[] log = File.ReadAllLines(Path.Combine(dir, "log.jsonl"));
            Assert.Equal(5, log.Length);
            using JsonDocument last = JsonDocument.Parse(log[^1]);
            Assert.Equal(summary.TestAccuracy, last.RootElement.GetProperty("test_accuracy").GetDouble());
            using JsonDocument s = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            Assert.Equal(5, s.RootElement.GetProperty("epochs").GetInt32());
            Assert.True(s.RootElement.GetProperty("seconds_per_epoch").GetDouble() > 0);
            Assert.Equal("ised", s.RootElement.GetProperty("settings").GetProperty("method").GetString());
            Assert.Contains("split 8000 train / 2000 test", s.RootElement.GetProperty("data").GetString(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "model.weights")));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
