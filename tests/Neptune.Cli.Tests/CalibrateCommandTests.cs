using System.Text.Json;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Testing;

namespace Neptune.Cli.Tests;

/// <summary>
/// <c>neptune calibrate</c> against a fake Infinity server, and <c>--thresholds</c> on <c>find</c> and
/// <c>eval --task rec</c>: the thresholds written, and typed one-line errors (exit 2) for bad input.
/// </summary>
public sealed class CalibrateCommandTests : IDisposable
{
    private readonly string _dir = Cli.NewDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Scenes => Path.Combine(Cli.DataDirectory, "CLEVR_train_scenes_1000.json");

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private string Auxiliary()
    {
        string root = Path.Combine(_dir, "aux");
        foreach ((string cls, Rgba32 colour, int count) in new[] { ("cup", new Rgba32(255, 0, 0, 255), 2), ("dog", new Rgba32(0, 255, 0, 255), 2), ("car", new Rgba32(0, 0, 255, 255), 1) })
        {
            Directory.CreateDirectory(Path.Combine(root, cls));
            for (int i = 0; i < count; i++)
            {
                File.WriteAllBytes(Path.Combine(root, cls, $"{i}.png"), new RgbaImage(10, 10, colour).ToPng());
            }
        }

        return root;
    }

    private static FakeEmbeddingsReply Clip(FakeEmbeddingsRequest r)
    {
        var texts = new Dictionary<string, float[]> { ["a photo of a cup."] = [1, 0, 0], ["a photo of a dog."] = [0, 1, 0], ["a photo of a car."] = [0, 0, 1] };
        return FakeEmbeddingsReply.Vectors(r.IsImage
            ? [.. r.Images.Select(png => { Rgba32 p = ImageCodecs.Default.Decode(png).GetPixel(0, 0); return new[] { p.R / 255f, p.G / 255f, p.B / 255f }; })]
            : [.. r.Texts.Select(t => texts[t])]);
    }

    private string Verifier(Uri endpoint) => Write("verifier.json", $$"""
        {
          "kind": "clip",
          "embeddings": { "endpoint": "{{endpoint}}", "model": "openai/clip-vit-base-patch32", "protocol": "infinity", "retry_base_delay_seconds": 0.01 },
          "temperature": 1,
          "bank": ["dog", "car"],
          "cache": "clip.db"
        }
        """);

    [Fact]
    public async Task Calibrate_FakeInfinityServer_WritesTheTopKThresholdPerLabel()
    {
        await using FakeEmbeddingsServer server = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Infinity, Clip);
        string labels = Write("labels.txt", "cup\n# a comment\ndog\n");
        string output = Path.Combine(_dir, "thresholds.json");

        CliRun run = await Task.Run(() => Cli.InProcess("calibrate", "--labels", labels, "--auxiliary", Auxiliary(), "--top-k", "40", "--verifier", Verifier(server.Endpoint), "--out", output, "--quiet"));

