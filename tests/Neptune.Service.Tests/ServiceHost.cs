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

    public static Task<ServiceHost> StartAsync(ServiceConfig? config = null) =>
        StartAsync((config ?? new ServiceConfig()).Resolve());

    public static async Task<ServiceHost> StartAsync(ServiceSettings settings)
    {
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

    public async Task<(int Status, JsonElement Body, string? MediaType)> SendAsync(HttpContent content, string path, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        using HttpResponseMessage response = await Client.SendAsync(request);
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
