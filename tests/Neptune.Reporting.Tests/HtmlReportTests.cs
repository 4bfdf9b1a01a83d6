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
    public void Render_WrongAnswers_AreListedFirstWithLinksToTheirCards()
    {
        ReportItem[] items =
        [
            new() { Question = "Is it red?", Answer = "yes", Expected = "yes" },
            new() { Question = "How many cubes?", Answer = "2", Expected = "3" },
            new() { Question = "What shape?", Error = "ZeroDivisionError: division by zero", Expected = "cube" },
        ];

        string html = HtmlReport.Render("demo", [], items);

        int list = html.IndexOf("class=\"wrong-list\"", StringComparison.Ordinal);
        Assert.True(list >= 0 && list < html.IndexOf("id=\"q1\"", StringComparison.Ordinal), "the list comes before the cards");
        Assert.Contains("2 wrong or failed of 3", html, StringComparison.Ordinal);
        Assert.Contains("<li value=\"2\"><a href=\"#q2\">How many cubes?</a> — answer 2, expected 3</li>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#q3\">What shape?</a> — failed: ZeroDivisionError: division by zero, expected cube", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"#q1\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"q2\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AllCorrect_HasNoWrongList()
    {
        Assert.DoesNotContain("wrong-list\">", HtmlReport.Render("demo", [], [new ReportItem { Question = "q", Answer = "a", Expected = "a" }]), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Caption_GivesDetectedAndAnnotatedObjects()
    {
        var item = new ReportItem { Question = "q", Image = new RgbaImage(160, 80), ImageName = "s.png", Objects = Objects, AnnotatedObjects = 3 };

        Assert.Contains("<figcaption>s.png — 2 objects detected, 3 annotated</figcaption>", HtmlReport.Render("demo", [], [item]), StringComparison.Ordinal);
    }

    public static TheoryData<string> Crowds => ["same box", "touching row", "top edge", "stacked"];

    [Theory]
    [MemberData(nameof(Crowds))]
    public void Overlay_CrowdedBoxes_LabelsNeverOverlap(string crowd)
    {
        DetectedObject[] objects = [.. Enumerable.Range(0, 12).Select(i => new DetectedObject(i, crowd switch
        {
            "same box" => new BoundingBox(100, 100, 140, 140),
            "touching row" => new BoundingBox(50 + (i * 6), 60, 90 + (i * 6), 100),
            "top edge" => new BoundingBox(i * 8, 0, 40 + (i * 8), 30),
            _ => new BoundingBox(200, 40 + (i * 4), 240, 80 + (i * 4)),
        }))];

        string svg = SvgOverlay.Render(480, 320, objects);

        var labels = Regex.Matches(svg, "<rect class=\"label\" x=\"([0-9.]+)\" y=\"([0-9.]+)\" width=\"([0-9.]+)\" height=\"([0-9.]+)\"")
            .Select(m => (X: float.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Y: float.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                W: float.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), H: float.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(12, labels.Count);
        for (int i = 0; i < labels.Count; i++)
        {
            Assert.InRange(labels[i].X, 0, 480 - labels[i].W);
            Assert.InRange(labels[i].Y, 0, 320 - labels[i].H);
            for (int j = i + 1; j < labels.Count; j++)
            {
                var (a, b) = (labels[i], labels[j]);
                bool overlap = a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
                Assert.False(overlap, $"labels {i} and {j} overlap: {a} {b}");
            }
        }
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
