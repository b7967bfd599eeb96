using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;
using Radzen;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// Renders components to HTML with the framework's <see cref="HtmlRenderer"/> (bUnit is not usable
/// here). The services are registered once; interaction is tested in the browser instead.
/// </summary>
public sealed class ComponentRenderer : IAsyncLifetime, IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly HtmlRenderer _renderer;

    public ComponentRenderer()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddRadzenComponents();
        services.AddSingleton<NavigationManager, StaticNavigationManager>();
        services.AddSingleton<IJSRuntime, UnavailableJsRuntime>();
        _services = services.BuildServiceProvider();
        _renderer = new HtmlRenderer(_services, NullLoggerFactory.Instance);
    }

    public IServiceProvider Services => _services;

    public async Task<string> RenderAsync<TComponent>(
        IDictionary<string, object?>? parameters = null,
        string culture = "en")
        where TComponent : IComponent
    {
        return await _renderer.Dispatcher.InvokeAsync(async () =>
        {
            // The dispatcher does not flow the caller's culture: set it where the rendering happens.
            var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try
            {
                var view = parameters is null ? ParameterView.Empty : ParameterView.FromDictionary(parameters);
                var output = await _renderer.RenderComponentAsync<TComponent>(view);
                // Character references decoded (the renderer writes "Задание" as &#x417;…), for assertions on text.
                return WebUtility.HtmlDecode(output.ToHtmlString());
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
            }
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await _renderer.DisposeAsync();
        await _services.DisposeAsync();
    }

    private sealed class StaticNavigationManager : NavigationManager
    {
        public StaticNavigationManager() => Initialize("http://127.0.0.1/", "http://127.0.0.1/");
    }

    /// <summary>Static rendering runs no JavaScript; a component that calls it fails the test loudly.</summary>
    private sealed class UnavailableJsRuntime : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            throw new InvalidOperationException($"JavaScript '{identifier}' was called during static rendering.");

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            throw new InvalidOperationException($"JavaScript '{identifier}' was called during static rendering.");
    }
}

/// <summary>The base of component tests: one renderer (and its services) per test class.</summary>
public abstract class ComponentTestBase(ComponentRenderer renderer) : IClassFixture<ComponentRenderer>
{
    protected ComponentRenderer Renderer { get; } = renderer;
}
