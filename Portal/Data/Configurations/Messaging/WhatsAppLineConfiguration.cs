using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Messaging;

namespace Portal.Data.Configurations.Messaging;

internal sealed class WhatsAppLineConfiguration : IEntityTypeConfiguration<WhatsAppLine>
{
    public void Configure(EntityTypeBuilder<WhatsAppLine> builder)
    {
        builder.ToTable("WhatsAppLines");
        builder.Property(l => l.Id).UseIdentityAlwaysColumn();
        builder.Property(l => l.Name).HasMaxLength(WhatsAppLine.NameMaxLength).IsRequired();
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.PhoneNumber).HasMaxLength(WhatsAppLine.PhoneMaxLength);
        builder.Property(l => l.BaseUrl).HasMaxLength(WhatsAppLine.UrlMaxLength);
        builder.Property(l => l.ApiVersion).HasMaxLength(WhatsAppLine.ApiVersionMaxLength);
        builder.Property(l => l.PhoneNumberId).HasMaxLength(WhatsAppLine.PhoneNumberIdMaxLength);
        builder.Property(l => l.ProtectedAccessToken).HasMaxLength(WhatsAppLine.SecretMaxLength);
        builder.Property(l => l.ProtectedAppSecret).HasMaxLength(WhatsAppLine.SecretMaxLength);
        builder.Property(l => l.WebhookVerifyToken).HasMaxLength(WhatsAppLine.VerifyTokenMaxLength);
        builder.Ignore(l => l.HasAccessToken);
        builder.Ignore(l => l.SendsOverUnallowedPlainHttp);
        builder.Ignore(l => l.HasAppSecret);
        builder.HasIndex(l => l.Name).IsUnique().HasDatabaseName("UX_WhatsAppLines_Name");

        // Two admins saving the same line: the second is told, nothing of theirs is written.
        builder.Property(l => l.Version).IsRowVersion();
    }
}
