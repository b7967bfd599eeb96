using Portal.Domain.Messaging;

namespace Portal.Features.Engine;

/// <summary>The "Portal:Messaging" configuration section: how the send-message robot reads phone numbers.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Portal:Messaging";

    /// <summary>
    /// The region whose national numbers ("8 (999) 123-45-67") numbers without a calling code are read as; one of
    /// <see cref="PhoneNormaliser.Regions"/> (RU, KZ, BY, UA, DE, US, CA, GB or UK).
    /// </summary>
    public string DefaultRegion { get; set; } = "RU";
}
