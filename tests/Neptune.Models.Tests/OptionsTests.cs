using System.Net;
using System.Text;
using System.Text.Json;
using Neptune.Models.Pipeline;

namespace Neptune.Models.Tests;

public sealed class OptionsTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Parse_FullBackend_ReadsEveryField()
    {
        ModelEndpointOptions o = ModelEndpointOptionsJson.Parse(Json("""
            {"endpoint": "http://localhost:8000/v1", "model": "Qwen/Qwen3-8B", "apiKeyVariable": "VLLM_KEY",
             "temperature": 0, "seed": 1, "maxTokens": 512, "sendLegacyMaxTokens": false,
             "extraBody": {"chat_template_kwargs": {"enable_thinking": false}}, "timeoutSeconds": 30,
             "maxRetries": 5, "retryBaseDelaySeconds": 0.5, "maxRetryDelaySeconds": 20, "maxConcurrentRequests": 8}
            """), "c.json: backend");

        Assert.Equal(new Uri("http://localhost:8000/v1"), o.Endpoint);
        Assert.Equal("Qwen/Qwen3-8B", o.Model);
        Assert.Equal("VLLM_KEY", o.ApiKeyVariable);
        Assert.Equal(0f, o.Temperature);
        Assert.Equal(1, o.Seed);
        Assert.Equal(512, o.MaxTokens);
        Assert.False(o.SendLegacyMaxTokens);
        Assert.True(o.ExtraBody.ContainsKey("chat_template_kwargs"));
        Assert.Equal(TimeSpan.FromSeconds(30), o.Timeout);
        Assert.Equal(5, o.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(0.5), o.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), o.MaxRetryDelay);
        Assert.Equal(8, o.MaxConcurrentRequests);
    }

    [Theory]
    [InlineData("""{"model": "m"}""", "`endpoint` in backend: required")]
    [InlineData("""{"endpoint": "http://x/v1", "model": "m", "apiKey": "sk-1"}""", "api_key_variable")]
    [InlineData("""{"endpoint": "http://x/v1", "model": "m", "temprature": 1}""", "`temprature` in backend: unknown field (did you mean 'temperature'?)")]
    [InlineData("""{"endpoint": "http://x/v1", "model": "m", "temperature": 3}""", "`temperature` in backend: expected a number in [0, 2], found 3")]
    [InlineData("""{"endpoint": "ftp://x/v1", "model": "m"}""", "`endpoint` in backend: 'ftp://x/v1' is not an absolute http(s) URL")]
    [InlineData("""{"endpoint": "http://x/v1", "model": "m", "maxConcurrentRequests": 0}""", "`max_concurrent_requests` in backend: expected a whole number from 1 to 1024, found 0")]
    [InlineData("""{"endpoint": "http://x/v1", "model": "m", "extraBody": {"messages": []}}""", "`extra_body` in backend: 'messages' is set by the client")]
    public void Parse_InvalidBackend_ThrowsNamingTheField(string json, string expected)
    {
        var e = Assert.Throws<ModelConfigurationException>(() => ModelEndpointOptionsJson.Parse(Json(json), "backend"));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RewriteBody_MaxCompletionTokens_CopiesToMaxTokensAndMergesExtra()
    {
        var extra = new Dictionary<string, JsonElement> { ["chat_template_kwargs"] = Json("""{"enable_thinking":false}"""), ["temperature"] = Json("0.5") };

        byte[]? body = RequestBodyPolicy.RewriteBody("""{"model":"m","max_completion_tokens":64,"temperature":1}"""u8, true, extra);

        Assert.Equal("""{"model":"m","max_completion_tokens":64,"temperature":0.5,"max_tokens":64,"chat_template_kwargs":{"enable_thinking":false}}""", Encoding.UTF8.GetString(body!));
    }

    [Fact]
    public void RewriteBody_NotJson_LeavesTheBodyAlone()
    {
        Assert.Null(RequestBodyPolicy.RewriteBody("not json"u8, true, new Dictionary<string, JsonElement>()));
    }

    [Theory]
    [InlineData("3", 3000)]
    [InlineData("0.5", 500)]
    [InlineData(" 12 ", 12000)]
    public void RetryAfterParse_Seconds_ReturnsTheDelay(string value, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RetryAfterHeader.Parse(value, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void RetryAfterParse_HttpDate_ReturnsTheTimeUntilThen()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfterHeader.Parse("Wed, 01 Jan 2025 12:01:30 GMT", now));
        Assert.Equal(TimeSpan.Zero, RetryAfterHeader.Parse("Wed, 01 Jan 2025 11:00:00 GMT", now));
        Assert.Null(RetryAfterHeader.Parse("soon", now));
        Assert.Null(RetryAfterHeader.Parse("-1", now));
    }

    [Fact]
    public void IsTransient_StatusCodes_RetriesOnlyServerSideFailures()
    {
        Assert.True(new ModelRequestException(ModelFailureKind.Http, "x", HttpStatusCode.BadGateway).IsTransient);
        Assert.True(new ModelRequestException(ModelFailureKind.Http, "x", HttpStatusCode.RequestTimeout).IsTransient);
        Assert.False(new ModelRequestException(ModelFailureKind.Http, "x", HttpStatusCode.Unauthorized).IsTransient);
        Assert.True(new ModelRequestException(ModelFailureKind.RateLimited, "x", HttpStatusCode.TooManyRequests).IsTransient);
    }
}
