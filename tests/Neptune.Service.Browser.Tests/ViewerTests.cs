using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Neptune.Clevr2D;
using Neptune.Testing;

namespace Neptune.Service.Browser.Tests;

/// <summary>
/// The web viewer at <c>/</c>, used as a person would in Debian's chromium: pick or upload a picture, ask, read the
/// program, each line's value, the boxes over the picture and the abstentions; open an evaluation run, filter it and open
/// an item; and a server that needs an API key says so on the page.
/// </summary>
public sealed class ViewerTests(BrowserFixture browser, EvaluationRunFixture run) : IClassFixture<BrowserFixture>, IClassFixture<EvaluationRunFixture>
{
    private const string TheSphere = "return score(\"Is the object in the red box a sphere?\").iota()";

    /// <summary>A large red rubber cube on the left, a large blue metal sphere on the right.</summary>
    private static readonly Lazy<byte[]> CubeAndSphere = new(() => ClevrRenderer.RenderPng(TestScenes.Scene(1,
        ("cube", "red", "rubber", "large", 120, 200, 10),
        ("sphere", "blue", "metal", "large", 360, 190, 10.5))));

    [Fact]
    public async Task Ask_SampleScene_ShowsTheProgramEachLinesValueAndTheDetectedBoxes()
    {
        await using ViewerServer server = await ViewerServer.StartAsync();
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/");

        // The first sample scene is picked and its first question fills the form.
        await Assertions.Expect(page.Locator("button.sample.selected")).ToHaveAttributeAsync("data-sample", "0");
        await Assertions.Expect(page.Locator("#question")).ToHaveValueAsync("Are there the same number of tiny red cylinders and gray objects?");
        string program = await page.Locator("#program").InputValueAsync();
        Assert.Contains("score(", program, StringComparison.Ordinal);
        await page.Locator("#ask-button").ClickAsync();

        ILocator result = page.GetByTestId("result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-outcome", "answer");
        // Scene 0's six objects are perceived from the picture's pixels and drawn over it; the answer is CLEVR's.
        await Assertions.Expect(page.GetByTestId("answer")).ToHaveTextAsync("no");
        await Assertions.Expect(result.Locator("rect[data-box=detected]")).ToHaveCountAsync(6);
        // The program is shown line by line, and the lines that call perception show their value.
        int lines = program.TrimEnd('\n').Split('\n').Length;
        await Assertions.Expect(result.Locator("table.program tbody tr")).ToHaveCountAsync(lines);
        await Assertions.Expect(result.Locator("table.program tr[data-line='1'] td.value")).ToContainTextAsync("score(…) →");
        // The trace has one row per host call, each score call with its table of per-object probabilities.
        Assert.True(await result.Locator("table.trace tbody tr").CountAsync() >= 4);
        await Assertions.Expect(result.Locator("table.trace table.scores").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "viewer-ask");
    }

    [Fact]
    public async Task Ask_UploadedPicture_DrawsTheTargetBoxOverTheReferent()
    {
        await using ViewerServer server = await ViewerServer.StartAsync();
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/");
        await Assertions.Expect(page.Locator("button.sample.selected")).ToBeVisibleAsync();

        await page.Locator("#upload").SetInputFilesAsync(new FilePayload { Name = "cube-and-sphere.png", MimeType = "image/png", Buffer = CubeAndSphere.Value });
        await Assertions.Expect(page.Locator("#ask-stage")).ToContainTextAsync("cube-and-sphere.png");
        await page.Locator("#question").FillAsync("the sphere");
        await page.Locator("#program").FillAsync(TheSphere);
        await page.Locator("#ask-button").ClickAsync();

        ILocator result = page.GetByTestId("result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-outcome", "box");
        ILocator target = result.Locator("rect[data-box=target]");
        await Assertions.Expect(target).ToHaveCountAsync(1);
        // The sphere is the object on the right of the 480-pixel-wide picture; the cube's box is only a detection.
        double x = double.Parse((await target.GetAttributeAsync("x"))!, CultureInfo.InvariantCulture);
        Assert.True(x > 240, $"target box at x = {x}");
        await Assertions.Expect(result.Locator("rect[data-box=detected]")).ToHaveCountAsync(2);
        await Assertions.Expect(result.Locator("table.program tr[data-line='1'] td.value")).ToContainTextAsync("score(…) →");
    }

    [Fact]
    public async Task Find_ExpressionWithoutReferent_SaysNoTargetAndWhichOperatorAbstained()
    {
        await using ViewerServer server = await ViewerServer.StartAsync();
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/");
        await Assertions.Expect(page.Locator("button.sample.selected")).ToBeVisibleAsync();

        await page.Locator("#upload").SetInputFilesAsync(new FilePayload { Name = "large-cube.png", MimeType = "image/png", Buffer = CubeAndSphere.Value });
        await page.Locator("input[name=mode][value=find]").CheckAsync();
        // The first referring example: "the small cubes", FIND then PROPERTY; this picture's only cube is large.
        await Assertions.Expect(page.Locator("#question")).ToHaveValueAsync("the small cubes");
        await page.Locator("#ask-button").ClickAsync();

        ILocator result = page.GetByTestId("result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-outcome", "no_target");
        await Assertions.Expect(page.GetByTestId("abstained-by")).ToHaveTextAsync("PROPERTY");
        await Assertions.Expect(result.Locator("rect[data-box=target]")).ToHaveCountAsync(0);
        // The operator's line is highlighted in the program.
        await Assertions.Expect(result.Locator("table.program tr.highlight")).ToHaveAttributeAsync("data-line", "2");
        await BrowserFixture.ScreenshotAsync(page, "viewer-no-target");
    }

