using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Crm;

namespace Portal.Data.Configurations.Crm;

/// <summary>What every CRM record's table has: owner, audit columns, xmin as the version, typed phones.</summary>
internal static class CrmRecordMapping
{
    public static void MapRecord<T>(this EntityTypeBuilder<T> builder, string table)
        where T : CrmRecord
    {
        builder.ToTable(table);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Ignore(e => e.EntityType);
        builder.Property(e => e.ResponsibleId).HasMaxLength(450).IsRequired();
        builder.Property(e => e.CreatedById).HasMaxLength(450).IsRequired();
        builder.Property(e => e.ModifiedById).HasMaxLength(450).IsRequired();
        builder.Property(e => e.Version).IsRowVersion();
        builder.HasIndex(e => new { e.ResponsibleId, e.Id }).HasDatabaseName($"IX_{table}_ResponsibleId_Id");
        builder.HasIndex(e => e.CreatedAt).HasDatabaseName($"IX_{table}_CreatedAt");
    }

    public static void MapContacts<T>(this EntityTypeBuilder<T> builder, string table)
        where T : CrmRecordWithContacts
    {
        builder.OwnsMany(e => e.Phones, phone =>
        {
            phone.ToTable($"{table}Phones");
            phone.WithOwner().HasForeignKey("OwnerId");
            phone.Property<int>("Id").UseIdentityAlwaysColumn();
            phone.HasKey("Id");
            phone.Property(p => p.Number).HasMaxLength(PhoneNumber.MaxLength).IsRequired();
            phone.Property(p => p.Digits).HasMaxLength(PhoneNumber.MaxDigits).IsRequired();
            phone.Property(p => p.Type).HasConversion<string>().HasMaxLength(20);
            phone.HasIndex(p => p.Digits).HasDatabaseName($"IX_{table}Phones_Digits_Trgm")
                .HasMethod("gin").HasOperators("gin_trgm_ops");
        });
        builder.Navigation(e => e.Phones).HasField("_phones").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.PrimitiveCollection(e => e.Emails).HasField("_emails").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
