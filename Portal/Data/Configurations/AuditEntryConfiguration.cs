using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Configurations.Scenarios;
using Portal.Features.Audit;

namespace Portal.Data.Configurations;

/// <summary>
/// The audit trail: no foreign key to the users (an entry outlives its actor and keeps their name), indexes for the page's
/// newest-first keyset and its "who" and "what" filters. The migration adds a trigger refusing UPDATE and DELETE.
/// </summary>
internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.At).HasDefaultValueSql("now()");
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(AuditEntry.NameMaxLength).IsRequired();
        builder.Property(e => e.Area).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.SubjectId).HasMaxLength(450);
        builder.Property(e => e.SubjectName).HasMaxLength(AuditEntry.NameMaxLength);
        builder.Property(e => e.Changes).HasJsonConversion();
        builder.Property(e => e.Address).HasMaxLength(AuditEntry.AddressMaxLength);
        builder.HasIndex(e => new { e.At, e.Id }).IsDescending(true, true).HasDatabaseName("IX_AuditEntries_At_Id");
        builder.HasIndex(e => new { e.ActorId, e.At, e.Id }).IsDescending(false, true, true).HasDatabaseName("IX_AuditEntries_ActorId_At_Id");
        builder.HasIndex(e => new { e.Area, e.At, e.Id }).IsDescending(false, true, true).HasDatabaseName("IX_AuditEntries_Area_At_Id");
    }
}
