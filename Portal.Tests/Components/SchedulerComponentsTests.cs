using Portal.Features.Scheduler;
using Portal.Jobs;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class SchedulerComponentsTests(ComponentRenderer renderer) : ComponentTestBase(renderer)
{
    private static readonly JobExecution Failed = new()
    {
        JobGroup = "system",
        JobName = "SchedulerCheckJob",
        Node = "node-a",
        StartedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 1, TimeSpan.Zero),
        Outcome = JobExecutionOutcome.Failed,
        Error = "Connection refused",
        Recovering = true,
    };

    [Fact]
    public async Task ExecutionGrid_Execution_ShowsJobNodeDurationOutcomeAndError()
    {
        var html = await Renderer.RenderAsync<ExecutionGrid>(new Dictionary<string, object?>
        {
            [nameof(ExecutionGrid.Executions)] = new[] { Failed },
            [nameof(ExecutionGrid.EmptyText)] = "nothing",
        });

        Assert.Contains("system.SchedulerCheckJob", html, StringComparison.Ordinal);
        Assert.Contains("node-a", html, StringComparison.Ordinal);
        Assert.Contains("1000 ms", html, StringComparison.Ordinal);
        Assert.Contains("Failed", html, StringComparison.Ordinal);
        Assert.Contains("recovered", html, StringComparison.Ordinal);
        Assert.Contains("Connection refused", html, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecutionGrid_InRussian_TranslatesHeadersAndOutcome()
    {
        var html = await Renderer.RenderAsync<ExecutionGrid>(
            new Dictionary<string, object?> { [nameof(ExecutionGrid.Executions)] = new[] { Failed } },
            culture: "ru");

        Assert.Contains("Задание", html, StringComparison.Ordinal);
        Assert.Contains("Ошибка", html, StringComparison.Ordinal);
        Assert.Contains("восстановлено", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecutionGrid_NoExecutions_ShowsTheEmptyText()
    {
        var html = await Renderer.RenderAsync<ExecutionGrid>(new Dictionary<string, object?>
        {
            [nameof(ExecutionGrid.Executions)] = Array.Empty<JobExecution>(),
            [nameof(ExecutionGrid.EmptyText)] = "No job has failed recently.",
        });

        Assert.Contains("No job has failed recently.", html, StringComparison.Ordinal);
    }
}
