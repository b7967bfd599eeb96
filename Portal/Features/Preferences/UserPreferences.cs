using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.Preferences;

/// <summary>Reads and keeps a user's remembered choices; a value that no longer reads is forgotten, never an error.</summary>
public sealed class UserPreferences(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T?> GetAsync<T>(string userId, string key, CancellationToken cancellationToken = default)
        where T : class
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var json = await db.UserPreferences.AsNoTracking()
            .Where(p => p.UserId == userId && p.Key == key)
            .Select(p => p.Json)
            .SingleOrDefaultAsync(cancellationToken);
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task SetAsync<T>(string userId, string key, T value, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(value, Json);
        var now = clock.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.UserPreferences
            .Where(p => p.UserId == userId && p.Key == key)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Json, json).SetProperty(p => p.UpdatedAt, now), cancellationToken);
        if (updated == 0)
        {
            db.UserPreferences.Add(new UserPreference { UserId = userId, Key = key, Json = json, UpdatedAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another tab of the same user saved first; theirs is as good as ours.
            }
        }
    }
}
