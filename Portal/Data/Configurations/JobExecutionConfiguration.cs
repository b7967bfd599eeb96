using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Jobs;

namespace Portal.Data.Configurations;

internal sealed class JobExecutionConfiguration : IEntityTypeConfiguration<JobExecution>
{
    public void Configure(EntityTypeBuilder<JobExecution> builder)
    {
        builder.ToTable("JobExecutions");
        builder.Property(e => e.FireInstanceId).HasMaxLength(JobExecution.NameMaxLength).IsRequired();
        builder.HasIndex(e => e.FireInstanceId).HasDatabaseName("IX_JobExecutions_FireInstanceId");
        builder.Property(e => e.JobGroup).HasMaxLength(JobExecution.NameMaxLength).IsRequired();
        builder.Property(e => e.JobName).HasMaxLength(JobExecution.NameMaxLength).IsRequired();
        builder.Property(e => e.JobType).HasMaxLength(JobExecution.NameMaxLength).IsRequired();
        builder.Property(e => e.TriggerName).HasMaxLength(JobExecution.NameMaxLength).IsRequired();
        builder.Property(e => e.Node).HasMaxLength(JobExecution.NameMaxLength).IsRequired();
        builder.Property(e => e.Error).HasMaxLength(JobExecution.ErrorMaxLength);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(20);

        // The scheduler page lists the newest executions, and the newest failures.
        builder.HasIndex(e => e.StartedAt).HasDatabaseName("IX_JobExecutions_StartedAt");
        builder.HasIndex(e => new { e.Outcome, e.StartedAt }).HasDatabaseName("IX_JobExecutions_Outcome_StartedAt");
    }
}
