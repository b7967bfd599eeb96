using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Localization;

namespace Portal.Features.Api;

/// <summary>
/// A request body read by the endpoint, not bound, so that malformed JSON, an unknown field or a body over its limit
/// is a problem the client can read (<see cref="ApiProblems.BadRequest"/>, <see cref="ApiProblems.TooLarge"/>), and
/// nothing is written.
/// </summary>
public static class ApiBody
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The body, or the problem that answers it instead (a missing body is one).</summary>
    public static async Task<(T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpContext http, IStringLocalizer<SharedResource> localizer, long maxBytes)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Request.ContentLength > maxBytes)
        {
            return (null, ApiProblems.Of(localizer, StatusCodes.Status413PayloadTooLarge, ApiProblems.TooLarge));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, http.RequestAborted);
            return body is null ? (null, ApiProblems.Of(localizer, StatusCodes.Status400BadRequest, ApiProblems.BadRequest)) : (body, null);
        }
        catch (JsonException error)
        {
            return (null, ApiProblems.Of(localizer, StatusCodes.Status400BadRequest, ApiProblems.BadRequest, error.Message));
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblems.Of(localizer, StatusCodes.Status413PayloadTooLarge, ApiProblems.TooLarge));
        }
    }
}
