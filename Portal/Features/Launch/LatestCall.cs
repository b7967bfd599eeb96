namespace Portal.Features.Launch;

/// <summary>
/// A call asked again and again as a person types (the launch dialog's pre-check and preview): starting one cancels
/// the one before, <see cref="CancelAsync"/> and <see cref="Dispose"/> cancel the one running, and a superseded
/// call's answer is dropped (null), so an older, slower answer never shows over a newer one and no work goes on for
/// a question nobody asks any more. Once disposed (the dialog closed), every call is dropped without running: an
/// event still on its way from the closed dialog asks nothing.
/// </summary>
public sealed class LatestCall<T> : IDisposable
    where T : class
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _current;
    private bool _disposed;

    /// <summary>Runs <paramref name="call"/> with a token cancelled when a newer call starts or this is disposed; null when superseded or disposed.</summary>
    public async Task<T?> RunAsync(Func<CancellationToken, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var mine = new CancellationTokenSource();
        CancellationTokenSource? previous;
        lock (_gate)
        {
            if (_disposed)
            {
                return null;
            }

            (previous, _current) = (_current, mine);
        }

        await CancelAsync(previous);
        try
        {
            var answer = await call(mine.Token);
            return mine.IsCancellationRequested ? null : answer;
        }
        catch (OperationCanceledException) when (mine.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_current, mine))
                {
                    _current = null;
                }
            }
        }
    }

    /// <summary>Cancels the call running, if any (a newer question is coming): its answer is dropped.</summary>
    public async Task CancelAsync()
    {
        CancellationTokenSource? running;
        lock (_gate)
        {
            (running, _current) = (_current, null);
        }

        await CancelAsync(running);
    }

    public void Dispose()
    {
        CancellationTokenSource? running;
        lock (_gate)
        {
            _disposed = true;
            (running, _current) = (_current, null);
        }

        try
        {
            running?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended meanwhile: nothing to cancel.
        }
    }

    private static async Task CancelAsync(CancellationTokenSource? source)
    {
        if (source is null)
        {
            return;
        }

        try
        {
            await source.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // It ended meanwhile: nothing to cancel.
        }
    }
}
