using Microsoft.AspNetCore.Http;

namespace Neptune.Service;

/// <summary>
/// A request the service refuses, with the HTTP status and the problem type it answers with
/// (<c>urn:neptune:problem:KIND</c>, RFC 9457). Thrown by endpoints, turned into a problem response by the exception
/// handler.
/// </summary>
internal sealed class ServiceProblemException(int status, string kind, string message) : Exception(message)
{
    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status;

    /// <summary>The problem kind, the last part of the type URN.</summary>
    public string Kind { get; } = kind;

    public static ServiceProblemException BadInput(string message) => new(StatusCodes.Status400BadRequest, ServiceProblems.BadInput, message);

    public static ServiceProblemException NotFound(string message) => new(StatusCodes.Status404NotFound, ServiceProblems.NotFound, message);

    public static ServiceProblemException TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, ServiceProblems.TooLarge, message);
}

/// <summary>The problem types the service answers with: <c>urn:neptune:problem:</c> followed by one of these kinds.</summary>
public static class ServiceProblems
{
    /// <summary>The prefix of every problem type.</summary>
    public const string TypePrefix = "urn:neptune:problem:";

    /// <summary>400: the request is malformed (not JSON, a missing or unknown field, a bad value, a bad scene).</summary>
    public const string BadInput = "bad-input";

    /// <summary>401: <c>/v1</c> was called without a valid API key (<c>Authorization: Bearer KEY</c>).</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>429: the caller's key (or address) made more requests this minute than <c>rate_limit_per_minute</c>; see Retry-After.</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>503: every request slot is busy and the queue is full (<c>max_concurrent_requests</c>, <c>max_queued_requests</c>); see Retry-After.</summary>
    public const string Overloaded = "overloaded";

    /// <summary>404: no such route, or no scene with the requested <c>image_index</c>.</summary>
    public const string NotFound = "not-found";

    /// <summary>409: the request conflicts with the resource's state (cancelling a job that has finished).</summary>
    public const string Conflict = "conflict";

    /// <summary>405: the route exists but not for this method.</summary>
    public const string MethodNotAllowed = "method-not-allowed";

    /// <summary>413: the request body is larger than <c>max_request_bytes</c>, or an image has more than <c>max_image_pixels</c>.</summary>
    public const string TooLarge = "too-large";

    /// <summary>415: the body is not <c>application/json</c>.</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";

    /// <summary>500: a fault in the service itself; the detail names no internals, the server log has them.</summary>
    public const string Internal = "internal";

    /// <summary>The kind a status answers with when no endpoint chose one.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <returns>The kind.</returns>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status503ServiceUnavailable => Overloaded,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status413PayloadTooLarge => TooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        >= 500 => Internal,
        _ => BadInput,
    };
}
