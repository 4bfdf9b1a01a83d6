using System.Text.Json;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;

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

    [Fact]
    public void Mark_TwoBoxes_WritesAPngWithNumberedMarksInArgumentColours()
    {
        string source = Path.Combine(_dir, "grey.png");
        File.WriteAllBytes(source, ImageCodecs.Default.Encode(new RgbaImage(200, 150, new Rgba32(128, 128, 128))));
        string output = Path.Combine(_dir, "marked.png");

        CliRun run = Cli.Process(_dir, "image", "mark", source, "--box", "20,60,80,120", "--box", "110.5,70,190,140", "--line-width", "3", "--label-size", "20", "--out", output);

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("marked 2 box(es) on a 200x150 image", run.Out, StringComparison.Ordinal);
        RgbaImage marked = ImageCodecs.Default.Decode(File.ReadAllBytes(output));
        Assert.Equal(new Rgba32(255, 0, 0), marked.GetPixel(20, 100)); // first box: red outline, 3 pixels wide
        Assert.Equal(new Rgba32(255, 0, 0), marked.GetPixel(22, 100));
        Assert.Equal(new Rgba32(128, 128, 128), marked.GetPixel(23, 100));
        Assert.Equal(new Rgba32(0, 255, 0), marked.GetPixel(110, 120)); // second box: green
        Assert.Equal(new Rgba32(128, 128, 128), marked.GetPixel(50, 90)); // inside: untouched

        // The labels sit above the boxes: a red one with white text "1", a green one with black text "2".
        Assert.Contains(new Rgba32(255, 255, 255), Region(marked, 20, 30, 40, 30));
        Assert.Contains(new Rgba32(0, 0, 0), Region(marked, 110, 40, 40, 30));
    }

    [Fact]
    public void Mark_OrientedJpegToJpeg_MarksTheUprightImage()
    {
        string output = Path.Combine(_dir, "marked.jpg");

        CliRun run = Cli.Process(_dir, "image", "mark", Fixture("jpeg/orient-6.jpg"), "--box", "2,2,20,30", "--out", output);

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Equal(new ImageInfo(ImageFormat.Jpeg, 24, 40, 1, 1), ImageCodecs.Default.Identify(File.ReadAllBytes(output)));
    }

    [Theory]
    [InlineData("1,2,3")]
    [InlineData("10,10,5,20")]
    [InlineData("a,b,c,d")]
    public void Mark_MalformedBox_ExitsTwoNamingTheFlag(string box)
    {
        CliRun run = Cli.Process(_dir, "image", "mark", Fixture("rgb8.png"), "--box", box, "--out", Path.Combine(_dir, "x.png"))
            .FailsWithBadInput($"--box: expected X1,Y1,X2,Y2 with X1 < X2 and Y1 < Y2, got '{box}'");

        Assert.False(File.Exists(Path.Combine(_dir, "x.png")));
        Assert.Single(run.ErrLines);
    }

    [Fact]
    public void Mark_NoFontInstalled_FailsLoudlyNamingThePackage()
    {
        // A fontconfig configuration with no font directory: what a machine without fonts looks like to Skia.
        string config = Path.Combine(_dir, "no-fonts.conf");
        File.WriteAllText(config, $"<?xml version=\"1.0\"?>\n<fontconfig><cachedir>{Path.Combine(_dir, "fc-cache")}</cachedir></fontconfig>\n");
        string output = Path.Combine(_dir, "marked.png");

        CliRun run = Cli.Process(_dir, new Dictionary<string, string> { ["FONTCONFIG_FILE"] = config }, "image", "mark", Fixture("rgb8.png"), "--box", "1,1,8,8", "--out", output)
            .FailsWithBadInput("no font is installed, so labels would be drawn as nothing");

        Assert.Contains("apt-get install fonts-dejavu-core", run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    private static IEnumerable<Rgba32> Region(RgbaImage image, int x, int y, int width, int height) =>
        Enumerable.Range(x, width).SelectMany(i => Enumerable.Range(y, height).Select(j => image.GetPixel(i, j)));
}
