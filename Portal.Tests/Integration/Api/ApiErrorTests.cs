using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Portal.Domain.Rights;
using Portal.Features.Api;

namespace Portal.Tests.Integration.Api;

/// <summary>Every error under /api answers a problem with a code, whichever part of the host refused the request.</summary>
public class ApiErrorTests(ApiApp app) : IClassFixture<ApiApp>
{
    [Theory]
    [InlineData("GET", "/api/v1/runs?source=Nowhere", 400, ApiProblems.BadRequest)]
    [InlineData("GET", "/api/v1/runs?from=yesterday", 400, ApiProblems.BadRequest)]
    [InlineData("GET", "/api/v1/runs/1/items.csv?status=Lost", 400, ApiProblems.BadRequest)]
    [InlineData("GET", "/api/v1/runs/9223372036854775807/items.csv", 404, ApiProblems.NotFound)]
    [InlineData("GET", "/api/v1/no-such-thing", 404, ApiProblems.NotFound)]
    [InlineData("GET", "/api/v2/runs", 404, ApiProblems.NotFound)]
    [InlineData("DELETE", "/api/v1/me", 404, ApiProblems.NotFound)]
    public async Task ARequestNoEndpointAnswers_GetsAProblem_NotAPage(string method, string path, int status, string code)
    {
        using var client = app.Client(await app.TokenAsync(await app.Kit.ManagerAsync(RightScope.Own)));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var answer = await client.SendAsync(request);

        Assert.Equal(((HttpStatusCode)status, "application/problem+json"), (answer.StatusCode, answer.Content.Headers.ContentType?.MediaType));
        var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((status, code), (problem.GetProperty("status").GetInt32(), problem.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task AProblemsTitle_FollowsAcceptLanguage()
    {
        using var client = app.Client(await app.TokenAsync(await app.Kit.ManagerAsync(RightScope.Own)));

        var english = await TitleAsync(client, "en");
        var russian = await TitleAsync(client, "ru");

        Assert.Equal("Not found, or not visible to the token's user.", english);
        Assert.Equal("Не найдено или не видно пользователю токена.", russian);
    }

    [Fact]
    public async Task AnEndpointThatThrows_AnswersAnInternalProblem_AndTheErrorIsLogged()
    {
        var logger = new FakeLogger<ApiErrors>();
        var errors = new ApiErrors(_ => throw new InvalidOperationException("Broken on purpose"), logger);
        var http = new DefaultHttpContext { RequestServices = app.Services };
        http.Request.Path = "/api/v1/me";
        http.Response.Body = new MemoryStream();

        await errors.InvokeAsync(http);

        http.Response.Body.Position = 0;
        var problem = (await JsonDocument.ParseAsync(http.Response.Body)).RootElement;
        Assert.Equal((500, ApiErrors.Internal), (http.Response.StatusCode, problem.GetProperty("code").GetString()));
        Assert.Equal((LogLevel.Error, "Broken on purpose"), (logger.LatestRecord.Level, logger.LatestRecord.Exception?.Message));
    }

    private static async Task<string?> TitleAsync(HttpClient client, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing");
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var answer = await client.SendAsync(request);
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString();
    }
}

