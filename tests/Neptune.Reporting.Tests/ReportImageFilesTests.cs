using System.Text.RegularExpressions;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Perception;

namespace Neptune.Reporting.Tests;

public sealed class ReportImageFilesTests : IDisposable
{
    private static readonly DetectedObject[] Objects = [new(0, new BoundingBox(10, 20, 50, 60))];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "neptune-report-files-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static ReportItem Question(RgbaImage image) => new() { Question = "How many?", Image = image, ImageName = "s.png", Objects = Objects, Answer = "1", Expected = "1" };

    private static ReferringReportItem Referring(RgbaImage image) => new()
    {
        Expression = "the cube",
        Image = image,
        Objects = Objects,
        ExpectedBoxes = [Objects[0].Box],
        PredictedBoxes = [Objects[0].Box],
        PredictedObjects = [0],
        Correct = true,
    };

    [Fact]
    public async Task WriteAsync_Files_WritesEachPictureOnceBesideTheReportAsJpeg()
    {
        var shared = new RgbaImage(160, 80, new Rgba32(10, 20, 30));
        var other = new RgbaImage(120, 90, new Rgba32(200, 20, 30));
        string path = Path.Combine(_dir, "report.html");

        await HtmlReport.WriteAsync(path, "r", [], [Question(shared), Question(other)], [Referring(shared)], ReportImages.Files);

        string html = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain("data:image", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<img src=\"report_files/img1.jpg\" width=\"160\" height=\"80\" loading=\"lazy\""));
        Assert.Equal(1, Regex.Count(html, "<img src=\"report_files/img2.jpg\" width=\"120\" height=\"90\" loading=\"lazy\""));
        string folder = HtmlReport.ImageFolderOf(path);
        Assert.Equal(Path.Combine(_dir, "report_files"), folder);
        Assert.Equal(["img1.jpg", "img2.jpg"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        ImageInfo first = ImageCodecs.Default.Identify(await File.ReadAllBytesAsync(Path.Combine(folder, "img1.jpg")));
        Assert.Equal((ImageFormat.Jpeg, 160, 80), (first.Format, first.Width, first.Height));
        Assert.Contains("<rect x=\"10\" y=\"20\" width=\"40\" height=\"40\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Files_RemovesPicturesOfAnEarlierLargerReportAndKeepsOtherFiles()
    {
        string path = Path.Combine(_dir, "report.html");
        RgbaImage[] three = [new(20, 20), new(21, 20), new(22, 20)];
        await HtmlReport.WriteAsync(path, "r", [], three.Select(Question).ToArray(), [], ReportImages.Files);
        string folder = HtmlReport.ImageFolderOf(path);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "mine");

        await HtmlReport.WriteAsync(path, "r", [], [Question(three[0])], [], ReportImages.Files);

        Assert.Equal(["img1.jpg", "notes.txt"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_Embedded_WritesOneSelfContainedFile()
    {
        string path = Path.Combine(_dir, "report.html");

        await HtmlReport.WriteAsync(path, "r", [], [Question(new RgbaImage(30, 20))], [], ReportImages.Embedded);

        Assert.Contains("href=\"data:image/png;base64,", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.False(Directory.Exists(HtmlReport.ImageFolderOf(path)));
        Assert.Equal(["report.html"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }
}
