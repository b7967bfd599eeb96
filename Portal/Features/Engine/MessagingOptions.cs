using Portal.Domain.Messaging;

namespace Portal.Features.Engine;

/// <summary>The "Portal:Messaging" configuration section: how the send-message robot reads phone numbers.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Portal:Messaging";

    /// <summary>
    /// The region whose national numbers ("8 (999) 123-45-67") numbers without a calling code are read as, and whose
    /// numbers are shown in their national form: any ISO 3166 region code of <see cref="PhoneNormaliser.Regions"/>
    /// (libphonenumber's, in any case; "UK" stands for GB). The portal refuses to start with one it does not know.
    /// </summary>
    public string DefaultRegion { get; set; } = "RU";
}
