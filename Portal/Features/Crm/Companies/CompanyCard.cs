using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Features.Engine;

namespace Portal.Features.Crm.Companies;

public sealed record CompanyCardData(
    long Id,
    string Name,
    string? Industry,
    string ResponsibleId,
    IReadOnlyList<PhoneNumber> Phones,
    IReadOnlyList<string> Emails,
    uint Version,
    bool CanEdit,
    bool CanDelete,
    IReadOnlyList<TimelineLine> Timeline);

public sealed record CompanyEdit(
    string Name,
    string? Industry,
    string ResponsibleId,
    IReadOnlyList<PhoneDraft> Phones,
    IReadOnlyList<string> Emails,
    uint Version);

public sealed class CompanyCard(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock, IOptions<MessagingOptions> messaging)
{
    public async Task<(CommandStatus Status, CompanyCardData? Card)> GetAsync(CrmAccessContext access, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (status, company, canEdit, canDelete) = await CrmRecords.ReadAsync<Company>(db, access, CrmEntityType.Company, id, cancellationToken);
        if (company is null)
        {
            return (status, null);
        }

        return (CommandStatus.Ok, new CompanyCardData(
            company.Id, company.Name, company.Industry, company.ResponsibleId, company.Phones, company.Emails, company.Version, canEdit, canDelete,
            await Timeline.ReadAsync(db, CrmEntityType.Company, id, cancellationToken)));
    }

    public async Task<CommandResult> UpdateAsync(CrmAccessContext access, long id, CompanyEdit edit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(edit);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var by = access.Rights.UserId;
        var now = clock.GetUtcNow();
        return await CrmRecords.UpdateAsync<Company>(db, access, CrmEntityType.Company, id, edit.Version, async company =>
        {
            company.Rename(edit.Name, edit.Industry, by, now);
            CrmRecords.ReplaceContactDetails(company, edit.Phones, edit.Emails, messaging.Value.DefaultRegion, by, now);
            await CrmRecords.ReassignAsync(db, company, edit.ResponsibleId, by, now, cancellationToken);
        }, cancellationToken);
    }

    public async Task<CommandResult> CreateAsync(CrmAccessContext access, string name, string? industry, string responsibleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await CrmRecords.CreateAsync(db, access, CrmEntityType.Company, responsibleId, () => Company.Create(name, industry, responsibleId, access.Rights.UserId, clock.GetUtcNow()), cancellationToken);
    }
}
