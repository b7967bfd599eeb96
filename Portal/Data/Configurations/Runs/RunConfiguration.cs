using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Configurations.Scenarios;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;

namespace Portal.Data.Configurations.Runs;

internal sealed class ScenarioRunConfiguration : IEntityTypeConfiguration<ScenarioRun>
{
    /// <summary>The unique index of launch tokens; the launch service recognises its violation by this name.</summary>
    public const string LaunchTokenIndex = "UX_ScenarioRuns_LaunchToken";

    public void Configure(EntityTypeBuilder<ScenarioRun> builder)
    {
        builder.ToTable("ScenarioRuns");
        builder.Property(r => r.Id).UseIdentityAlwaysColumn();
        builder.Property(r => r.ScenarioName).HasMaxLength(Scenario.NameMaxLength).IsRequired();
        builder.Property(r => r.EntityType).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.LaunchedById).HasMaxLength(450);
        builder.Property(r => r.RunAsId).HasMaxLength(450);
        builder.Property(r => r.StoppedById).HasMaxLength(450);
        builder.Property(r => r.Culture).HasMaxLength(20);
        builder.Property<List<ScenarioStep>>("_steps").HasColumnName("Steps").HasJsonConversion();
        builder.Property<Dictionary<string, string>>("_launchValues").HasColumnName("LaunchValues").HasJsonConversion();
        builder.Ignore(r => r.Steps);
        builder.Ignore(r => r.LaunchValues);
        builder.Ignore(r => r.ChunkCount);
        builder.HasOne<Scenario>().WithMany().HasForeignKey(r => r.ScenarioId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ScenarioRun>().WithMany().HasForeignKey(r => r.RerunOfId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.ScenarioId, r.Status }).HasDatabaseName("IX_ScenarioRuns_ScenarioId_Status");

        // The run log: newest first with keyset paging on (LaunchedAt, Id), overall, per scenario, per launcher and
        // for a manager's own runs (launched by them or run as them).
        builder.HasIndex(r => new { r.LaunchedAt, r.Id }).HasDatabaseName("IX_ScenarioRuns_LaunchedAt_Id");
        builder.HasIndex(r => new { r.ScenarioId, r.LaunchedAt, r.Id }).HasDatabaseName("IX_ScenarioRuns_ScenarioId_LaunchedAt_Id");
        builder.HasIndex(r => new { r.LaunchedById, r.LaunchedAt, r.Id }).HasDatabaseName("IX_ScenarioRuns_LaunchedById_LaunchedAt_Id");
        builder.HasIndex(r => new { r.RunAsId, r.LaunchedAt, r.Id }).HasDatabaseName("IX_ScenarioRuns_RunAsId_LaunchedAt_Id");

        // A process activity launches at most once, even when its worker dies after the launch and another goes on.
        builder.HasIndex(r => new { r.ProcessInstanceId, r.ProcessActivity })
            .IsUnique()
            .HasFilter("\"ProcessInstanceId\" IS NOT NULL")
            .HasDatabaseName("UX_ScenarioRuns_ProcessActivity");

        // One run per launch token: a double click or a request sent twice finds the first run.
        builder.HasIndex(r => r.LaunchToken)
            .IsUnique()
            .HasFilter("\"LaunchToken\" IS NOT NULL")
            .HasDatabaseName(LaunchTokenIndex);
    }
}

internal sealed class RunItemConfiguration : IEntityTypeConfiguration<RunItem>
{
    public void Configure(EntityTypeBuilder<RunItem> builder)
    {
        builder.ToTable("RunItems");
        builder.Property(i => i.Id).UseIdentityAlwaysColumn();

        // Statuses as small integers: millions of rows, counted by status on every progress refresh.
        builder.Property(i => i.Status).HasConversion<short>();
        builder.Property(i => i.ErrorCode).HasMaxLength(64);
        builder.Property(i => i.ErrorDetail).HasMaxLength(RunItem.ErrorDetailMaxLength);
        builder.HasOne<ScenarioRun>().WithMany().HasForeignKey(i => i.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.RunId, i.EntityId }).IsUnique().HasDatabaseName("IX_RunItems_RunId_EntityId");
        builder.HasIndex(i => new { i.RunId, i.Status }).HasDatabaseName("IX_RunItems_RunId_Status");

        // The run log's most frequent errors: the codes of a window's runs, read from the index alone.
        builder.HasIndex(i => new { i.RunId, i.ErrorCode })
            .HasFilter("\"ErrorCode\" IS NOT NULL")
            .HasDatabaseName("IX_RunItems_RunId_ErrorCode");

        // The run log's search across runs, newest first by keyset on the id: a record's items, an error's items.
        builder.HasIndex(i => new { i.EntityId, i.Id }).HasDatabaseName("IX_RunItems_EntityId_Id");
        builder.HasIndex(i => new { i.ErrorCode, i.Id })
            .HasFilter("\"ErrorCode\" IS NOT NULL")
            .HasDatabaseName("IX_RunItems_ErrorCode_Id");

        // The work still to do, by chunk: what a job takes and what the sweeper looks for.
        builder.HasIndex(i => new { i.RunId, i.Chunk })
            .HasFilter($"\"Status\" IN ({(short)ItemStatus.Queued}, {(short)ItemStatus.Running})")
            .HasDatabaseName("IX_RunItems_Pending");
    }
}

internal sealed class RunStepConfiguration : IEntityTypeConfiguration<RunStep>
{
    public void Configure(EntityTypeBuilder<RunStep> builder)
    {
        builder.ToTable("RunSteps");
        builder.Property(s => s.Id).UseIdentityAlwaysColumn();
        builder.Property(s => s.RobotKey).HasMaxLength(100);
        builder.Property(s => s.Status).HasConversion<short>();
        builder.Property(s => s.Inputs).HasJsonConversion();
        builder.Property(s => s.Output).HasMaxLength(RunStep.OutputMaxLength);
        builder.Property(s => s.ErrorCode).HasMaxLength(64);
        builder.Property(s => s.ErrorDetail).HasMaxLength(RunItem.ErrorDetailMaxLength);
        builder.HasOne<RunItem>().WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Cascade);

        // A step is recorded once per item: a repeated transaction fails instead of writing it twice.
        builder.HasIndex(s => new { s.ItemId, s.StepIndex }).IsUnique().HasDatabaseName("IX_RunSteps_ItemId_StepIndex");
        builder.HasIndex(s => s.RunId).HasDatabaseName("IX_RunSteps_RunId");
    }
}

internal sealed class RunErrorCountConfiguration : IEntityTypeConfiguration<RunErrorCount>
{
    public void Configure(EntityTypeBuilder<RunErrorCount> builder)
    {
        builder.ToTable("RunErrorCounts");
        builder.HasKey(c => new { c.RunId, c.ErrorCode });
        builder.Property(c => c.ErrorCode).HasMaxLength(64);
        builder.HasOne<ScenarioRun>().WithMany().HasForeignKey(c => c.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
