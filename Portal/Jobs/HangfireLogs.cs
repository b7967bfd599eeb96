using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Portal.Jobs;

/// <summary>
/// Hangfire's log output through the app's logging. Hangfire keeps one log provider for the whole process: in a test
/// host that runs several apps, the app that set it may be gone while another's servers still log, so a logger asked
/// of a disposed factory is a silent one rather than an exception inside a Hangfire worker.
/// </summary>
internal sealed class HangfireLogs(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