    [Fact]
    public async Task Runs_OpenFilterAndOpenAnItem_ShowsTheMatchingRowsAndTheItemsTrace()
    {
        await using ViewerServer server = await ViewerServer.StartAsync(runs: run.Runs);
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/#/runs");

        await page.GetByTestId("runs").GetByRole(AriaRole.Link, new() { Name = EvaluationRunFixture.RunName }).ClickAsync();
        ILocator items = page.GetByTestId("items");
        await Assertions.Expect(items.Locator("tbody tr")).ToHaveCountAsync(run.Rows.Count);
        await BrowserFixture.ScreenshotAsync(page, "viewer-run");

        // Wrong rows only: the changed answer and the failed question.
        await page.Locator("#correct").SelectOptionAsync("false");
        int wrong = run.Rows.Count(r => !r.GetProperty("correct").GetBoolean());
        Assert.Equal(2, wrong);
        await Assertions.Expect(page.GetByTestId("matched")).ToHaveTextAsync(wrong.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(items.Locator("tbody tr")).ToHaveCountAsync(wrong);
        Assert.Contains("correct=false", page.Url, StringComparison.Ordinal);

        // And of those, the failure kind no_program.
        await page.Locator("#failure_kind").SelectOptionAsync("no_program");
        await Assertions.Expect(items.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(items.Locator("tbody tr")).ToContainTextAsync(EvaluationRunFixture.FailedQuestion);

        // A family filter keeps that family's rows.
        await page.GotoAsync(server.BaseUrl + $"/#/runs/{EvaluationRunFixture.RunName}?family=comparison.json%230");
        JsonElement[] family = [.. run.Rows.Where(r => r.GetProperty("family").GetString() == "comparison.json#0")];
        Assert.NotEmpty(family);
        await Assertions.Expect(items.Locator("tbody tr")).ToHaveCountAsync(family.Length);

        // The wrong row's page: its fields, its picture with the perceived boxes, and its program replayed with a trace.
        JsonElement wrongRow = run.Rows.Single(r => r.GetProperty("question").GetString() == EvaluationRunFixture.WrongQuestion);
        await page.GotoAsync(server.BaseUrl + $"/#/runs/{EvaluationRunFixture.RunName}?correct=false");
        await items.GetByRole(AriaRole.Link, new() { Name = wrongRow.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("item-title")).ToContainTextAsync(EvaluationRunFixture.WrongQuestion);
        await Assertions.Expect(page.GetByTestId("item-fields")).ToContainTextAsync("yes");
        await Assertions.Expect(page.GetByTestId("replay-note")).ToContainTextAsync("the same as the run's");
        await Assertions.Expect(page.Locator("rect[data-box=detected]")).ToHaveCountAsync(6);
        await Assertions.Expect(page.GetByTestId("trace").Locator("tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("program").Locator("td.value").First).ToContainTextAsync("→");
        await BrowserFixture.ScreenshotAsync(page, "viewer-item");

        // The failed row has no program to replay, and says so.
        JsonElement failed = run.Rows.Single(r => r.GetProperty("failure_kind").ValueKind == JsonValueKind.String);
        await page.GotoAsync(server.BaseUrl + $"/#/runs/{EvaluationRunFixture.RunName}/items/{failed.GetProperty("id").GetInt64()}");
        await Assertions.Expect(page.GetByTestId("item-fields")).ToContainTextAsync("no_program");
        await Assertions.Expect(page.GetByTestId("replay-note")).ToContainTextAsync("No trace");
    }

    [Fact]
    public async Task Runs_ServerWithoutRunsFolder_SaysHowToNameOne()
    {
        await using ViewerServer server = await ViewerServer.StartAsync();
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/#/runs");

        await Assertions.Expect(page.GetByTestId("no-runs")).ToContainTextAsync("neptune serve --runs DIR");
    }

    [Fact]
    public async Task ApiKey_MissingThenGiven_ThePageSaysSoThenWorks()
    {
        const string key = "viewer-test-key-0123456789";
        await using ViewerServer server = await ViewerServer.StartAsync(apiKey: key);
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/");

        ILocator notice = page.Locator("#notice");
        await Assertions.Expect(notice).ToBeVisibleAsync();
        await Assertions.Expect(notice).ToContainTextAsync("This server requires an API key");
        await Assertions.Expect(page.Locator("button.sample")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "viewer-api-key");

        await page.Locator("#api-key").FillAsync("not-the-right-key-at-all");
        await page.Locator("#key-form button").ClickAsync();
        await Assertions.Expect(notice).ToContainTextAsync("The API key was refused");

        await page.Locator("#api-key").FillAsync(key);
        await page.Locator("#key-form button").ClickAsync();
        await Assertions.Expect(page.Locator("button.sample")).ToHaveCountAsync(4);
        await Assertions.Expect(notice).ToBeHiddenAsync();
        await page.Locator("#ask-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("result")).ToHaveAttributeAsync("data-outcome", "answer");
    }
}
