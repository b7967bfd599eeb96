using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Crm;

namespace Portal.Data.Configurations.Crm;

internal sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> builder)
    {
        builder.MapRecord("Deals");
        builder.Property(d => d.Title).HasMaxLength(Deal.TitleMaxLength).IsRequired();
        builder.Property(d => d.Amount).HasPrecision(14, 2);
        builder.Property(d => d.Currency).HasMaxLength(3).IsRequired();
        builder.Property(d => d.Source).HasMaxLength(Deal.SourceMaxLength);
        builder.HasOne<Pipeline>().WithMany().HasForeignKey(d => d.PipelineId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Stage>().WithMany().HasForeignKey(d => d.StageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contact>().WithMany().HasForeignKey(d => d.ContactId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Company>().WithMany().HasForeignKey(d => d.CompanyId).OnDelete(DeleteBehavior.SetNull);

        // The deals list: filter by stage and amount (the count is then an index-only scan),
        // sort by amount, search the title.
        builder.HasIndex(d => new { d.StageId, d.Amount }).HasDatabaseName("IX_Deals_StageId_Amount");
        builder.HasIndex(d => new { d.Amount, d.Id }).HasDatabaseName("IX_Deals_Amount_Id");
        builder.HasIndex(d => d.Title).HasDatabaseName("IX_Deals_Title_Trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasIndex(d => d.ContactId).HasDatabaseName("IX_Deals_ContactId");
        builder.HasIndex(d => d.CompanyId).HasDatabaseName("IX_Deals_CompanyId");
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.MapRecord("Contacts");
        builder.MapContacts("Contact");
        builder.Property(c => c.FirstName).HasMaxLength(Contact.NameMaxLength).IsRequired();
        builder.Property(c => c.LastName).HasMaxLength(Contact.NameMaxLength);
        builder.Ignore(c => c.FullName);
        builder.HasOne<Company>().WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => c.CompanyId).HasDatabaseName("IX_Contacts_CompanyId");
        builder.HasIndex(c => new { c.LastName, c.FirstName }).HasDatabaseName("IX_Contacts_Name");
        builder.HasIndex(c => c.FirstName).HasDatabaseName("IX_Contacts_FirstName_Trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasIndex(c => c.LastName).HasDatabaseName("IX_Contacts_LastName_Trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

internal sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> builder)
    {
        builder.MapRecord("Companies");
        builder.MapContacts("Company");
        builder.Property(c => c.Name).HasMaxLength(Company.NameMaxLength).IsRequired();
        builder.Property(c => c.Industry).HasMaxLength(Company.IndustryMaxLength);
        builder.HasIndex(c => c.Name).HasDatabaseName("IX_Companies_Name_Trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.MapRecord("Leads");
        builder.MapContacts("Lead");
        builder.Property(l => l.Title).HasMaxLength(Lead.TitleMaxLength).IsRequired();
        builder.Property(l => l.Name).HasMaxLength(Lead.NameMaxLength);
        builder.HasOne<LeadStatus>().WithMany().HasForeignKey(l => l.StatusId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => new { l.StatusId, l.Id }).HasDatabaseName("IX_Leads_StatusId_Id");
        builder.HasIndex(l => l.Title).HasDatabaseName("IX_Leads_Title_Trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
