namespace Portal.Features.Crm;

public static class CrmSetup
{
    /// <summary>CRM rights, the lists, cards, timeline, links and deletion of deals, contacts, companies and leads.</summary>
    public static IServiceCollection AddCrm(this IServiceCollection services)
    {
        services.AddScoped<CrmAccess>();
        services.AddScoped<CrmDirectory>();
        services.AddScoped<Deals.DealQueries>();
        services.AddScoped<Deals.DealCard>();
        services.AddScoped<Timeline>();
        services.AddScoped<Related>();
        services.AddScoped<RecordDeletion>();
        services.AddScoped<Contacts.ContactQueries>();
        services.AddScoped<Contacts.ContactCard>();
        services.AddScoped<Companies.CompanyQueries>();
        services.AddScoped<Companies.CompanyCard>();
        services.AddScoped<Leads.LeadQueries>();
        services.AddScoped<Leads.LeadCard>();
        return services;
    }
}
