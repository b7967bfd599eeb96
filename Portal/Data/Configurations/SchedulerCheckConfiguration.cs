using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Jobs;

namespace Portal.Data.Configurations;

internal sealed class SchedulerCheckConfiguration : IEntityTypeConfiguration<SchedulerCheck>
{
    public void Configure(EntityTypeBuilder<SchedulerCheck> builder)
    {
        builder.ToTable("SchedulerChecks");
        builder.Property(e => e.RequestedBy).HasMaxLength(256).IsRequired();
        builder.Property(e => e.CompletedOnNode).HasMaxLength(SchedulerCheck.NodeMaxLength);
        builder.HasIndex(e => e.RequestedAt).HasDatabaseName("IX_SchedulerChecks_RequestedAt");
    }
}
