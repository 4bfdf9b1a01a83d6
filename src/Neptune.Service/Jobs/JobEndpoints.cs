using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Neptune.Evaluation;

namespace Neptune.Service.Jobs;

/// <summary>
/// <c>/v1/jobs</c>: start an evaluation run (<c>POST</c>, the body an evaluation config), list and read jobs, cancel
/// one (<c>DELETE /v1/jobs/{id}</c>), and follow one as server-sent events (<c>GET /v1/jobs/{id}/events</c>).
/// </summary>
internal static class JobEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/jobs", SubmitAsync)
            .WithSummary("Start an evaluation run: the body is an evaluation config (as `neptune eval --config` reads it, without `out`). 202 with the job.")
            .Accepts<JsonElement>("application/json")
            .Produces<JobJson>(StatusCodes.Status202Accepted);
        app.MapGet("/v1/jobs", List)
            .WithSummary("Every job, oldest first.")
            .Produces<JobListJson>();
        app.MapGet("/v1/jobs/{id}", Get)
            .WithSummary("A job: its state, progress, error and (once finished) its summary.json.")
            .Produces<JobJson>();
        app.MapDelete("/v1/jobs/{id}", CancelAsync)
            .WithSummary("Cancel a queued or running job (its rows so far stay in its directory); 409 when it has finished.")
            .Produces<JobJson>();
        app.MapGet("/v1/jobs/{id}/events", Events)
            .WithSummary("The job's progress as server-sent events: `progress` events while it is queued or running, then one `done` event with the finished job.")
            .Produces<JobJson>(contentType: "text/event-stream")
            .WithMetadata(new LongLivedRequest());
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, JobManager jobs, ServiceSettings settings)
    {
        RequireJobs(jobs);
        if (!context.Request.HasJsonContentType())
        {
            throw new ServiceProblemException(StatusCodes.Status415UnsupportedMediaType, ServiceProblems.UnsupportedMediaType, $"expected a JSON body (Content-Type: application/json), got {(string.IsNullOrEmpty(context.Request.ContentType) ? "none" : $"'{context.Request.ContentType}'")}");
        }

        string text;
        using (MemoryStream body = await ServiceEndpoints.ReadBodyAsync(context, settings).ConfigureAwait(false))
        {
            try
            {
                text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body.GetBuffer(), 0, (int)body.Length);
            }
            catch (DecoderFallbackException)
            {
                throw ServiceProblemException.BadInput("the request body is not valid UTF-8");
            }
        }

        (Job job, JobRow accepted) = jobs.Submit(text, Directory.GetCurrentDirectory(), AccessControl.OwnerOf(context));
        context.Response.Headers.Location = "/v1/jobs/" + job.Id;
        return Results.Json(JobJson.From(job, jobs, withSummary: false, accepted), statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult List(JobManager jobs, HttpContext context)
    {
        RequireJobs(jobs);
        return Results.Json(new JobListJson([.. jobs.List(AccessControl.OwnerOf(context)).Select(j => JobJson.From(j, jobs, withSummary: false))]));
    }

    private static IResult Get(string id, JobManager jobs, HttpContext context) => Results.Json(JobJson.From(Find(id, jobs, context), jobs, withSummary: true));

    private static async Task<IResult> CancelAsync(string id, JobManager jobs, HttpContext context)
    {
        Job job = Find(id, jobs, context);
        if (!jobs.Cancel(job))
        {
            throw new ServiceProblemException(StatusCodes.Status409Conflict, ServiceProblems.Conflict, $"job {id} has already {job.Row.State}; only a queued or running job can be cancelled");
        }

        // A running job stops at the runner's next item; wait a little so the answer usually shows it cancelled.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        wait.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            while (true)
            {
                (JobRow row, _, Task changed) = job.Snapshot();
                if (JobStates.IsFinal(row.State))
                {
                    break;
                }

                await changed.WaitAsync(wait.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (wait.IsCancellationRequested)
        {
            // Still stopping: the answer says "running"; the job's events end with it cancelled.
        }

        return Results.Json(JobJson.From(job, jobs, withSummary: true));
    }

    private static IResult Events(string id, JobManager jobs, HttpContext context, IHostApplicationLifetime lifetime, IOptions<JsonOptions> json)
    {
        Job job = Find(id, jobs, context);
        return TypedResults.ServerSentEvents(StreamAsync(job, jobs, json.Value.SerializerOptions, context.RequestAborted, lifetime.ApplicationStopping));
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(Job job, JobManager jobs, JsonSerializerOptions options, CancellationToken aborted, CancellationToken stopping, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping, cancellationToken);
        long sent = -1;
        while (true)
        {
            (JobRow row, long version, Task changed) = job.Snapshot();
            bool final = JobStates.IsFinal(row.State);
            if (version != sent)
            {
                sent = version;
                string data = JsonSerializer.Serialize(JobJson.From(job, jobs, withSummary: final), options);
                yield return new SseItem<string>(data, final ? "done" : "progress") { EventId = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }

            if (final)
            {
                yield break;
            }

            try
            {
                // At most ten events a second: the runner reports five times a second, with every change folded in.
                await changed.WaitAsync(stop.Token).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(100), stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                yield break;
            }
        }
    }

    /// <summary>The caller's job; another key's job is 404 like a missing one, so ids of other callers do not leak.</summary>
    private static Job Find(string id, JobManager jobs, HttpContext context)
    {
        RequireJobs(jobs);
        return jobs.TryGet(id, AccessControl.OwnerOf(context), out Job job) ? job : throw ServiceProblemException.NotFound($"no job with id '{id}'");
    }

    private static void RequireJobs(JobManager jobs)
    {
        if (!jobs.Enabled)
        {
            throw ServiceProblemException.NotFound("this server runs no evaluation jobs: start it with a jobs directory (`jobs` in its config, or --jobs DIR)");
        }
    }
}

/// <summary>Marks an endpoint whose requests stay open (an event stream): it takes no slot of <c>max_concurrent_requests</c>.</summary>
internal sealed class LongLivedRequest;

/// <summary>The answer of <c>GET /v1/jobs</c>.</summary>
internal sealed record JobListJson(IReadOnlyList<JobJson> Jobs);

/// <summary>A job as the service answers it.</summary>
/// <param name="Id">The job's id (a UUID v7 without dashes: ids sort by creation time).</param>
/// <param name="State"><c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="CreatedAt">When the job was accepted.</param>
/// <param name="StartedAt">When the runner first started on it.</param>
/// <param name="FinishedAt">When it reached a final state.</param>
/// <param name="Sessions">How many times the runner started on it (2 or more: it resumed after a restart).</param>
/// <param name="CancelRequested">Whether a caller cancelled it (a running job stops at its next item).</param>
/// <param name="Progress">The rows so far.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Out">Its output directory on the server (results.jsonl, summary.json, run.json).</param>
/// <param name="Config">The evaluation config it was started with.</param>
/// <param name="Summary">Its summary.json once finished (for a cancelled job, the summary of the rows so far).</param>
internal sealed record JobJson(
    string Id,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Sessions,
    bool CancelRequested,
    JobProgressJson Progress,
    string? Error,
    string Out,
    JsonElement Config,
    JsonElement? Summary)
{
    public static JobJson From(Job job, JobManager jobs, bool withSummary, JobRow? row = null)
    {
        row ??= job.Row;
        string outDirectory = jobs.OutDirectory(row.Id);
        JsonElement? summary = null;
        if (withSummary && row.State is JobStates.Succeeded or JobStates.Cancelled)
        {
            summary = ReadSummary(Path.Combine(outDirectory, EvaluationFiles.Summary));
        }

        return new JobJson(
            row.Id,
            row.State,
            row.Created,
            row.Started,
            row.Finished,
            row.Sessions,
            job.CancelRequested,
            new JobProgressJson(row.Completed, row.Total, job.TotalIsEstimate, job.Resumed, row.Correct, row.Failures, row.Completed == 0 ? 0 : (double)row.Correct / row.Completed),
            row.Error,
            outDirectory,
            ParseConfig(row.Config),
            summary);
    }

    private static JsonElement ParseConfig(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static JsonElement? ReadSummary(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>A job's rows so far.</summary>
/// <param name="Completed">Items with a result row (including those of earlier sessions).</param>
/// <param name="Total">Items selected; an estimate while <paramref name="TotalIsEstimate"/>; null before the runner knows.</param>
/// <param name="TotalIsEstimate">Whether the question file is not read to the end yet.</param>
/// <param name="Resumed">Rows of <paramref name="Completed"/> made before the last restart (this server process).</param>
/// <param name="Correct">Correct answers among them.</param>
/// <param name="Failures">Failed programs among them.</param>
/// <param name="Accuracy">Correct / completed.</param>
internal sealed record JobProgressJson(long Completed, long? Total, bool TotalIsEstimate, long Resumed, long Correct, long Failures, double Accuracy);
