using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Webhooks;

namespace Portal.Data.Configurations;

internal sealed class WebhookHostConfiguration : IEntityTypeConfiguration<WebhookHost>
{
    public void Configure(EntityTypeBuilder<WebhookHost> builder)
    {
        builder.ToTable("WebhookHosts");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Host).HasMaxLength(WebhookHost.HostMaxLength).IsRequired();
        builder.HasIndex(h => h.Host).IsUnique().HasDatabaseName("IX_WebhookHosts_Host");
        builder.Property(h => h.AddedById).IsRequired();
    }
}
