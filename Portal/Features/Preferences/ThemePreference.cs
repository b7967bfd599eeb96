using System.Text.Json.Serialization;

namespace Portal.Features.Preferences;

/// <summary>How the portal looks for one user: always light, always dark, or as the browser's system setting says.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ThemeMode>))]
public enum ThemeMode
{
    System,
    Light,
    Dark,
}

/// <summary>The user's theme choice, kept with their other preferences; nothing stored means <see cref="ThemeMode.System"/>.</summary>
public sealed class ThemePreference(UserPreferences preferences)
{
    public const string Key = "theme";

    public async Task<ThemeMode> GetAsync(string userId, CancellationToken cancellationToken = default) =>
        (await preferences.GetAsync<Stored>(userId, Key, cancellationToken))?.Mode ?? ThemeMode.System;

    public Task SetAsync(string userId, ThemeMode mode, CancellationToken cancellationToken = default) =>
        preferences.SetAsync(userId, Key, new Stored(mode), cancellationToken);

    private sealed record Stored(ThemeMode Mode);
}
