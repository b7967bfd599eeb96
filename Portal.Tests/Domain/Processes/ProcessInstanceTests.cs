using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Features.Engine.Robots;

namespace Portal.Tests.Domain.Processes;

public class ProcessInstanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Stop_OnAnUnfinishedInstance_FinishesItAsStoppedBy()
    {
        var instance = Started();
        instance.Begin(Now);

        instance.Stop("editor", Now.AddMinutes(1));

        Assert.Equal((ProcessStatus.Stopped, "editor", Now.AddMinutes(1), true), (instance.Status, instance.StoppedById, instance.FinishedAt, instance.IsOver));
    }

    [Fact]
    public void Stop_OnAFinishedInstance_IsRefusedWithProcessFinished()
    {
        var instance = Started();
        instance.Fail(Now);

        var error = Assert.Throws<DomainException>(() => instance.Stop("editor", Now));

        Assert.Equal(ErrorCodes.ProcessFinished, error.Code);
        Assert.Equal(ProcessStatus.Failed, instance.Status);
    }

    private static ProcessInstance Started()
    {
        var definition = new ProcessDefinition(
            "Stoppable", null, CrmEntityType.Deal, true, true, false, false, null, [],
            [new ProcessActivity("crm.add_comment", new Dictionary<string, string?> { ["Text"] = "x" })]);
        var template = ProcessTemplate.Create(definition, RobotsSetup.Catalog, "admin", Now);
        return ProcessInstance.Start(template, 1, ProcessTrigger.Manual, "admin", new Dictionary<string, string>(), Now);
    }
}
