using Microsoft.AspNetCore.Diagnostics;

namespace Portal.Features.Api;

/// <summary>
/// Makes every error answer under <c>/api</c> a problem with a code, whoever produced it: an endpoint's empty status
/// (a query value that does not bind, an unknown route), Kestrel's refusals (a body over its limit) and unhandled
/// exceptions. Without it those would reach the pages' status and error pages and answer a client with HTML.
/// </summary>
public sealed partial class ApiErrors(RequestDelegate next, ILogger<ApiErrors> logger)
{
    public const string Internal = "api.internal";

    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!IsApi(http.Request.Path))
        {
            await next(http);
            return;
        }

        if (http.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        int? failed = null;
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException refused) when (!http.Response.HasStarted)
        {
            failed = refused.StatusCode;
        }
        catch (Exception error) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            LogFailed(logger, error, http.Request.Method, http.Request.Path);
            failed = StatusCodes.Status500InternalServerError;
        }

        if (failed is { } status)
        {
            http.Response.Clear();
            await ApiProblems.WriteAsync(http, status, CodeOf(status));
        }
        else if (!http.Response.HasStarted && http.Response.StatusCode >= StatusCodes.Status400BadRequest
            && http.Response.ContentLength is null or 0 && string.IsNullOrEmpty(http.Response.ContentType))
        {
            await ApiProblems.WriteAsync(http, http.Response.StatusCode, CodeOf(http.Response.StatusCode));
        }
    }

    /// <summary>The API's paths: everything under <c>/api</c> but its HTML reference.</summary>
    private static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments(ApiSetup.ReferencePath, StringComparison.OrdinalIgnoreCase);

    private static string CodeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ApiProblems.TokenMissing,
        StatusCodes.Status403Forbidden => ApiProblems.Forbidden,
        StatusCodes.Status404NotFound => ApiProblems.NotFound,
        StatusCodes.Status413PayloadTooLarge => ApiProblems.TooLarge,
        StatusCodes.Status429TooManyRequests => ApiProblems.RateLimited,
        >= StatusCodes.Status500InternalServerError => Internal,
        _ => ApiProblems.BadRequest,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "API request {Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception error, string method, PathString path);
}
