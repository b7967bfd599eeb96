using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Configurations.Scenarios;
using Portal.Domain.Processes;

namespace Portal.Data.Configurations.Processes;

internal sealed class ProcessTemplateConfiguration : IEntityTypeConfiguration<ProcessTemplate>
{
    public void Configure(EntityTypeBuilder<ProcessTemplate> builder)
    {
        builder.ToTable("ProcessTemplates");
        builder.Property(t => t.Id).UseIdentityAlwaysColumn();
        builder.Property(t => t.Name).HasMaxLength(ProcessTemplate.NameMaxLength).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(ProcessTemplate.DescriptionMaxLength);
        builder.Property(t => t.EntityType).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.ModifiedById).HasMaxLength(450);
        builder.Property(t => t.Version).IsRowVersion();
        builder.Property<List<ProcessActivity>>("_activities").HasColumnName("Activities").HasJsonConversion();
        builder.Property<List<ProcessParameter>>("_parameters").HasColumnName("Parameters").HasJsonConversion();
        builder.Ignore(t => t.Activities);
        builder.Ignore(t => t.Parameters);
        builder.Ignore(t => t.Definition);

        // What the CRM triggers look up on every insert and stage change: the active templates of a type.
        builder.HasIndex(t => new { t.EntityType, t.IsActive }).HasDatabaseName("IX_ProcessTemplates_EntityType_IsActive");
    }
}

internal sealed class ProcessInstanceConfiguration : IEntityTypeConfiguration<ProcessInstance>
{
    public void Configure(EntityTypeBuilder<ProcessInstance> builder)
    {
        builder.ToTable("ProcessInstances");
        builder.Property(i => i.Id).UseIdentityAlwaysColumn();
        builder.Property(i => i.TemplateName).HasMaxLength(ProcessTemplate.NameMaxLength).IsRequired();
        builder.Property(i => i.EntityType).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Trigger).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.StartedById).HasMaxLength(450);
        builder.Property(i => i.StoppedById).HasMaxLength(450);
        builder.Property(i => i.Culture).HasMaxLength(20);
        builder.Property<List<ProcessActivity>>("_activities").HasColumnName("Activities").HasJsonConversion();
        builder.Property<Dictionary<string, string>>("_startValues").HasColumnName("StartValues").HasJsonConversion();
        builder.Property<List<string>>("_chain").HasColumnName("Chain").HasJsonConversion();

        // The CRM tables' triggers insert instances without variables: the default gives them none.
        builder.Property<Dictionary<string, ProcessVariable>>("_variables").HasColumnName("Variables").HasJsonConversion().HasDefaultValueSql("'{}'::jsonb");
        builder.Ignore(i => i.Activities);
        builder.Ignore(i => i.Plan);
        builder.Ignore(i => i.Variables);
        builder.Ignore(i => i.StartValues);
        builder.Ignore(i => i.Chain);
        builder.Ignore(i => i.IsOver);
        builder.HasOne<ProcessTemplate>().WithMany().HasForeignKey(i => i.TemplateId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProcessInstance>().WithMany().HasForeignKey(i => i.ParentId).OnDelete(DeleteBehavior.SetNull);

        // The card's Business processes tab: a record's instances, newest first.
        builder.HasIndex(i => new { i.EntityType, i.EntityId, i.Id }).HasDatabaseName("IX_ProcessInstances_Entity");

        // The dispatcher: instances not over, oldest first.
        builder.HasIndex(i => new { i.UpdatedAt, i.Id })
            .HasFilter("\"Status\" IN ('Queued', 'Running')")
            .HasDatabaseName("IX_ProcessInstances_Open");

        // The administrators' list of instances: newest started first, paged by keyset on (StartedAt, Id).
        builder.HasIndex(i => new { i.StartedAt, i.Id }).IsDescending().HasDatabaseName("IX_ProcessInstances_StartedAt");

        // The dispatcher's sweep of waits: waiting instances by when they go on.
        builder.HasIndex(i => i.ResumeAt)
            .HasFilter("\"Status\" = 'Waiting'")
            .HasDatabaseName("IX_ProcessInstances_Waiting");
    }
}

internal sealed class ProcessLogEntryConfiguration : IEntityTypeConfiguration<ProcessLogEntry>
{
    public void Configure(EntityTypeBuilder<ProcessLogEntry> builder)
    {
        builder.ToTable("ProcessLog");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Level).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.Code).HasMaxLength(64);
        builder.Property(e => e.Detail).HasMaxLength(ProcessLogEntry.DetailMaxLength);
        builder.HasOne<ProcessInstance>().WithMany().HasForeignKey(e => e.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.InstanceId, e.Id }).HasDatabaseName("IX_ProcessLog_InstanceId_Id");
    }
}
