using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Features.Engine.Robots;

namespace Portal.Tests.Domain.Processes;

public class ProcessRulesTests
{
    private static ProcessDefinition Valid(params ProcessActivity[] activities) =>
        new("On invoice", null, CrmEntityType.Deal, true, false, false, true, 3, [], activities.Length == 0 ? [ProcessActivities.NewStartScenario(7)] : activities);

    [Fact]
    public void AStartScenarioActivityWithItsDefaults_IsValid() => Assert.Empty(ProcessRules.Problems(Valid(), RobotsSetup.Catalog));

    [Fact]
    public void EveryProblem_IsNamedByItsField()
    {
        var noScenario = new ProcessActivity(ProcessActivities.StartScenario, new Dictionary<string, string?> { [ProcessActivities.RunAs] = nameof(RunAsMode.User) });
        var definition = new ProcessDefinition(
            " ", null, CrmEntityType.Deal, true, false, false, false, null,
            [new ProcessParameter("1bad", "x", false), new ProcessParameter("Reason", "Reason", true), new ProcessParameter("reason", "Again", false)],
            [
                noScenario, new ProcessActivity("crm.unknown", new Dictionary<string, string?>()), new ProcessActivity("crm.add_comment", new Dictionary<string, string?> { ["Text"] = "{{ broken" }),
                new ProcessActivity("crm.change_stage", new Dictionary<string, string?> { ["Stage"] = " " }),
            ]);

        var problems = ProcessRules.Problems(definition, RobotsSetup.Catalog).Select(p => (p.Field, p.Code)).ToList();

        Assert.Equal(
            [
                ("Name", ProcessErrors.NameRequired),
                ("Start", ProcessErrors.NoStart),
                ("Parameter.1bad", ProcessErrors.ParameterInvalid),
                ("Parameter.reason", ProcessErrors.ParameterDuplicate),
                ("Activity.1.Scenario", ProcessErrors.ScenarioRequired),
                ("Activity.1.ElementId", ProcessErrors.ElementRequired),
                ("Activity.1.RunAsUser", ProcessErrors.RunAsUserRequired),
                ("Activity.2", ProcessErrors.UnknownActivity),
                ("Activity.3.Text", ErrorCodes.ParameterInvalid),
                ("Activity.4.Stage", ErrorCodes.ParameterMissing),
            ],
            problems);
        Assert.Throws<InvalidOperationException>(() => ProcessTemplate.Create(definition, RobotsSetup.Catalog, "admin", DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData("12", CrmEntityType.Deal, 12L)]
    [InlineData(" 12 ", CrmEntityType.Deal, 12L)]
    [InlineData("DEAL_5", CrmEntityType.Deal, 5L)]
    [InlineData("contact_45", CrmEntityType.Contact, 45L)]
    [InlineData("COMPANY_7", CrmEntityType.Company, 7L)]
    [InlineData("LEAD_3", CrmEntityType.Lead, 3L)]
    public void AnElementId_NamesARecord(string text, CrmEntityType type, long id) =>
        Assert.Equal((type, id), ProcessActivities.ParseElement(text, CrmEntityType.Deal));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-4")]
    [InlineData("Order 42")]
    [InlineData("TASK_5")]
    [InlineData("DEAL_")]
    [InlineData("2_5")]
    [InlineData("DEAL_5x")]
    public void AnythingElse_NamesNothing(string? text) => Assert.Null(ProcessActivities.ParseElement(text, CrmEntityType.Deal));

    [Fact]
    public void TheChain_RemembersEachStartOnce_AndTheLastActivityCompletes()
    {
        var template = ProcessTemplate.Create(Valid(ProcessActivities.NewStartScenario(7), new ProcessActivity("crm.add_comment", new Dictionary<string, string?> { ["Text"] = "x" })), RobotsSetup.Catalog, "admin", DateTimeOffset.UtcNow);
        var instance = ProcessInstance.Start(template, 12, ProcessTrigger.Manual, "manager", new Dictionary<string, string>(), DateTimeOffset.UtcNow);
        var link = ProcessInstance.ChainLink(7, CrmEntityType.Deal, 12);

        instance.AddToChain(link);
        instance.AddToChain(link);
        instance.Begin(DateTimeOffset.UtcNow);
        instance.ActivityDone(DateTimeOffset.UtcNow);
        Assert.Equal((ProcessStatus.Running, false), (instance.Status, instance.IsOver));
        instance.ActivityDone(DateTimeOffset.UtcNow);

        Assert.Equal(["7:Deal:12"], instance.Chain);
        Assert.Equal((ProcessStatus.Completed, true, 2), (instance.Status, instance.IsOver, instance.NextActivity));
    }

    [Theory]
    [InlineData(CrmEntityType.Contact)]
    [InlineData(CrmEntityType.Company)]
    public void AStageChangeStart_IsForDealsAndLeadsOnly(CrmEntityType type) =>
        Assert.Contains(ProcessRules.Problems(Valid() with { EntityType = type, StartStageId = null }, RobotsSetup.Catalog), p => p.Code == ProcessErrors.NoStages);

    [Fact]
    public void ALinkTheInstanceAddedItself_IsNoLoop_OnlyAnInheritedOneIs()
    {
        var template = ProcessTemplate.Create(Valid(), RobotsSetup.Catalog, "admin", DateTimeOffset.UtcNow);
        var instance = ProcessInstance.Start(template, 12, ProcessTrigger.Manual, "manager", new Dictionary<string, string>(), DateTimeOffset.UtcNow);
        var link = ProcessInstance.ChainLink(7, CrmEntityType.Deal, 12);

        instance.AddToChain(link);

        Assert.False(instance.WouldLoop(link));
    }
}
