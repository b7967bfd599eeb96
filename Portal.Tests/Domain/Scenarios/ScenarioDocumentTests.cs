using System.Text.Json.Nodes;
using Portal.Domain.Crm;
using Portal.Domain.Scenarios;
using static Portal.Tests.Domain.Scenarios.ScenarioSamples;

namespace Portal.Tests.Domain.Scenarios;

public class ScenarioDocumentTests
{
    private static ScenarioDefinition Sample => ScenarioRules.Normalise(new ScenarioDefinition(
        "Welcome «new» deal",
        "Greets the contact\non two lines",
        CrmEntityType.Deal,
        [
            SendMessage("sandbox", "Hello {{Contact.Name}}"),
            Comment(null, ValueSource.LaunchParameter, "Comment"),
            new("flow.wait", [new("Delay", ValueSource.Fixed, "1.00:00:00")]),
            Comment("Sent: {{Launch.step1.Message}} / {{Settings.step1.Line}}"),
        ]));

    private static string Valid(Action<JsonObject> change)
    {
        var file = JsonNode.Parse(ScenarioDocument.Export(Sample, Robots))!.AsObject();
        change(file);
        return file.ToJsonString();
    }

    private static ScenarioProblem ImportRefused(string json)
    {
        var refused = Assert.Throws<ScenarioException>(() => ScenarioDocument.Import(json));
        Assert.Equal(ScenarioException.ImportInvalid, refused.Code);
        return Assert.Single(refused.Problems);
    }

    [Fact]
    public void Export_ThenImport_GivesTheSameDefinition()
    {
        var imported = ScenarioDocument.Import(ScenarioDocument.Export(Sample, Robots));

        Assert.Equal(Sample, ScenarioRules.Normalise(imported));
        Assert.Empty(ScenarioRules.Problems(ScenarioRules.Normalise(imported), Robots));
    }

    [Fact]
    public void Export_IsIndentedCamelCaseJson_UnderTheFormatMarker()
    {
        var json = ScenarioDocument.Export(Sample, Robots);
        var file = JsonNode.Parse(json)!;

        Assert.Contains("\n", json, StringComparison.Ordinal);
        Assert.Equal(ScenarioDocument.Format, (string?)file["format"]);
        Assert.Equal(ScenarioDocument.FormatVersion, (int?)file["formatVersion"]);
        Assert.Equal("Deal", (string?)file["entityType"]);
        Assert.Equal("olchat.send_message", (string?)file["steps"]![0]!["robot"]);
        Assert.Equal("AdminSetting", (string?)file["steps"]![0]!["inputs"]![0]!["source"]);
        Assert.Equal([1, 2, 3, 4], file["steps"]!.AsArray().Select(s => (int)s!["id"]!));
    }

    [Fact]
    public void ExportThenImport_OfReorderedStepsWithGaps_KeepsPlaceholdersPointingAtTheirInputs()
    {
        // Step 1 was deleted and the others reordered: ids are 3, 2 and a placeholder refers to step 3.
        var edited = ScenarioRules.Normalise(new ScenarioDefinition(
            "Edited",
            null,
            CrmEntityType.Deal,
            [
                SendMessage("sandbox") with { Id = 3 },
                Comment("Told them {{Launch.step3.Message}}") with { Id = 2 },
            ]));
        Assert.Empty(ScenarioRules.Problems(edited, Robots));

        var imported = ScenarioRules.Normalise(ScenarioDocument.Import(ScenarioDocument.Export(edited, Robots)));

        Assert.Empty(ScenarioRules.Problems(imported, Robots));
        Assert.Equal(edited, imported);
        Assert.Equal(["step3.Message"], ScenarioRules.LaunchParameters(imported.Steps, Robots).Select(p => p.Key));
    }

    [Fact]
    public void Export_LeavesSecretValuesOut_AndImportKeepsTheBinding()
    {
        var definition = ScenarioRules.Normalise(Deal(new ScenarioStep("test.typed",
            [new("Token", ValueSource.AdminSetting, "s3cr3t-token"), new("Count", ValueSource.Fixed, "7")])));

        var json = ScenarioDocument.Export(definition, WithTestRobot);
        var imported = ScenarioDocument.Import(json);

        Assert.DoesNotContain("s3cr3t-token", json, StringComparison.Ordinal);
        Assert.Equal(new StepInput("Token", ValueSource.AdminSetting), imported.Steps[0].Input("Token"));
        Assert.Equal("7", imported.Steps[0].Input("Count")!.Value);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("")]
    [InlineData("{\"format\": \"portal.scenario\",")]
    public void Import_NotJson_IsRefused(string text)
    {
        var problem = ImportRefused(text);

        Assert.Equal("import.not_json", problem.Code);
        Assert.NotNull(problem.Line);
    }

