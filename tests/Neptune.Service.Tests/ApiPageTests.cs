using System.Text.Json;
using System.Text.RegularExpressions;

namespace Neptune.Service.Tests;

/// <summary>The browsable API page at <c>/api</c> and the bearer scheme of the OpenAPI document it renders.</summary>
public sealed partial class ApiPageTests
{
    [Fact]
    public async Task ApiPage_IsServedLocally_EveryAssetFromTheServer()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        using HttpResponseMessage page = await host.Client.GetAsync("/api/index.html");
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Neptune API</title>", html, StringComparison.Ordinal);
        string[] assets = [.. AssetReference().Matches(html).Select(m => m.Groups["url"].Value)];
        Assert.NotEmpty(assets);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        bool pointsAtDocument = false;
        foreach (string asset in assets)
        {
            Assert.DoesNotContain(":", asset, StringComparison.Ordinal);
            using HttpResponseMessage response = await host.Client.GetAsync("/api/" + asset.TrimStart('.', '/'));
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{asset}: {(int)response.StatusCode}");
            Assert.True(body.Length > 0, asset);
            pointsAtDocument |= body.Contains("/openapi/v1.json", StringComparison.Ordinal);
        }

        Assert.True(pointsAtDocument || html.Contains("/openapi/v1.json", StringComparison.Ordinal), "the page never names /openapi/v1.json");
    }

    [Fact]
    public async Task ApiPage_WithApiKeysConfigured_StaysOpen()
    {
        ServiceSettings settings = new ServiceConfig { ApiKeysVariable = "API_PAGE_KEYS" }.Resolve(n => n == "API_PAGE_KEYS" ? "api-page-key-0123456789" : null);
        await using ServiceHost host = await ServiceHost.StartAsync(settings);

        using HttpResponseMessage page = await host.Client.GetAsync("/api/index.html");

        Assert.Equal(200, (int)page.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DeclaresTheBearerKey_OnV1OperationsOnly()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        using HttpResponseMessage response = await host.Client.GetAsync("/openapi/v1.json");
        JsonElement document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        JsonElement scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        JsonElement paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/v1/programs/run").GetProperty("post").GetProperty("security")[0].TryGetProperty("bearer", out _));
        Assert.True(paths.GetProperty("/v1/jobs").GetProperty("post").GetProperty("security")[0].TryGetProperty("bearer", out _));
        Assert.False(paths.GetProperty("/healthz").GetProperty("get").TryGetProperty("security", out _));
    }

    [GeneratedRegex("""(?:src|href)="(?<url>[^"]+)""")]
    private static partial Regex AssetReference();
}
