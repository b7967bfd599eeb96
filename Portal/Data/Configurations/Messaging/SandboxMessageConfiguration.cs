using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Messaging;

namespace Portal.Data.Configurations.Messaging;

internal sealed class SandboxMessageConfiguration : IEntityTypeConfiguration<SandboxMessage>
{
    public void Configure(EntityTypeBuilder<SandboxMessage> builder)
    {
        builder.ToTable("SandboxMessages");
        builder.Property(m => m.Id).UseIdentityAlwaysColumn();
        builder.Property(m => m.To).HasMaxLength(32).IsRequired();
        builder.Property(m => m.Text).HasMaxLength(SandboxMessage.TextMaxLength).IsRequired();
        builder.Property(m => m.EntityType).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<WhatsAppLine>().WithMany().HasForeignKey(m => m.LineId).OnDelete(DeleteBehavior.Cascade);

        // The inbox: a line's messages, newest first.
        builder.HasIndex(m => new { m.LineId, m.Id }).HasDatabaseName("IX_SandboxMessages_LineId_Id");
    }
}
