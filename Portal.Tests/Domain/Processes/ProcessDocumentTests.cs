using System.Text.Json;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Features.Engine.Robots;
using static Portal.Tests.Domain.Processes.ProcessPlanTests;

namespace Portal.Tests.Domain.Processes;

public class ProcessDocumentTests
{
    private static readonly ProcessDefinition Rich = new(
        "Invoice follow-up", "When the invoice is sent", CrmEntityType.Deal, true, true, false, true, 3, [new ProcessParameter("Reason", "Reason", true)],
        [
            ProcessActivities.NewSetVariable("Total", VariableType.Number, "{{Deal.Amount}}"),
            ProcessActivities.NewCondition(
                new ProcessBranch("Big", ConditionJoin.Any, [new("{{Variables.Total}}", ConditionOperator.Greater, "100000"), new("{{Deal.Stage}}", ConditionOperator.InStages, Stages: [3, 4])], [
                    Comment("head of sales"),
                    ProcessActivities.NewCondition(new ProcessBranch(null, ConditionJoin.All, [new("{{Start.Reason}}", ConditionOperator.IsNotEmpty)], [Comment("{{Start.Reason}}")])),
                ]),
                new ProcessBranch(null, ConditionJoin.All, [], [])),
            ProcessActivities.NewStartScenario(7),
        ]);

    [Fact]
    public void AnExport_ImportsAsTheSameTemplate_InactiveUntilSwitchedOn_AndValid()
    {
        var json = ProcessDocument.Export(Rich);

        var (definition, problem) = ProcessDocument.Import(json);

        Assert.Null(problem);
        Assert.False(definition!.IsActive);
        Assert.Equal(json, ProcessDocument.Export(definition));
        Assert.Empty(ProcessRules.Problems(definition, RobotsSetup.Catalog));
        var condition = JsonDocument.Parse(json).RootElement.GetProperty("activities")[1];
        Assert.Equal("bp.condition", condition.GetProperty("kind").GetString());
        Assert.Equal("Greater", condition.GetProperty("branches")[0].GetProperty("conditions")[0].GetProperty("operator").GetString());
    }

    [Fact]
    public void ListsAFileLeavesOut_AreEmpty()
    {
        var json = """
            {"format": "portal.process", "formatVersion": 1, "name": "Short", "entityType": "Deal", "startsManually": true,
             "activities": [{"kind": "bp.condition", "branches": [{"join": "All", "conditions": [{"left": "{{Deal.Title}}", "operator": "IsEmpty"}]}]}]}
            """;

        var (definition, problem) = ProcessDocument.Import(json);

        Assert.Null(problem);
        var branch = Assert.Single(definition!.Activities[0].Branches!);
        Assert.Empty(branch.Activities);
        Assert.Empty(definition.Activities[0].Values);
        Assert.Empty(ProcessRules.Problems(definition, RobotsSetup.Catalog));
    }

    [Theory]
    [InlineData("{ not json", ProcessErrors.ImportNotJson, "")]
    [InlineData("""{"format": "portal.scenario", "formatVersion": 1}""", ProcessErrors.ImportNotAProcess, "")]
    [InlineData("""{"format": "portal.process", "formatVersion": 2}""", ProcessErrors.ImportUnsupportedVersion, "formatVersion")]
    [InlineData("""{"format": "portal.process", "formatVersion": 1, "entityType": "Deal", "colour": "red"}""", ProcessErrors.ImportUnexpectedValue, "colour")]
    [InlineData("""{"format": "portal.process", "formatVersion": 1, "entityType": "Deal", "activities": [{"kind": "bp.condition", "branches": [{"join": "Some"}]}]}""", ProcessErrors.ImportUnexpectedValue, "activities[0].branches[0].join")]
    [InlineData("""{"format": "portal.process", "formatVersion": 1, "entityType": "Task"}""", ProcessErrors.ImportUnexpectedValue, "entityType")]
    [InlineData("""{"format": "portal.process", "formatVersion": 1}""", ProcessErrors.ImportUnexpectedValue, "entityType")]
    public void ABadFile_IsRefused_SayingWhatIsWrongAndWhere(string json, string code, string field)
    {
        var (definition, problem) = ProcessDocument.Import(json);

        Assert.Null(definition);
        Assert.Equal((code, field), (problem!.Code, problem.Field));
    }
}
