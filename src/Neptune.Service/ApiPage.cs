using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Neptune.Service;

/// <summary>
/// The browsable API page at <c>/api</c>: Swagger UI (Swashbuckle.AspNetCore.SwaggerUI, its scripts and styles served
/// from the package, no CDN) over the OpenAPI document at <c>/openapi/v1.json</c>, whose <c>/v1</c> operations declare
/// the bearer API key so the page's "Authorize" button sends it.
/// </summary>
internal static class ApiPage
{
    /// <summary>The page's path.</summary>
    public const string Path = "/api";

    private const string Scheme = "bearer";

    /// <summary>Declares the bearer scheme on the document and requires it on every <c>/v1</c> operation.</summary>
    public static void AddSecurity(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = Scheme,
                Description = "An API key of the server (`NEPTUNE_API_KEYS` or `api_keys_file`), needed by /v1 when the server has keys.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) == true)
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>Serves the page.</summary>
    public static void Use(WebApplication app)
    {
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = Path.TrimStart('/');
            o.DocumentTitle = "Neptune API";
            o.SwaggerEndpoint("/openapi/v1.json", "Neptune v1");
        });
    }
}
