using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Notifications;

namespace Portal.Data.Configurations.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.Property(n => n.Id).UseIdentityAlwaysColumn();
        builder.Property(n => n.UserId).HasMaxLength(450).IsRequired();
        builder.Property(n => n.FromUserId).HasMaxLength(450);
        builder.Property(n => n.Text).HasMaxLength(Notification.TextMaxLength).IsRequired();
        builder.Property(n => n.EntityType).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(n => n.IsRead);

        // The menu: a user's newest notifications, and the unread count.
        builder.HasIndex(n => new { n.UserId, n.Id }).HasDatabaseName("IX_Notifications_UserId_Id");
        builder.HasIndex(n => n.UserId).HasFilter("\"ReadAt\" IS NULL").HasDatabaseName("IX_Notifications_Unread");
    }
}
