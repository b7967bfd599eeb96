using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Features.Engine.Robots;

namespace Portal.Tests.Domain.Runs;

public class ScenarioRunTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static Scenario ActiveScenario()
    {
        var definition = ScenarioRules.Normalise(new ScenarioDefinition(
            "Greet", null, CrmEntityType.Deal, [new ScenarioStep("crm.add_comment", [new StepInput("Text", ValueSource.LaunchParameter, "Hi", "Text")])]));
        var scenario = Scenario.Create(definition, RobotsSetup.Catalog, "admin", Now);
        scenario.Activate("admin", Now);
        return scenario;
    }

    [Fact]
    public void Launch_SnapshotsTheScenarioAndTheAnswers()
    {
        var scenario = ActiveScenario();

        var run = ScenarioRun.Launch(scenario, new Dictionary<string, string> { ["step1.Text"] = "Hello" }, 501, 250, "manager", "manager", RunSource.Ui, Now, "ru");

        Assert.Equal((scenario.Version, CrmEntityType.Deal, RunStatus.Queued, "ru"), (run.ScenarioVersion, run.EntityType, run.Status, run.Culture));
        Assert.Equal(scenario.Steps, run.Steps);
        Assert.Equal("Hello", run.LaunchValues["step1.Text"]);
        Assert.Equal(3, run.ChunkCount);
        Assert.Equal((0, 0, 1, 2), (run.ChunkOf(0), run.ChunkOf(249), run.ChunkOf(250), run.ChunkOf(500)));
    }

    [Fact]
    public void AScenarioThatCannotRun_IsNeverLaunched()
    {
        var scenario = ActiveScenario();
        scenario.Deactivate("admin", Now);

        Assert.Throws<InvalidOperationException>(() =>
            ScenarioRun.Launch(scenario, new Dictionary<string, string>(), 1, 250, "manager", "manager", RunSource.Ui, Now, "en"));
    }

    [Fact]
    public void Stop_EndsTheRunOnce()
    {
        var run = ScenarioRun.Launch(ActiveScenario(), new Dictionary<string, string>(), 1, 250, "manager", "manager", RunSource.Ui, Now, "en");

        run.Stop("manager", Now.AddMinutes(1));

        Assert.Equal((RunStatus.Stopped, Now.AddMinutes(1), "manager"), (run.Status, run.FinishedAt, run.StoppedById));
        Assert.Throws<InvalidOperationException>(() => run.Stop("manager", Now.AddMinutes(2)));
    }
}
