using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Crm;
using Portal.Domain.Robots;
using Portal.Features.Engine.Robots;
using Portal.Features.Scenarios;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Scenarios;

/// <summary>The editor's "+ Add" robot picker: the robots of the scenario's type, and the one clicked as the answer.</summary>
public sealed class RobotPickerDialogTests : ComponentTestBase
{
    [Fact]
    public async Task ClickingARobot_AnswersWithIt_AndOffersOnlyRobotsOfTheType()
    {
        var dialogs = Render<MudDialogProvider>();
        IDialogReference? picker = null;
        await dialogs.InvokeAsync(async () => picker = await Services.GetRequiredService<IDialogService>().ShowAsync<RobotPickerDialog>(
            "Add a robot",
            new DialogParameters<RobotPickerDialog> { { d => d.EntityType, CrmEntityType.Deal }, { d => d.Catalog, RobotsSetup.Catalog } }));
        dialogs.WaitForElement("[data-testid=robot-picker]");

        var offered = dialogs.FindAll("[data-testid^=robot-]").Select(b => b.GetAttribute("data-testid")![6..]).Where(k => k != "picker").ToList();
        Assert.Equal(
            RobotsSetup.Catalog.All.Where(r => r.EntityTypes.Count == 0 || r.EntityTypes.Contains(CrmEntityType.Deal)).Select(r => r.Key).Order(),
            offered.Order());
        dialogs.Find("[data-testid='robot-crm.add_comment']").Click();

        var result = await picker!.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("crm.add_comment", Assert.IsType<RobotDescriptor>(result!.Data).Key);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=robot-picker]")));
    }
}
