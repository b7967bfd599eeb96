namespace Portal.Tests.Infrastructure;

/// <summary>Waits for something another process or thread does (never a timing assertion).</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null, string? what = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (value is not null)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what ?? "the condition"}.");
            }

            await Task.Delay(100);
        }
    }
}
