namespace Portal.Domain.Common;

/// <summary>
/// The error catalogue: codes are stable and stored in the run log; texts are localised by the host.
/// </summary>
public static class ErrorCodes
{
    public const string RightsInsufficient = "rights.insufficient";
    public const string ScenarioNotFoundOrDisabled = "scenario.not_found_or_disabled";
    public const string EntityNotFound = "entity.not_found";
    public const string EntityWrongType = "entity.wrong_type";
    public const string ParameterMissing = "parameter.missing";
    public const string ParameterInvalid = "parameter.invalid";
    public const string ParameterTooLong = "parameter.too_long";
    public const string PhoneMissing = "phone.missing";

    /// <summary>The record has numbers but none is a mobile one ("first mobile"); the detail lists them (<see cref="Messaging.NoMobileDetail"/>).</summary>
    public const string PhoneNoMobile = "phone.no_mobile";
    public const string PhoneInvalid = "phone.invalid";
    public const string LineUnavailable = "line.unavailable";
    public const string ProviderRejected = "provider.rejected";
    public const string ProviderUnavailable = "provider.unavailable";
    public const string ProviderRateLimited = "provider.rate_limited";
    public const string LaunchTooManyEntities = "launch.too_many_entities";
    public const string LaunchLoopDetected = "launch.loop_detected";
    public const string LaunchNoEntities = "launch.no_entities";
    public const string LaunchTooManyRuns = "launch.too_many_runs";
    public const string EngineFailed = "engine.failed";
    public const string RunStopped = "run.stopped";

    /// <summary>A process instance that has finished (completed, failed or stopped) cannot be stopped.</summary>
    public const string ProcessFinished = "process.finished";

    /// <summary>A message's worker stopped during the call to the provider: whether it went out is not known.</summary>
    public const string MessageUncertain = "message.uncertain";

    /// <summary>A webhook's address is not on the administrators' list of hosts, or reaches a private network it may not.</summary>
    public const string WebhookHostNotAllowed = "webhook.host_not_allowed";

    /// <summary>The webhook's receiver answered with a 4xx status: final, never retried.</summary>
    public const string WebhookRejected = "webhook.rejected";

    /// <summary>The receiver answered 5xx or did not answer in time, on every attempt.</summary>
    public const string WebhookUnavailable = "webhook.unavailable";

    public static IReadOnlyList<string> All { get; } =
    [
        RightsInsufficient, ScenarioNotFoundOrDisabled, EntityNotFound, EntityWrongType,
        ParameterMissing, ParameterInvalid, ParameterTooLong, PhoneMissing, PhoneNoMobile, PhoneInvalid, LineUnavailable,
        ProviderRejected, ProviderUnavailable, ProviderRateLimited, LaunchTooManyEntities,
        LaunchLoopDetected, LaunchNoEntities, LaunchTooManyRuns, EngineFailed, RunStopped, ProcessFinished,
        MessageUncertain, WebhookHostNotAllowed, WebhookRejected, WebhookUnavailable,
    ];
}
