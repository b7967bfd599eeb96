using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Crm;
using Portal.Domain.Rights;

namespace Portal.Data.Configurations.Crm;

internal sealed class CrmRoleConfiguration : IEntityTypeConfiguration<CrmRole>
{
    public void Configure(EntityTypeBuilder<CrmRole> builder)
    {
        builder.ToTable("CrmRoles");
        builder.Property(r => r.Id).UseIdentityAlwaysColumn();
        builder.Property(r => r.Name).HasMaxLength(CrmRole.NameMaxLength).IsRequired();
        builder.HasIndex(r => r.Name).IsUnique().HasDatabaseName("IX_CrmRoles_Name");
        builder.OwnsMany(r => r.Rights, right =>
        {
            right.ToTable("CrmRoleRights");
            right.WithOwner().HasForeignKey("CrmRoleId");
            right.HasKey("CrmRoleId", nameof(CrmRight.EntityType), nameof(CrmRight.Action));
            right.Property(r => r.EntityType).HasConversion<string>().HasMaxLength(20);
            right.Property(r => r.Action).HasConversion<string>().HasMaxLength(20);
            right.Property(r => r.Scope).HasConversion<string>().HasMaxLength(40);
        });
        builder.Navigation(r => r.Rights).HasField("_rights").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class UserCrmRoleConfiguration : IEntityTypeConfiguration<UserCrmRole>
{
    public void Configure(EntityTypeBuilder<UserCrmRole> builder)
    {
        builder.ToTable("UserCrmRoles");
        builder.HasKey(r => new { r.UserId, r.CrmRoleId });
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CrmRole>().WithMany().HasForeignKey(r => r.CrmRoleId).OnDelete(DeleteBehavior.Cascade);
    }
}
