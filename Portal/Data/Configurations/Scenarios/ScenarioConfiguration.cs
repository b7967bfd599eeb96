using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Scenarios;

namespace Portal.Data.Configurations.Scenarios;

/// <summary>Scenario steps and audit lines are documents read and written whole, so they live in jsonb columns.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
        where T : class
    {
        var comparer = new ValueComparer<T>(
            (a, b) => Serialize(a) == Serialize(b),
            v => Serialize(v).GetHashCode(StringComparison.Ordinal),
            v => Deserialize<T>(Serialize(v)));
        property.HasConversion(v => Serialize(v), v => Deserialize<T>(v), comparer).HasColumnType("jsonb");
        return property;
    }

    /// <summary>The column's text, as EF writes it (the run engine copies step records in bulk with it).</summary>
    internal static string Serialize<T>(T? value) => JsonSerializer.Serialize(value, Options);

    private static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}

internal sealed class ScenarioConfiguration : IEntityTypeConfiguration<Scenario>
{
    public void Configure(EntityTypeBuilder<Scenario> builder)
    {
        builder.ToTable("Scenarios");
        builder.Property(s => s.Id).UseIdentityAlwaysColumn();
        builder.Property(s => s.Name).HasMaxLength(Scenario.NameMaxLength).IsRequired();
        builder.Property(s => s.Description).HasMaxLength(Scenario.DescriptionMaxLength);
        builder.Property(s => s.EntityType).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Property(s => s.CreatedById).HasMaxLength(450);
        builder.Property(s => s.ModifiedById).HasMaxLength(450);
        builder.Property<List<ScenarioStep>>("_steps").HasColumnName("Steps").HasJsonConversion();
        builder.Ignore(s => s.Steps);
        builder.Ignore(s => s.Definition);
        builder.HasIndex(s => new { s.EntityType, s.SortOrder })
            .HasFilter("\"DeletedAt\" IS NULL")
            .HasDatabaseName("IX_Scenarios_EntityType_SortOrder");
    }
}

internal sealed class ScenarioChangeConfiguration : IEntityTypeConfiguration<ScenarioChange>
{
    public void Configure(EntityTypeBuilder<ScenarioChange> builder)
    {
        builder.ToTable("ScenarioChanges");
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
        builder.Property(c => c.UserId).HasMaxLength(450);
        builder.Property(c => c.Items).HasJsonConversion();
        builder.HasOne<Scenario>().WithMany().HasForeignKey(c => c.ScenarioId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.ScenarioId, c.Id }).HasDatabaseName("IX_ScenarioChanges_ScenarioId_Id");
    }
}
