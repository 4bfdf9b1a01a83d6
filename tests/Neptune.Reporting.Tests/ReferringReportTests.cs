using System.Text.RegularExpressions;
using Neptune.Imaging;
using Neptune.Language.Library;
using Neptune.Perception;

namespace Neptune.Reporting.Tests;

public class ReferringReportTests
{
    private static readonly DetectedObject[] Objects =
    [
        new(0, new BoundingBox(10, 20, 50, 60)),
        new(1, new BoundingBox(100, 5, 140, 45)),
        new(2, new BoundingBox(60, 30, 90, 70)),
    ];

    private static ReferringReportItem Found(RgbaImage image, bool correct) => new()
    {
        Expression = "The red cube(s)",
        Image = image,
        ImageName = "scene.png",
        Objects = Objects,
        Category = "zero_hop.json/0",
        ExpectedBoxes = [new BoundingBox(12, 22, 52, 62)],
        PredictedBoxes = correct ? [Objects[0].Box] : [Objects[1].Box],
        PredictedObjects = correct ? [0] : [1],
        Correct = correct,
        MeanIou = correct ? 0.82 : 0,
        Program = "OBJECTS = FIND(object_name='cube')\nFINAL_RESULT = RESULT(object=OBJECTS)\n",
    };

    private static ReferringReportItem Abstained(RgbaImage image) => new()
    {
        Expression = "The rubber thing(s) behind the sphere",
        Image = image,
        Objects = Objects,
        PredictedNoTarget = true,
        Abstention = new TraceAbstention("PROPERTY", "no candidate verified as 'rubber' (best score 0.21 < δ = 0.5)", 2),
        Correct = true,
        Program = "OBJECTS = FIND(object_name='object')\nSET_1 = PROPERTY(object=OBJECTS, value='rubber')\nFINAL_RESULT = RESULT(object=SET_1)\n",
    };

    [Fact]
    public void Card_DrawsPredictedAndExpectedBoxesInTheirOwnColoursWithALegend()
    {
        string html = HtmlReport.Render("demo", [], [], [Found(new RgbaImage(160, 80), correct: true)]);

        Assert.Contains($"<rect class=\"expected\" x=\"12\" y=\"22\" width=\"40\" height=\"40\" fill=\"none\" stroke=\"{SvgOverlay.ExpectedColor}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<rect class=\"predicted\" x=\"10\" y=\"20\" width=\"40\" height=\"40\" fill=\"none\" stroke=\"{SvgOverlay.PredictedColor}\"", html, StringComparison.Ordinal);
        Assert.NotEqual(SvgOverlay.ExpectedColor, SvgOverlay.PredictedColor);
        Assert.Equal(3, Regex.Count(html, "<rect class=\"detected\""));
        Assert.Contains("predicted (1)</span>", html, StringComparison.Ordinal);
        Assert.Contains("expected (1)</span>", html, StringComparison.Ordinal);
        Assert.Contains("detected (3)</span>", html, StringComparison.Ordinal);
        Assert.Contains("class=\"item rec correct\" id=\"r1\"", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>mean IoU</th><td>0.82</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<h1 id=\"rec\">Referring expressions (1)</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Abstention_NamesTheOperatorItsLineAndWhy_OnTheCardAndInTheTable()
    {
        string html = HtmlReport.Render("demo", [], [], [Found(new RgbaImage(160, 80), correct: true), Abstained(new RgbaImage(160, 80))]);

        Assert.Contains("<h2>1 abstentions of 2</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td><a href=\"#r2\">2</a></td><td>The rubber thing(s) behind the sphere</td><td><code>PROPERTY</code></td><td>2</td><td>no candidate verified as &#39;rubber&#39; (best score 0.21 &lt; δ = 0.5)</td><td>no target</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"abstention\">PROPERTY abstained at line 2: no candidate verified as &#39;rubber&#39;", html, StringComparison.Ordinal);
        Assert.Contains("<mark><span class=\"ln\">  2</span> SET_1 = PROPERTY(object=OBJECTS, value=&#39;rubber&#39;)</mark>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"value\">no target (PROPERTY abstained)</td>", html, StringComparison.Ordinal);
        Assert.Contains("predicted (0)</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<rect class=\"predicted\"", html[html.IndexOf("id=\"r2\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void WrongItems_AreListedAtTheTopWithLinksToTheirCards()
    {
        var image = new RgbaImage(160, 80);
        ReportItem question = new() { Question = "How many?", Answer = "2", Expected = "2" };
        ReferringReportItem noTargetMissed = Found(image, correct: false) with { ExpectedBoxes = [], Expression = "The green sphere(s)" };
        string html = HtmlReport.Render("demo", [], [question], [Found(image, correct: true), Found(image, correct: false), noTargetMissed]);

        int list = html.IndexOf("rec-wrong", StringComparison.Ordinal);
        Assert.True(list >= 0 && list < html.IndexOf("id=\"q1\"", StringComparison.Ordinal), "the list comes before every card");
        Assert.Contains("2 wrong or failed of 3 referring expressions", html, StringComparison.Ordinal);
        Assert.Contains("<li value=\"2\"><a href=\"#r2\">The red cube(s)</a> — 1 object [1], expected 1 object</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li value=\"3\"><a href=\"#r3\">The green sphere(s)</a> — 1 object [1], expected no target</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"#r1\"", html[..html.IndexOf("id=\"q1\"", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public void NoReferringItems_NoSection()
    {
        string html = HtmlReport.Render("demo", [], [new ReportItem { Question = "q", Answer = "a", Expected = "a" }]);

        Assert.DoesNotContain("id=\"rec\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("rec-wrong", html, StringComparison.Ordinal);
    }

    [Fact]
    public void OneImageOnSeveralCards_IsEmbeddedOnce()
    {
        var shared = new RgbaImage(160, 80, new Rgba32(10, 20, 30));
        var other = new RgbaImage(160, 80, new Rgba32(200, 20, 30));
        ReportItem question = new() { Question = "How many?", Image = shared, Objects = Objects };
        string html = HtmlReport.Render("demo", [], [question], [Found(shared, correct: true), Abstained(other)]);

        Assert.Equal(2, Regex.Count(html, "href=\"data:image/png;base64,"));
        Assert.Equal(2, Regex.Count(html, "<use href=\"#img1\""));
        Assert.Equal(1, Regex.Count(html, "<use href=\"#img2\""));
        Assert.Equal(1, Regex.Count(html, "<image id=\"img1\""));
    }
}
