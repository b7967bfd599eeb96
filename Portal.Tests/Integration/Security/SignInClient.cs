using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Tests.Integration.Security;

/// <summary>
/// The sign-in form as a browser posts it, through a reverse proxy that forwards <paramref name="clientAddress"/>
/// (and https, when asked). It keeps the cookies itself: one marked <c>Secure</c> must still go back over the test's
/// plain http, as it would from the browser to the proxy.
/// </summary>
public sealed partial class SignInClient(Uri server, string clientAddress, bool https = false) : IDisposable
{
    private readonly HttpClient _http = Create(server, clientAddress, https);

    /// <summary>Opens the form, then posts it; the answer to the post.</summary>
    public async Task<SignInAnswer> SignInAsync(string email, string password)
    {
        using var form = await _http.GetAsync(new Uri("/account/login", UriKind.Relative));
        var html = await form.Content.ReadAsStringAsync();
        var token = TokenField().Match(html).Groups[1].Value;
        var formCookies = SetCookies(form);
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("/account/login", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", formCookies.Select(c => c.Split(';')[0])));
        using var answer = await _http.SendAsync(post);
        return new SignInAnswer(answer.StatusCode, await answer.Content.ReadAsStringAsync(), formCookies, SetCookies(answer));
    }

    /// <summary>A GET through the proxy, for the answer's headers.</summary>
    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(new Uri(path, UriKind.Relative));

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    public void Dispose() => _http.Dispose();

    public static List<string> SetCookies(HttpResponseMessage answer) =>
        answer.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.ToList() : [];

    private static HttpClient Create(Uri server, string clientAddress, bool https)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        if (https)
        {
            http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        }

        return http;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}

/// <summary>What a sign-in post answered, and the cookies of the form before it.</summary>
public sealed record SignInAnswer(HttpStatusCode Status, string Html, List<string> FormCookies, List<string> Cookies)
{
    /// <summary>Sent on with the authentication cookie.</summary>
    public bool SignedIn => Status == HttpStatusCode.Redirect && AuthCookie is not null;

    public string? AuthCookie => Cookies.FirstOrDefault(c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
}
