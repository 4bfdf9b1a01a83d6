using System.Text;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Perception;
using Neptune.Testing;
using Neptune.Vision.Caching;
using Neptune.Vision.Calibration;
using Neptune.Vision.Embeddings;
using Neptune.Vision.Verification;

namespace Neptune.Vision.Tests;

public sealed class CalibrationTests : IDisposable
{
    private static readonly float[] Ten = [0.9f, 0.1f, 0.5f, 0.7f, 0.3f, 0.8f, 0.2f, 0.6f, 0.4f, 0.95f];

    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "neptune-calibration-tests", Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(10, 0.95f)] // m = ⌈1⌉ = 1: the best score
    [InlineData(25, 0.8f)] // m = ⌈2.5⌉ = 3: 0.95, 0.9, 0.8
    [InlineData(30, 0.8f)] // m = 3
    [InlineData(0.5, 0.95f)] // m = ⌈0.05⌉ = 1
    [InlineData(100, 0.1f)] // m = 10: the lowest score
    public void TopKThreshold_HandComputedCases_AreTheScoreAtTheBoundary(double k, float expected)
    {
        Assert.Equal(expected, ThresholdCalibration.TopKThreshold(Ten, k));
    }

    [Fact]
    public void TopKThreshold_Ties_AndImageNetSize()
    {
        Assert.Equal(0.5f, ThresholdCalibration.TopKThreshold([0.5f, 0.5f, 0.5f, 0.1f], 50));
        Assert.Equal(500, ThresholdCalibration.TopCount(5000, 10));
        Assert.Equal(1, ThresholdCalibration.TopCount(3, 10));
        Assert.Throws<ArgumentException>(() => ThresholdCalibration.TopKThreshold([], 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdCalibration.TopKThreshold(Ten, 0));
    }

    private void Crop(string cls, string name, Rgba32 colour) =>
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(_dir, cls)).FullName, name), new RgbaImage(12, 8, colour).ToPng());

    [Fact]
    public async Task RunAsync_ClipOverAuxiliaryFolders_GivesEachLabelItsTopKScore()
    {
        Crop("cup", "a.png", new Rgba32(255, 0, 0, 255));
        Crop("cup", "b.png", new Rgba32(255, 0, 0, 255));
        Crop("dog", "a.png", new Rgba32(0, 255, 0, 255));
        Crop("dog", "b.png", new Rgba32(0, 255, 0, 255));
        Crop("race_car", "a.png", new Rgba32(0, 0, 255, 255));
        File.WriteAllText(Path.Combine(_dir, "dog", "notes.txt"), "not an image");
        var texts = new Dictionary<string, float[]>
        {
            ["a photo of a cup."] = [1, 0, 0],
            ["a photo of a dog."] = [0, 1, 0],
            ["a photo of a car."] = [0, 0, 1],
        };
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Infinity, r => FakeEmbeddingsReply.Vectors(r.IsImage
            ? [.. r.Images.Select(png => { Rgba32 p = ImageCodecs.Default.Decode(png).GetPixel(0, 0); return new[] { p.R / 255f, p.G / 255f, p.B / 255f }; })]
            : [.. r.Texts.Select(t => texts[t])]));
        using var client = new EmbeddingsClient(new EmbeddingsOptions { Endpoint = server.Endpoint, Model = "clip", Protocol = EmbeddingsProtocol.Infinity });
        var verifier = new ClipRegionVerifier(client, new ClipVerifierOptions { Temperature = 1f, Bank = ["dog", "car"] });

        AuxiliarySet set = AuxiliarySet.Read(_dir);
        Assert.Equal(5, set.Crops.Count);
        Assert.Equal(3, set.Classes);
        Assert.Equal("race car", set.Crops[^1].Class);

        // S(cup | red) = e/(e+1) = 0.7310586 (twice); S(cup | green) = S(cup | blue) = ½ (1/(1+e) + ½) = 0.3844707.
        IReadOnlyList<LabelCalibration> forty = await ThresholdCalibration.RunAsync(verifier, ["cup"], set, 40);
        LabelCalibration cup = Assert.Single(forty);
        Assert.Equal(0.7310586f, cup.Threshold, 4);
        Assert.Equal((5, 2, 2, 2), (cup.Scored, cup.TopCount, cup.OwnClassCrops, cup.OwnClassInTop));
        Assert.Equal(0.3844707f, cup.Minimum, 4);

        IReadOnlyList<LabelCalibration> sixty = await ThresholdCalibration.RunAsync(verifier, ["cup", "dog"], set, 60);
        Assert.Equal(0.3844707f, sixty[0].Threshold, 4);
        Assert.Equal(3, sixty[0].TopCount);

        // dog is in the bank, so K = 1 (car): S(dog | green) = e/(e+1), S(dog | red) = ½, S(dog | blue) = 1/(1+e).
        // Sorted: 0.731, 0.731, 0.5, 0.5, 0.269; the top 60% (3 crops) reach down to a red crop at ½.
        Assert.Equal(0.5f, sixty[1].Threshold, 4);
        Assert.Equal(2, sixty[1].OwnClassInTop);
        Assert.Empty(server.Problems);
    }

    [Fact]
    public async Task RunAsync_ManyLabels_EmbedsEachCropOnceThroughTheCache()
    {
        // 100 classes × 5 crops (VIRO's 5 per class, a tenth of ImageNet's classes), 10 labels.
        for (int c = 0; c < 100; c++)
        {
            for (int i = 0; i < 5; i++)
            {
                Crop($"class_{c:000}", $"{i}.png", new Rgba32((byte)(c * 2), (byte)(i * 40), 100, 255));
            }
        }

        string[] labels = [.. Enumerable.Range(0, 10).Select(c => $"class {c:000}")];
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, r => FakeEmbeddingsReply.Vectors(r.IsImage
            ? [.. r.Images.Select(png => { Rgba32 p = ImageCodecs.Default.Decode(png).GetPixel(0, 0); return new[] { 1f + p.R, 1f + p.G, 1f + p.B }; })]
            : [.. r.Texts.Select(t => new[] { 1f + t.Length, (float)t.GetHashCode() % 7, 3f })]));
        using var client = new EmbeddingsClient(new EmbeddingsOptions { Endpoint = server.Endpoint, Model = "clip", MaxConcurrentRequests = 8 });
        var verifier = new ClipRegionVerifier(client, cache: ScoreCache.InMemory());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        IReadOnlyList<LabelCalibration> result = await ThresholdCalibration.RunAsync(verifier, labels, AuxiliarySet.Read(_dir), 10);

        clock.Stop();
        Assert.Equal(10, result.Count);
        Assert.All(result, r => Assert.Equal((500, 50, 5), (r.Scored, r.TopCount, r.OwnClassCrops)));
        // One request per crop (vLLM takes one image per request), the 80 bank texts in batches of 32, one per label.
        Assert.Equal(500, server.Requests.Count(r => r.IsImage));
        Assert.Equal(3 + 10, server.Requests.Count(r => !r.IsImage));
        Assert.Equal(4500, verifier.CropCacheHits);
        Console.WriteLine($"calibrate: 500 crops × 10 labels in {clock.Elapsed.TotalSeconds:0.00} s, {server.RequestCount} requests");
    }

    [Fact]
    public async Task RunAsync_UnreadableImage_IsACalibrationErrorNamingTheFile()
    {
        Crop("cup", "a.png", new Rgba32(255, 0, 0, 255));
        string bad = Path.Combine(_dir, "cup", "broken.jpg");
        File.WriteAllText(bad, "this is not a JPEG");
        var verifier = new ConstantVerifier();
        var e = await Assert.ThrowsAsync<CalibrationException>(() => ThresholdCalibration.RunAsync(verifier, ["cup"], AuxiliarySet.Read(_dir), 10));
        Assert.Contains("broken.jpg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingOrEmptyFolder_IsACalibrationError()
    {
        Assert.Contains("does not exist", Assert.Throws<CalibrationException>(() => AuxiliarySet.Read(Path.Combine(_dir, "missing"))).Message, StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(_dir, "empty-class"));
        Assert.Contains("no class folders", Assert.Throws<CalibrationException>(() => AuxiliarySet.Read(_dir)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabels_SkipsCommentsBlanksAndDuplicates()
    {
        string path = Path.Combine(_dir, "labels.txt");
        File.WriteAllText(path, "# labels\ncup\n\n  dog  \nCup\n");
        Assert.Equal(["cup", "dog"], ThresholdCalibration.ReadLabels(path));
        File.WriteAllText(path, "# nothing\n\n");
        Assert.Throws<CalibrationException>(() => ThresholdCalibration.ReadLabels(path));
    }

    [Fact]
    public void LabelThresholds_WriteThenRead_RoundTrips()
    {
        string path = Path.Combine(_dir, "thresholds.json");
        LabelThresholds.Write(path, w => w.WriteNumber("top_k_percent", 10), [new("cup", 0.731f), new("race car", 0.5f)]);
        IReadOnlyDictionary<string, float> read = LabelThresholds.Read(path);
        Assert.Equal(0.731f, read["CUP"]);
        Assert.Equal(0.5f, read["race car"]);
        Assert.Equal(0.731f, new VerificationSettings { LabelThresholds = read }.ThresholdFor(" Cup "));
    }

    [Theory]
    [InlineData("{\"thresholds\": {\"cup\": 0.7,", "not valid JSON")]
    [InlineData("{\"cup\": 0.7}", "'thresholds' object")]
    [InlineData("{\"thresholds\": {\"cup\": 1.5}}", "thresholds.cup: expected a number in [0, 1]")]
    [InlineData("{\"thresholds\": {\"cup\": \"high\"}}", "thresholds.cup")]
    [InlineData("{\"thresholds\": {\"cup\": 0.5, \"Cup\": 0.6}}", "given twice")]
    public void LabelThresholds_BadFile_IsTypedAndNamesTheFile(string json, string expected)
    {
        var e = Assert.Throws<LabelThresholdsException>(() => LabelThresholds.Parse(Encoding.UTF8.GetBytes(json), "t.json"));
        Assert.StartsWith("t.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private sealed class ConstantVerifier : IRegionVerifier
    {
        public ValueTask<float[]> VerifyAsync(IScenePerception scene, string label, VerificationKind kind, IReadOnlyList<int> objects, CancellationToken cancellationToken) =>
            ValueTask.FromResult(objects.Select(_ => 0.5f).ToArray());
    }
}