        Assert.True(run.ExitCode == 0, run.Err);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(output));
        JsonElement t = doc.RootElement.GetProperty("thresholds");
        // cup: scores e/(e+1) twice (red), ½(1/(1+e) + ½) three times; m = ⌈0.4·5⌉ = 2 → 0.731059.
        Assert.Equal(0.731059, t.GetProperty("cup").GetDouble(), 5);
        // dog (in the bank, so K = 1): 0.731 (green, twice), ½ (red, twice), 0.269 (blue); m = 2 → 0.731059.
        Assert.Equal(0.731059, t.GetProperty("dog").GetDouble(), 5);
        Assert.Equal(2, doc.RootElement.GetProperty("labels").GetProperty("cup").GetProperty("own_class_in_top").GetInt32());
        Assert.Equal(5, doc.RootElement.GetProperty("crops").GetInt32());
        Assert.Empty(server.Problems);

        // Again over the same cache: no crop is embedded twice.
        int before = server.Requests.Count(r => r.IsImage);
        Assert.Equal(0, Cli.InProcess("calibrate", "--labels", labels, "--auxiliary", Auxiliary(), "--verifier", Path.Combine(_dir, "verifier.json"), "--out", output, "--quiet").ExitCode);
        Assert.Equal(before, server.Requests.Count(r => r.IsImage));
    }

    [Fact]
    public void Calibrate_BadInput_ExitsTwoWithOneLine()
    {
        string labels = Write("labels.txt", "cup\n");
        string verifier = Verifier(new Uri("http://127.0.0.1:9/v1"));
        string output = Path.Combine(_dir, "t.json");

        Cli.InProcess("calibrate", "--labels", labels, "--auxiliary", Path.Combine(_dir, "missing"), "--verifier", verifier, "--out", output).FailsWithBadInput("does not exist");
        Cli.InProcess("calibrate", "--labels", Path.Combine(_dir, "none.txt"), "--auxiliary", Auxiliary(), "--verifier", verifier, "--out", output).FailsWithBadInput("--labels");
        Cli.InProcess("calibrate", "--labels", labels, "--auxiliary", Auxiliary(), "--top-k", "0", "--verifier", verifier, "--out", output).FailsWithBadInput("--top-k");
        string bad = Write("bad.json", "{\"embeddings\": {\"endpoint\": \"http://x/v1\", \"model\": \"m\", \"protcol\": \"vllm\"}}");
        Cli.InProcess("calibrate", "--labels", labels, "--auxiliary", Auxiliary(), "--verifier", bad, "--out", output).FailsWithBadInput("protcol");
        Write("broken.json", "{\"embeddings\": ");
        Cli.InProcess("calibrate", "--labels", labels, "--auxiliary", Auxiliary(), "--verifier", Path.Combine(_dir, "broken.json"), "--out", output).FailsWithBadInput("broken.json");
        File.WriteAllText(Path.Combine(Auxiliary(), "cup", "x.jpg"), "not a picture");
        Cli.InProcess("calibrate", "--labels", labels, "--auxiliary", Path.Combine(_dir, "aux"), "--verifier", verifier, "--out", output).FailsWithBadInput("x.jpg");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Find_Thresholds_ApplyPerLabel_AndABadFileIsBadInput()
    {
        string program = Path.Combine(Cli.RepositoryRoot, "examples", "programs", "small_cubes.py");
        string strict = Write("strict.json", "{\"thresholds\": {\"cube\": 1.0}}");
        string[] common = ["find", "--query", "the small cubes", "--scenes", Scenes, "--perception", "pixels", "--program", program, "--limit", "8", "--quiet"];

        Assert.Equal(0, Cli.InProcess([.. common, "--out", Path.Combine(_dir, "plain")]).ExitCode);
        Assert.Equal(0, Cli.InProcess([.. common, "--thresholds", strict, "--out", Path.Combine(_dir, "strict")]).ExitCode);

        List<JsonElement> plain = Rows(Path.Combine(_dir, "plain"));
        List<JsonElement> rows = Rows(Path.Combine(_dir, "strict"));
        Assert.Contains(plain, r => r.GetProperty("outcome").GetString() == "target");
        Assert.All(rows, r => Assert.Equal("FIND", r.GetProperty("abstained_by").GetString()));

        string broken = Write("broken.json", "{\"thresholds\": {\"cube\": 0.7");
        Cli.InProcess([.. common, "--thresholds", broken, "--out", Path.Combine(_dir, "broken")]).FailsWithBadInput("not valid JSON");
        Cli.InProcess([.. common, "--thresholds", Path.Combine(_dir, "none.json"), "--out", Path.Combine(_dir, "none")]).FailsWithBadInput("--thresholds");
    }

    [Fact]
    public void EvalRec_Thresholds_AreLikeTheGlobalThresholdForTheirLabels_AndStoredWithTheRun()
    {
        string[] labels = ["cube", "sphere", "cylinder", "gray", "red", "blue", "green", "brown", "purple", "cyan", "yellow", "small", "large", "rubber", "metal"];
        string file = Write("t.json", JsonSerializer.Serialize(new { thresholds = labels.ToDictionary(l => l, _ => 0.99) }));
        string[] common = ["eval", "--task", "rec", "--style", "viro", "--perception", "pixels", "--limit", "60", "--quiet"];
        string global = Path.Combine(_dir, "global");
        string perLabel = Path.Combine(_dir, "per-label");

        Assert.Equal(0, Cli.InProcess([.. common, "--verifier-threshold", "0.99", "--out", global]).ExitCode);
        Assert.Equal(0, Cli.InProcess([.. common, "--thresholds", file, "--out", perLabel]).ExitCode);

        Assert.Equal(Predicted(global), Predicted(perLabel));
        using (JsonDocument run = JsonDocument.Parse(File.ReadAllText(Path.Combine(perLabel, "run.json"))))
        {
            Assert.Contains("cube=0.99", run.RootElement.GetProperty("label_thresholds").GetString(), StringComparison.Ordinal);
        }

        string other = Write("other.json", "{\"thresholds\": {\"cube\": 0.5}}");
        Cli.InProcess([.. common, "--thresholds", other, "--out", perLabel]).FailsWithBadInput("label_thresholds");
        Cli.InProcess("eval", "--thresholds", file, "--out", Path.Combine(_dir, "vqa")).FailsWithBadInput("thresholds");
        string broken = Write("broken.json", "[1, 2]");
        Cli.InProcess([.. common, "--thresholds", broken, "--out", Path.Combine(_dir, "broken")]).FailsWithBadInput("'thresholds' object");
    }

    private static List<string> Predicted(string dir) =>
        [.. Rows(dir).OrderBy(r => r.GetProperty("id").GetInt64()).Select(r => $"{r.GetProperty("id")}: {r.GetProperty("predicted").GetString()}")];

    private static List<JsonElement> Rows(string dir) =>
        [.. File.ReadLines(Path.Combine(dir, "results.jsonl")).Select(l =>
        {
            using JsonDocument doc = JsonDocument.Parse(l);
            return doc.RootElement.Clone();
        })];
}
