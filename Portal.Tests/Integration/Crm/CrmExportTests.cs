using System.Net;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Features.Crm;
using Portal.Features.Crm.Deals;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Crm;

/// <summary>A CRM list as CSV over HTTP: its filter and columns, the Export right and its scope, and what it refuses.</summary>
public class CrmExportTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly CrmTestData _data = new(app.Services);

    [Fact]
    public async Task TheDealsList_ExportsItsFilteredRows_WithinTheExportScope_WhateverTheReadScope()
    {
        var tag = $"Export {Guid.NewGuid():N}"[..18];
        var reader = await _data.UserAsync("Export Reader", null, crmRoles: [await _data.DealRoleAsync(RightScope.All, CrmAction.Read), await _data.DealRoleAsync(RightScope.Own, CrmAction.Export)]);
        var colleague = await _data.UserAsync("Export Colleague", null);
        var contact = await _data.ContactAsync("Quoted", "Client, Esq.", reader);
        var big = await _data.DealAsync($"{tag} =SUM(A1)", reader, amount: 5000.5m, contact: contact);
        await _data.DealAsync($"{tag} small", reader, amount: 10);
        await _data.DealAsync($"{tag} theirs", colleague, amount: 9000);
        await _data.DealAsync("Unrelated export deal", reader, amount: 9000);
        using var client = await app.SignedInClientAsync(reader.Email!);

        using var answer = await client.GetAsync(CrmExport.Path(CrmEntityType.Deal, CrmListFilter.Of(new DealFilter(Search: tag, AmountFrom: 100))));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/csv", answer.Content.Headers.ContentType?.MediaType);
        var rows = AppHttp.ParseCsv((await answer.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        Assert.Equal(["Id", "Title", "Stage", "Amount", "Currency", "Contact", "Company", "Responsible", "Created"], rows[0]);
        var row = Assert.Single(rows.Skip(1));
        Assert.Equal(
            [big.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{tag} =SUM(A1)", "5000.50", "RUB", "Quoted Client, Esq.", "Export Reader"],
            new[] { row[0], row[1], row[3], row[4], row[5], row[7] });
    }

    [Fact]
    public async Task WithoutTheExportRight_OrWithAFilterTheListLacks_NothingIsExported()
    {
        var reader = await _data.UserAsync("No Export", null, crmRoles: await _data.DealRoleAsync(RightScope.All, CrmAction.Read));
        var exporter = await _data.UserAsync("Lead Export", null, crmRoles: await _data.DealRoleAsync(RightScope.All, CrmAction.Read, CrmAction.Export));
        using var readerClient = await app.SignedInClientAsync(reader.Email!);
        using var exporterClient = await app.SignedInClientAsync(exporter.Email!);

        using var refused = await readerClient.GetAsync("/crm/deals/export.csv");
        using var unfit = await exporterClient.GetAsync("/crm/contacts/export.csv?stage=1");
        using var unknown = await exporterClient.GetAsync("/crm/ships/export.csv");

        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEqual("text/csv", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, unfit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
