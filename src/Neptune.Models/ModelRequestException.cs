using System.Net;

namespace Neptune.Models;

/// <summary>Why a request to a model server failed.</summary>
public enum ModelFailureKind
{
    /// <summary>The server answered with an HTTP error status.</summary>
    Http,

    /// <summary>The server answered 429 Too Many Requests.</summary>
    RateLimited,

    /// <summary>No answer within the configured timeout.</summary>
    Timeout,

    /// <summary>The connection failed before an answer arrived (refused, reset, DNS).</summary>
    Transport,

    /// <summary>The answer ended before its end: the server or a proxy closed the connection mid-body.</summary>
    ResponseTruncated,

    /// <summary>The answer was not a chat completion (bad JSON, wrong shape).</summary>
    MalformedResponse,

    /// <summary>The answer had no choices.</summary>
    EmptyResponse,
}

/// <summary>A request to a model server failed. Carries what a retry decision needs; never the API key.</summary>
public sealed class ModelRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The failure kind.</param>
    /// <param name="message">What happened.</param>
    /// <param name="statusCode">The HTTP status, when the server answered.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, when it sent one.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ModelRequestException(ModelFailureKind kind, string message, HttpStatusCode? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The failure kind.</summary>
    public ModelFailureKind Kind { get; }

    /// <summary>The HTTP status, when the server answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>How long the server asked the client to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// Whether trying again may succeed: rate limits, timeouts, connection failures, answers cut off, server errors
    /// (5xx, 408) and malformed or empty answers.
    /// </summary>
    public bool IsTransient => Kind switch
    {
        ModelFailureKind.Http => StatusCode is HttpStatusCode.RequestTimeout || (int?)StatusCode >= 500,
        _ => true,
    };
}

/// <summary>The snake_case names of failure kinds used in results, summaries and telemetry tags.</summary>
public static class ModelFailureKinds
{
    /// <summary>The name of a kind: <c>http</c>, <c>rate_limited</c>, <c>timeout</c>, <c>transport</c>, <c>response_truncated</c>, <c>malformed_response</c>, <c>empty_response</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its name.</returns>
    public static string Name(ModelFailureKind kind) => kind switch
    {
        ModelFailureKind.Http => "http",
        ModelFailureKind.RateLimited => "rate_limited",
        ModelFailureKind.Timeout => "timeout",
        ModelFailureKind.Transport => "transport",
        ModelFailureKind.ResponseTruncated => "response_truncated",
        ModelFailureKind.MalformedResponse => "malformed_response",
        ModelFailureKind.EmptyResponse => "empty_response",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
