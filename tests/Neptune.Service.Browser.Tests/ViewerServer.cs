using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Neptune.Service.Browser.Tests;

/// <summary>
/// The real application of <see cref="NeptuneServer.Create"/> on Kestrel, listening on a loopback port the system
/// picks (port 0), as <c>neptune serve</c> runs it; the browser reaches it over real HTTP.
/// </summary>
internal sealed class ViewerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ViewerServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's address, like <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>Starts a server.</summary>
    /// <param name="runs">The runs folder, or null for none.</param>
    /// <param name="apiKey">The one API key the server accepts, or null for an open server.</param>
    public static async Task<ViewerServer> StartAsync(string? runs = null, string? apiKey = null)
    {
        ServiceSettings settings = new ServiceConfig { Urls = "http://127.0.0.1:0", Runs = runs }
            .Resolve(name => name == ServiceConfig.DefaultApiKeysVariable ? apiKey : null);
        WebApplication app = NeptuneServer.Create(settings);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ViewerServer(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
