using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Neptune.Service;

/// <summary>
/// Who may call <c>/v1</c> and how much: API keys (bearer tokens, compared by their SHA-256 hashes in constant time;
/// a key is never logged or echoed), a per-caller rate limit (429 with Retry-After) and a concurrency limit with a
/// bounded queue (503 with Retry-After when the queue is full), so the work behind the service is never overloaded.
/// Health, readiness, metrics and the OpenAPI document stay open.
/// </summary>
internal static class AccessControl
{
    /// <summary>The <see cref="HttpContext.Items"/> key of the caller's partition: <c>key N</c>, or the client address.</summary>
    public const string CallerItem = "neptune.caller";

    /// <summary>
    /// The <see cref="HttpContext.Items"/> key of the caller's owner id when API keys are configured: the lowercase hex
    /// SHA-256 of its key (the hash the server already holds; never the key). Absent without keys.
    /// </summary>
    public const string OwnerItem = "neptune.owner";

    /// <summary>The caller's owner id (<see cref="OwnerItem"/>); null when the server has no API keys.</summary>
    public static string? OwnerOf(HttpContext context) =>
        context.Items.TryGetValue(OwnerItem, out object? owner) && owner is string s ? s : null;

    /// <summary>True for the paths API keys and limits apply to.</summary>
    public static bool IsGuarded(HttpContext context) => context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal);

    /// <summary>Registers the rate limiter: the per-caller window, then the shared concurrency limit with its queue.</summary>
    public static void AddLimits(IServiceCollection services, ServiceSettings settings)
    {
        services.AddRateLimiter(o =>
        {
            PartitionedRateLimiter<HttpContext> perCaller = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                settings.RateLimitPerMinute > 0 && IsGuarded(context)
                    ? RateLimitPartition.GetFixedWindowLimiter(CallerOf(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = settings.RateLimitPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            // An event stream stays open for a whole job: it is rate limited, but takes no request slot.
            PartitionedRateLimiter<HttpContext> concurrency = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsGuarded(context) && context.GetEndpoint()?.Metadata.GetMetadata<Jobs.LongLivedRequest>() is null
                    ? RateLimitPartition.GetConcurrencyLimiter("v1", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = settings.MaxConcurrentRequests,
                        QueueLimit = settings.MaxQueuedRequests,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(perCaller, concurrency);
            o.OnRejected = RejectAsync;
        });
    }

    /// <summary>Checks the API key of every <c>/v1</c> request (when keys are configured) and records the caller.</summary>
    public static void UseApiKeys(WebApplication app, ServiceSettings settings)
    {
        app.Use(async (context, next) =>
        {
            if (!IsGuarded(context) || settings.ApiKeyHashes.Count == 0)
            {
                context.Items[CallerItem] = context.Connection.RemoteIpAddress?.ToString() ?? "local";
                await next(context).ConfigureAwait(false);
                return;
            }

            string? header = context.Request.Headers.Authorization;
            string? refusal = null;
            int caller = -1;
            if (string.IsNullOrEmpty(header))
            {
                refusal = "an API key is required: send `Authorization: Bearer KEY`";
            }
            else if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                refusal = "the Authorization header is not a bearer token: send `Authorization: Bearer KEY`";
            }
            else
            {
                caller = Match(header.AsSpan(7).Trim(), settings.ApiKeyHashes);
                if (caller < 0)
                {
                    refusal = "the API key is not valid";
                }
            }

            if (refusal is not null)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await WriteProblemAsync(context, StatusCodes.Status401Unauthorized, ServiceProblems.Unauthorized, refusal).ConfigureAwait(false);
                return;
            }

            context.Items[CallerItem] = string.Create(CultureInfo.InvariantCulture, $"key {caller + 1}");
            context.Items[OwnerItem] = Convert.ToHexStringLower(settings.ApiKeyHashes[caller]);
            await next(context).ConfigureAwait(false);
        });
    }

    /// <summary>The index of the key whose hash matches, or -1; every hash is compared, in constant time.</summary>
    internal static int Match(ReadOnlySpan<char> token, IReadOnlyList<byte[]> hashes)
    {
        int max = Encoding.UTF8.GetMaxByteCount(token.Length);
        byte[] bytes = new byte[max];
        int count = Encoding.UTF8.GetBytes(token, bytes);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes.AsSpan(0, count), hash);
        CryptographicOperations.ZeroMemory(bytes);
        int found = -1;
        for (int i = 0; i < hashes.Count; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, hashes[i]) && found < 0)
            {
                found = i;
            }
        }

        return found;
    }

    private static string CallerOf(HttpContext context) =>
        context.Items.TryGetValue(CallerItem, out object? caller) && caller is string s ? s : "local";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        HttpContext context = rejected.HttpContext;
        // The rate window knows when it reopens; a full queue says nothing, so a second is suggested.
        bool rate = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter);
        int seconds = rate ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        int status = rate ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
        context.Response.StatusCode = status;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        string detail = rate
            ? string.Create(CultureInfo.InvariantCulture, $"more than {context.RequestServices.GetRequiredService<ServiceSettings>().RateLimitPerMinute} requests this minute from this caller (rate_limit_per_minute); retry in {seconds} s")
            : "the server is busy: every request slot is taken and the queue is full (max_concurrent_requests, max_queued_requests); retry later";
        await WriteProblemAsync(context, status, rate ? ServiceProblems.RateLimited : ServiceProblems.Overloaded, detail).ConfigureAwait(false);
    }

    private static async ValueTask WriteProblemAsync(HttpContext context, int status, string kind, string detail)
    {
        IProblemDetailsService problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Type = ServiceProblems.TypePrefix + kind, Detail = detail },
        }).ConfigureAwait(false);
    }
}
