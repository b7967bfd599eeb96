using System.Diagnostics;

namespace Portal.Tests.Infrastructure;

/// <summary>The built Portal.dll run as its own process, the way scripts/run.sh runs it.</summary>
public static class PortalProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(environment, args);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// A worker process on the database (its jobs are the database's: Hangfire's storage is in it), its output read
    /// and dropped; the caller kills and disposes it.
    /// </summary>
    public static Process StartWorker(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["PORTAL_DB"] = connectionString,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Portal__Role"] = "Worker",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var worker = Start(environment);
        _ = worker.StandardOutput.ReadToEndAsync();
        _ = worker.StandardError.ReadToEndAsync();
        return worker;
    }

    /// <summary>
    /// Starts Portal.dll and leaves it running: the caller reads its output, kills it and disposes it. It has the test run's
    /// key-encryption certificate unless <paramref name="environment"/> sets another (or an empty one).
    /// </summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.dll"), .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                [TestKeyEncryption.EnvironmentVariable] = TestKeyEncryption.PfxBase64,
            },
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }
}
