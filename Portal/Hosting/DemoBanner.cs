using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Portal.Data;

namespace Portal.Hosting;

/// <summary>
/// Prints who to sign in as (the demo users) as plain text, once the app has started and its start-up log has gone
/// quiet: after the log's lines, not between them. The console log writes its lines on a thread of its own, so text
/// written at "application started" could land before the lines logged just ahead of it.
/// </summary>
public sealed class DemoBanner(IHostApplicationLifetime lifetime, IServer server, LogActivity log) : BackgroundService
{
    /// <summary>The log has said all it had to say at start-up when it has been silent this long.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    /// <summary>A log that never goes quiet (a failure repeated every second) does not keep the banner back longer.</summary>
    public static readonly TimeSpan AtMost = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await log.QuietAsync(Quiet, AtMost, stoppingToken);
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (addresses.Count == 0)
        {
            // An in-memory server (the tests' hosts): there is no address to sign in at.
            return;
        }

        await Console.Out.WriteAsync(DemoUsers.Banner(addresses));
        await Console.Out.FlushAsync(stoppingToken);
    }
}

/// <summary>
/// A log provider that writes nothing: it notes when the log last took a line. The configured levels filter what it
/// sees as they filter the console's lines, so "quiet" here means no line on the console.
/// </summary>
public sealed class LogActivity(TimeProvider clock) : ILoggerProvider
{
    private long _last = clock.GetTimestamp();

    /// <summary>Returns once nothing has been logged for <paramref name="quiet"/>, or after <paramref name="atMost"/> whatever the log does.</summary>
    public async Task QuietAsync(TimeSpan quiet, TimeSpan atMost, CancellationToken cancellationToken)
    {
        var start = clock.GetTimestamp();
        while (true)
        {
            var wait = TimeSpan.FromTicks(Math.Min(
                (quiet - clock.GetElapsedTime(Volatile.Read(ref _last))).Ticks,
                (atMost - clock.GetElapsedTime(start)).Ticks));
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Listener(this);

    public void Dispose()
    {
    }

    private void Touch() => Volatile.Write(ref _last, clock.GetTimestamp());

    private sealed class Listener(LogActivity activity) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            activity.Touch();
    }
}
