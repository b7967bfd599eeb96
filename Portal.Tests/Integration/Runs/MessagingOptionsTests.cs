using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Features.Engine;
using Portal.Features.RunLog;

namespace Portal.Tests.Integration.Runs;

/// <summary>The Portal:Messaging section as the host binds it (a unit test of the registration; it lives with the run tests, as a Portal.Tests.Features namespace would hide Portal.Features).</summary>
public class MessagingOptionsTests
{
    private static MessagingOptions Bound(string? region)
    {
        var settings = new Dictionary<string, string?>();
        if (region is not null)
        {
            settings["Portal:Messaging:DefaultRegion"] = region;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddRuns(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<MessagingOptions>>().Value;
    }

    [Fact]
    public void DefaultRegion_Unset_IsRussia() => Assert.Equal("RU", Bound(null).DefaultRegion);

    [Theory]
    [InlineData("KZ")]
    [InlineData("de")]
    [InlineData("UK")]
    [InlineData("FR")]
    [InlineData("in")]
    [InlineData("BR")]
    [InlineData("AE")]
    public void DefaultRegion_AnyRegionTheLibraryKnows_IsBound(string region) => Assert.Equal(region, Bound(region).DefaultRegion);

    [Theory]
    [InlineData("XX")]
    [InlineData("Russia")]
    [InlineData("001")]
    [InlineData("")]
    public void DefaultRegion_UnknownRegion_FailsValidation_NamingTheSetting(string region)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bound(region));
        Assert.Contains("Portal:Messaging:DefaultRegion must be an ISO 3166 region code the phone library (libphonenumber) knows", failure.Message, StringComparison.Ordinal);
    }
}
