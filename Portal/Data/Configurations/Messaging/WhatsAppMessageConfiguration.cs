using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Connectors.WhatsApp;
using Portal.Domain.Messaging;

namespace Portal.Data.Configurations.Messaging;

internal sealed class WhatsAppMessageConfiguration : IEntityTypeConfiguration<WhatsAppMessage>
{
    public void Configure(EntityTypeBuilder<WhatsAppMessage> builder)
    {
        builder.ToTable("WhatsAppMessages");
        builder.Property(m => m.Id).UseIdentityAlwaysColumn();
        builder.Property(m => m.To).HasMaxLength(32).IsRequired();
        builder.Property(m => m.Text).HasMaxLength(WhatsAppMessage.TextMaxLength).IsRequired();
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Payload).HasColumnType("jsonb");
        builder.Ignore(m => m.Content);
        builder.Property(m => m.IdempotencyKey).HasMaxLength(WhatsAppMessage.KeyMaxLength).IsRequired();
        builder.Property(m => m.EntityType).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.ProviderMessageId).HasMaxLength(WhatsAppMessage.ProviderIdMaxLength);
        builder.Property(m => m.ErrorCode).HasMaxLength(64);
        builder.Property(m => m.ProviderError).HasMaxLength(WhatsAppMessage.ProviderErrorMaxLength);
        builder.Property(m => m.CreatedById).HasMaxLength(450);
        builder.HasOne<WhatsAppLine>().WithMany().HasForeignKey(m => m.LineId).OnDelete(DeleteBehavior.Restrict);

        // A sender writes its outcome only while the claim is still its own; a claim settled meanwhile is not overwritten.
        builder.Property(m => m.ClaimToken).IsConcurrencyToken();

        // The outbox's guarantee: one message per run item, step and recipient, whoever tries to write it.
        builder.HasIndex(m => m.IdempotencyKey).IsUnique().HasDatabaseName("UX_WhatsAppMessages_IdempotencyKey");

        // The senders' next message: the oldest due of the outbox.
        builder.HasIndex(m => new { m.NextAttemptAt, m.Id }).HasDatabaseName("IX_WhatsAppMessages_Outbox").HasFilter("\"Status\" = 'Pending'");

        // The inbox (a line's messages, newest first), a run item's messages, delivery callbacks by the provider's id.
        builder.HasIndex(m => new { m.LineId, m.Id }).HasDatabaseName("IX_WhatsAppMessages_LineId_Id");
        builder.HasIndex(m => new { m.RunItemId, m.StepIndex }).HasDatabaseName("IX_WhatsAppMessages_RunItemId_StepIndex").HasFilter("\"RunItemId\" IS NOT NULL");
        // A run's uncertain messages (the run page's count, an administrator's "send them again"), a stopped run's outbox.
        builder.HasIndex(m => new { m.RunId, m.Status }).HasDatabaseName("IX_WhatsAppMessages_RunId_Status").HasFilter("\"RunId\" IS NOT NULL");

        // The senders' settling of claims whose lease ran out.
        builder.HasIndex(m => m.ClaimedAt).HasDatabaseName("IX_WhatsAppMessages_Sending").HasFilter("\"Status\" = 'Sending'");
        builder.HasIndex(m => m.ProviderMessageId).HasDatabaseName("IX_WhatsAppMessages_ProviderMessageId").HasFilter("\"ProviderMessageId\" IS NOT NULL");
        // The run log's search by phone number: the messages that went to it.
        builder.HasIndex(m => m.To).HasDatabaseName("IX_WhatsAppMessages_To");
        builder.HasIndex(m => new { m.EntityType, m.EntityId }).HasDatabaseName("IX_WhatsAppMessages_Entity").HasFilter("\"EntityId\" IS NOT NULL");
    }
}

internal sealed class MessageAttemptConfiguration : IEntityTypeConfiguration<MessageAttempt>
{
    public void Configure(EntityTypeBuilder<MessageAttempt> builder)
    {
        builder.ToTable("WhatsAppMessageAttempts");
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Detail).HasMaxLength(WhatsAppMessage.ProviderErrorMaxLength);
        builder.Property(a => a.Node).HasMaxLength(MessageAttempt.NodeMaxLength);
        builder.HasOne<WhatsAppMessage>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.MessageId, a.Number }).HasDatabaseName("IX_WhatsAppMessageAttempts_MessageId_Number");
    }
}

/// <summary>The shared rate limiter's state: the next free sending slot of each line, for every worker process.</summary>
internal sealed class LineThrottleConfiguration : IEntityTypeConfiguration<LineThrottle>
{
    public void Configure(EntityTypeBuilder<LineThrottle> builder)
    {
        builder.ToTable("WhatsAppLineThrottles");
        builder.HasKey(t => t.LineId);
        builder.Property(t => t.LineId).ValueGeneratedNever();
        builder.HasOne<WhatsAppLine>().WithMany().HasForeignKey(t => t.LineId).OnDelete(DeleteBehavior.Cascade);
    }
}
