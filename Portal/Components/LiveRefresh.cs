namespace Portal.Components;

/// <summary>
/// Keeps a page live: every <c>interval</c>, while its component lives, reads what it shows again when
/// <c>wanted</c> says so (a run still going, the newest runs on screen). The refresh runs on the component's
/// dispatcher (pass its <c>InvokeAsync</c>); disposing the component ends the loop. <see cref="Token"/> cancels the
/// component's own database calls when it goes.
/// </summary>
public sealed class LiveRefresh : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private bool _started;

    public CancellationToken Token => _stop.Token;

    /// <summary>Starts the loop once (later calls do nothing); call it from the first interactive render.</summary>
    public void Start(TimeSpan interval, Func<bool> wanted, Func<Func<Task>, Task> invoke, Func<Task> refresh)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(invoke);
        ArgumentNullException.ThrowIfNull(refresh);
        if (_started)
        {
            return;
        }

        _started = true;
        _ = LoopAsync(interval, wanted, invoke, refresh);
    }

    private async Task LoopAsync(TimeSpan interval, Func<bool> wanted, Func<Func<Task>, Task> invoke, Func<Task> refresh)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (wanted())
                {
                    await invoke(refresh);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left.
        }
        catch (ObjectDisposedException)
        {
            // The application is shutting down under an open page (the dispatcher is gone).
        }
    }

    /// <summary>Ends the loop and cancels the component's calls. The source is not disposed: <see cref="Token"/> stays readable
    /// for a handler that finishes after the component went (it has no timer or registration to release).</summary>
    public void Dispose() => _stop.Cancel();
}
