using Microsoft.Playwright;

namespace Neptune.Service.Browser.Tests;

/// <summary>
/// One headless Debian chromium for the whole test class, driven by Playwright. The browser is the system's
/// (<c>apt-get install chromium</c>, <see cref="ExecutablePath"/>); Playwright never downloads one. When it is missing
/// the tests fail with that instruction: a viewer that was not seen in a browser is not tested.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The browser.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser is not started");

    /// <summary>Where screenshots go (the folder named by NEPTUNE_SCREENSHOTS), or null to take none.</summary>
    public static string? ScreenshotFolder => Environment.GetEnvironmentVariable("NEPTUNE_SCREENSHOTS") is { Length: > 0 } folder ? folder : null;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium (`apt-get install -y chromium`); .ci/run does so. The viewer's tests need a real browser.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Root in CI and containers: chromium's sandbox needs user namespaces it may not have.
            ChromiumSandbox = false,
            Args = ["--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A new page in its own context (no shared storage), 1280×900, with a bounded wait for every step.</summary>
    public async Task<IPage> NewPageAsync()
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Saves a full-page screenshot as NAME.jpg (quality 85: text stays sharp at a fraction of a PNG's size) in
    /// <see cref="ScreenshotFolder"/>, when one is named; docs/images holds the ones the docs show.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (ScreenshotFolder is { } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".jpg"), FullPage = true, Type = ScreenshotType.Jpeg, Quality = 85 });
        }
    }
}
