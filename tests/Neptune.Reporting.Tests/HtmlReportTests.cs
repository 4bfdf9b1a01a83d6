using System.Text.RegularExpressions;
using Neptune.Imaging;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Reporting.Tests;

public class HtmlReportTests
{
    private static readonly DetectedObject[] Objects =
    [
        new(0, new BoundingBox(10, 20, 50, 60), "cube", 0.9f),
        new(1, new BoundingBox(100, 5, 140, 45)),
    ];

    [Fact]
    public void Render_EscapesUntrustedText()
    {
        var item = new ReportItem { Question = "<script>alert(1)</script>?", Program = "return '<b>'", Answer = "a&b", Expected = "a&b" };
        string html = HtmlReport.Render("t<i>", [], [item]);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;?", html, StringComparison.Ordinal);
        Assert.Contains("return &#39;&lt;b&gt;&#39;", html, StringComparison.Ordinal);
        Assert.Contains("<title>t&lt;i&gt;</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ImageItem_EmbedsThePngAndOneBoxPerObject()
    {
        var image = new RgbaImage(160, 80, new Rgba32(200, 200, 200));
        var item = new ReportItem { Question = "How many?", Image = image, ImageName = "scene.png", Objects = Objects, Answer = "2", Expected = "3" };
        string html = HtmlReport.Render("demo", ["accuracy 0/1"], [item]);
        Assert.Contains("href=\"data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "stroke-width=\"2\""));
        Assert.Contains("<rect x=\"10\" y=\"20\" width=\"40\" height=\"40\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"item wrong\"", html, StringComparison.Ordinal);
        Assert.Contains("<li>accuracy 0/1</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TensorTable_BinaryRelation_LeavesTheDiagonalBlank()
    {
        SoftTensor t = SoftTensor.Create(["x", "y"], 2, [0f, 0.25f, 0.75f, 0f]);
        string table = HtmlReport.TensorTable(t);
        Assert.Equal(2, Regex.Count(table, "class=\"diag\""));
        Assert.Contains(">0.25</td>", table, StringComparison.Ordinal);
        Assert.Contains(">0.75</td>", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Correct_IsNullWithoutExpectedAndFalseOnError()
    {
        Assert.Null(new ReportItem { Question = "q", Answer = "yes" }.Correct);
        Assert.True(new ReportItem { Question = "q", Answer = "yes", Expected = "yes" }.Correct);
        Assert.False(new ReportItem { Question = "q", Answer = null, Expected = "yes", Error = "ZeroDivisionError: division by zero" }.Correct);
    }

    [Fact]
    public async Task WriteAsync_CreatesTheDirectoryAndReplacesAtomically()
    {
        string dir = Path.Combine(Path.GetTempPath(), "neptune-report-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(dir, "nested", "report.html");
        try
        {
            await HtmlReport.WriteAsync(path, "r", [], [new ReportItem { Question = "q" }]);
            Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
