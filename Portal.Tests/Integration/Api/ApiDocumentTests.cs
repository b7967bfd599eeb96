using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Integration.Api;

/// <summary>The OpenAPI document names every API endpoint, the bearer scheme and the problems; the reference reads it.</summary>
public class ApiDocumentTests(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task TheDocument_DescribesEveryApiEndpoint_TheBearerScheme_AndTheProblems()
    {
        using var client = app.Client();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var described = root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => $"{method.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();

        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normalised(e.RoutePattern.RawText!)}"))
            .ToList();
        Assert.NotEmpty(mapped);
        Assert.All(mapped, endpoint => Assert.Contains(endpoint, described));
        Assert.All(described, endpoint => Assert.StartsWith("/api/v1/", endpoint.Split(' ')[1], StringComparison.Ordinal));
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        var me = root.GetProperty("paths").GetProperty("/api/v1/me").GetProperty("get").GetProperty("responses");
        Assert.True(me.TryGetProperty("401", out _));
        Assert.True(me.TryGetProperty("429", out _));

        using var typed = await client.GetAsync("/api/docs");
        using var reference = await client.GetAsync(new Uri(new Uri(app.BaseAddress, "/api/docs"), typed.Headers.Location ?? new Uri("", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        var html = await reference.Content.ReadAsStringAsync();
        Assert.Contains("Portal API", html, StringComparison.Ordinal);
    }

    /// <summary>A route pattern as OpenAPI writes its path: no constraints, no trailing slash.</summary>
    private static string Normalised(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{([^}:]+)(:[^}]+)?\}", "{$1}").TrimEnd('/') is { Length: > 0 } path ? path : "/";
}
