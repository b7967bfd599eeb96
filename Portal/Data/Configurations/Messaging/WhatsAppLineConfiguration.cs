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
        builder.Property(l => l.PhoneNumber).HasMaxLength(32);
    }
}
