using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Neptune.Service.Tests;

/// <summary>The real application of <see cref="NeptuneServer.Create"/>, served in process by a test server.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<ServiceHost> StartAsync(ServiceConfig? config = null)
    {
        ServiceSettings settings = (config ?? new ServiceConfig()).Resolve();
        WebApplication app = NeptuneServer.Create(settings, builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        return new ServiceHost(app, app.GetTestClient());
    }

    public async Task<(int Status, JsonElement Body, string? MediaType)> PostJsonAsync(string path, string json, string mediaType = "application/json")
    {
        using var content = new StringContent(json, Encoding.UTF8, mediaType);
        using HttpResponseMessage response = await Client.PostAsync(path, content);
        return await ReadAsync(response);
    }

    public async Task<(int Status, JsonElement Body, string? MediaType)> PostAsync(string path, object body)
    {
        using HttpResponseMessage response = await Client.PostAsJsonAsync(path, body);
        return await ReadAsync(response);
    }

    public static async Task<(int Status, JsonElement Body, string? MediaType)> ReadAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        JsonElement body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
