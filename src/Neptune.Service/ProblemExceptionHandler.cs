using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Neptune.Service;

/// <summary>
/// Turns an exception that escaped an endpoint into a problem response: the service's own refusals keep their status,
/// Neptune's typed errors (configuration, scene data, …) are 400 with their message, an oversized body is 413, and
/// anything else is a 500 whose detail names no internals (the stack trace goes to the server log only).
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller went away: nobody reads an answer.
            return true;
        }

        (int status, string kind, string detail) = Classify(exception);
        if (status >= 500)
        {
            LogFault(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Type = ServiceProblems.TypePrefix + kind, Detail = detail },
        }).ConfigureAwait(false);
    }

    internal static (int Status, string Kind, string Detail) Classify(Exception exception) => exception switch
    {
        ServiceProblemException p => (p.Status, p.Kind, p.Message),
        BadHttpRequestException b => (b.StatusCode, ServiceProblems.ForStatus(b.StatusCode), b.Message),
        _ when exception.GetType().Assembly.GetName().Name?.StartsWith("Neptune.", StringComparison.Ordinal) == true
            => (StatusCodes.Status400BadRequest, ServiceProblems.BadInput, exception.Message),
        _ => (StatusCodes.Status500InternalServerError, ServiceProblems.Internal, "internal error; the server log has the details"),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFault(ILogger logger, string method, string path, Exception exception);
}
