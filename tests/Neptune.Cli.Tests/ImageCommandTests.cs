using System.Text.Json;

namespace Neptune.Cli.Tests;

/// <summary><c>neptune image info</c> run as the real executable on real image files.</summary>
public sealed class ImageCommandTests
{
    private readonly string _dir = Cli.NewDirectory();

    private static string Fixture(string name) =>
        Path.Combine(Cli.RepositoryRoot, "tests", "Neptune.Imaging.Tests", "Fixtures", name);

    [Fact]
    public void Info_OrientedJpeg_PrintsUprightSizeAndOrientation()
    {
        CliRun run = Cli.Process(_dir, "image", "info", Fixture("jpeg/orient-6.jpg"));

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Equal(
            "format: jpeg\nwidth: 24\nheight: 40\norientation: 6 (rotated 90° clockwise)\nframes: 1\n",
            run.Out.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(string.Empty, run.Err);
    }

    [Theory]
    [InlineData("rgb8.png", "png", 13, 11, 1, 1)]
    [InlineData("jpeg/orient-8.jpg", "jpeg", 24, 40, 8, 1)]
    [InlineData("formats/photo-lossy.webp", "webp", 48, 32, 1, 1)]
    [InlineData("formats/animated.gif", "gif", 8, 6, 1, 3)]
    [InlineData("formats/rgb8.bmp", "bmp", 13, 11, 1, 1)]
    public void Info_Json_HasSnakeCaseFieldsForEveryFormat(string file, string format, int width, int height, int orientation, int frames)
    {
        CliRun run = Cli.Process(_dir, "image", "info", Fixture(file), "--json");

        Assert.True(run.ExitCode == 0, run.Err);
        using JsonDocument json = JsonDocument.Parse(run.Out);
        JsonElement root = json.RootElement;
        Assert.Equal(["format", "width", "height", "orientation", "frames"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(format, root.GetProperty("format").GetString());
        Assert.Equal(width, root.GetProperty("width").GetInt32());
        Assert.Equal(height, root.GetProperty("height").GetInt32());
        Assert.Equal(orientation, root.GetProperty("orientation").GetInt32());
        Assert.Equal(frames, root.GetProperty("frames").GetInt32());
    }

    [Fact]
    public void Info_TruncatedJpeg_ExitsTwoNamingTheFileAndTheReason()
    {
        byte[] data = File.ReadAllBytes(Fixture("jpeg/baseline-420.jpg"));
        string path = Path.Combine(_dir, "cut.jpg");
        File.WriteAllBytes(path, data[..(data.Length / 2)]);

        CliRun run = Cli.Process(_dir, "image", "info", path).FailsWithBadInput("cut.jpg': JPEG: the file is truncated");

        Assert.Single(run.ErrLines);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public void Info_EmptyFile_ExitsTwo()
    {
        string path = Path.Combine(_dir, "empty.png");
        File.WriteAllBytes(path, []);

        Cli.Process(_dir, "image", "info", path).FailsWithBadInput("empty.png': The input is empty.");
    }

    [Fact]
    public void Info_NonImage_ExitsTwoWithTheLeadingBytes()
    {
        string path = Path.Combine(_dir, "scenes.png");
        File.WriteAllText(path, "{\"scenes\": []}");

        Cli.Process(_dir, "image", "info", path, "--json").FailsWithBadInput("not a JPEG, PNG, WebP, GIF or BMP signature");
    }

    [Fact]
    public void Info_HugeHeader_ExitsTwoWithTheLimit()
    {
        byte[] data = File.ReadAllBytes(Fixture("jpeg/baseline-420.jpg"));
        int sof = data.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        data[sof + 5] = 0x9C; // height 40000
        data[sof + 6] = 0x40;
        data[sof + 7] = 0x9C; // width 40000
        data[sof + 8] = 0x40;
        string path = Path.Combine(_dir, "huge.jpg");
        File.WriteAllBytes(path, data);

        Cli.Process(_dir, "image", "info", path).FailsWithBadInput("JPEG: 40000x40000 exceeds the limit of 16384x16384 pixels");
    }

    [Fact]
    public void Info_MissingFile_ExitsTwo()
    {
        Cli.Process(_dir, "image", "info", Path.Combine(_dir, "nope.jpg")).FailsWithBadInput("file not found");
    }
}