    [Fact]
    public void Import_NotJson_SaysOnWhichLine()
    {
        var problem = ImportRefused("{\n  \"format\": \"portal.scenario\",\n  \"name\": oops\n}");

        Assert.Equal(("import.not_json", 3), (problem.Code, problem.Line));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("{\"format\": \"other.thing\", \"formatVersion\": 1, \"entityType\": \"Deal\"}")]
    public void Import_JsonWithoutTheFormatMarker_IsNotAScenario(string json) =>
        Assert.Equal("import.not_a_scenario", ImportRefused(json).Code);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Import_UnsupportedFormatVersion_IsRefusedNamingIt(int version)
    {
        var problem = ImportRefused(Valid(f => f["formatVersion"] = version));

        Assert.Equal(("import.unsupported_version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), (problem.Code, problem.Detail));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"format\": \"portal.scenario\"}]")]
    [InlineData("\"portal.scenario\"")]
    [InlineData("42")]
    [InlineData("{\"name\": \"My scenario\", \"steps\": []}")]
    [InlineData("{\"runAs\": \"root\"}")]
    [InlineData("{\"format\": 1}")]
    [InlineData("{\"Format\": \"portal.scenario\", \"formatVersion\": 1, \"entityType\": \"Deal\"}")]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {}}]}")]
    public void Import_ValidJsonThatIsNotAScenarioExport_IsNotAScenario_NotInvalidJson(string json) =>
        Assert.Equal("import.not_a_scenario", ImportRefused(json).Code);

    [Fact]
    public void Import_AnotherVersionWithMembersThisOneDoesNotKnow_IsAnUnsupportedVersion()
    {
        var problem = ImportRefused(Valid(f =>
        {
            f["formatVersion"] = 2;
            f["triggers"] = new JsonArray();
        }));

        Assert.Equal(("import.unsupported_version", "2"), (problem.Code, problem.Detail));
    }

    [Fact]
    public void Import_UnknownProperty_IsAnUnexpectedValue_SayingWhere()
    {
        var problem = ImportRefused(Valid(f => f["runAs"] = "root"));

        Assert.Equal(("import.unexpected_value", "runAs"), (problem.Code, problem.Detail));
        Assert.NotNull(problem.Line);
    }

    [Fact]
    public void Import_UnknownPropertyInAStep_IsAnUnexpectedValue_SayingWhere()
    {
        var problem = ImportRefused(Valid(f => f["steps"]![0]!["script"] = "rm -rf /"));

        Assert.Equal(("import.unexpected_value", "steps[0].script"), (problem.Code, problem.Detail));
    }

    [Theory]
    [InlineData("\"Invoice\"")]
    [InlineData("7")]
    public void Import_UnknownEntityType_IsAnUnexpectedValue(string entityType) =>
        Assert.Equal("import.unexpected_value", ImportRefused(Valid(f => f["entityType"] = JsonNode.Parse(entityType))).Code);

    [Fact]
    public void Import_MissingEntityType_SaysSo() =>
        Assert.Equal("import.entity_type_missing", ImportRefused(Valid(f => f.Remove("entityType"))).Code);

    [Fact]
    public void Import_StepWithoutRobot_IsRefusedNamingTheStep()
    {
        var problem = ImportRefused(Valid(f => f["steps"]![1]!.AsObject().Remove("robot")));

        Assert.Equal(("import.step_without_robot", "2"), (problem.Code, problem.Detail));
    }

    [Fact]
    public void Import_NullStep_IsAStepWithoutRobot() =>
        Assert.Equal("import.step_without_robot", ImportRefused(Valid(f => f["steps"]![0] = null)).Code);

    [Fact]
    public void Import_OnlyReadsTheFile_TheRulesStillApplyAtSave()
    {
        var definition = ScenarioDocument.Import(Valid(f =>
        {
            f["name"] = "";
            f["steps"]![1]!["robot"] = "no.such_robot";
        }));

        var problems = ScenarioRules.Problems(ScenarioRules.Normalise(definition), Robots);

        Assert.Equal([ScenarioException.NameRequired, ScenarioException.UnknownRobot], problems.Select(p => p.Code));
    }

    [Fact]
    public void Import_MissingSourceOrInputs_DefaultsToFixedAndNone()
    {
        var definition = ScenarioDocument.Import(
            """{"format":"portal.scenario","formatVersion":1,"name":"Bare","entityType":"Contact","steps":[{"robot":"crm.add_comment","inputs":[{"name":"Text","value":"hi"}]},{"robot":"flow.wait"}]}""");

        Assert.Equal(CrmEntityType.Contact, definition.EntityType);
        Assert.Equal(new StepInput("Text", ValueSource.Fixed, "hi"), definition.Steps[0].Input("Text"));
        Assert.Empty(definition.Steps[1].Inputs);
        Assert.Equal([1, 2], ScenarioRules.Normalise(definition).Steps.Select(s => s.Id));
    }
}
