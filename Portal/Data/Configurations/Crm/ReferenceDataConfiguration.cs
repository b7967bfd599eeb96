using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Crm;

namespace Portal.Data.Configurations.Crm;

internal sealed class PipelineConfiguration : IEntityTypeConfiguration<Pipeline>
{
    public void Configure(EntityTypeBuilder<Pipeline> builder)
    {
        builder.ToTable("Pipelines");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(Pipeline.NameMaxLength).IsRequired();
    }
}

internal sealed class StageConfiguration : IEntityTypeConfiguration<Stage>
{
    public void Configure(EntityTypeBuilder<Stage> builder)
    {
        builder.ToTable("Stages");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(Stage.NameMaxLength).IsRequired();
        builder.Property(s => s.Semantics).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(s => s.IsFinal);
        builder.HasOne<Pipeline>().WithMany().HasForeignKey(s => s.PipelineId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LeadStatusConfiguration : IEntityTypeConfiguration<LeadStatus>
{
    public void Configure(EntityTypeBuilder<LeadStatus> builder)
    {
        builder.ToTable("LeadStatuses");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(LeadStatus.NameMaxLength).IsRequired();
        builder.Property(s => s.Semantics).HasConversion<string>().HasMaxLength(20);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.ToTable("Departments");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Name).HasMaxLength(Department.NameMaxLength).IsRequired();
        builder.HasOne<Department>().WithMany().HasForeignKey(d => d.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> builder)
    {
        builder.ToTable("TimelineEntries");
        builder.Property(t => t.Id).UseIdentityAlwaysColumn();
        builder.Property(t => t.EntityType).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Text).HasMaxLength(TimelineEntry.TextMaxLength).IsRequired();
        builder.Property(t => t.AuthorId).HasMaxLength(450);

        // A card shows its timeline newest first.
        builder.HasIndex(t => new { t.EntityType, t.EntityId, t.CreatedAt }).HasDatabaseName("IX_TimelineEntries_Entity_CreatedAt");
    }
}
