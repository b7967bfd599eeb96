using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Scenarios;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Scenarios;

/// <summary>Scenarios made through the app's own <see cref="ScenarioAdmin"/>, for the scenario and launch component tests.</summary>
public static class LaunchTestScenarios
{
    /// <summary>The key of the text asked at launch by <see cref="AskedComment"/>.</summary>
    public const string AskedKey = "step1.Text";

    /// <summary>One "add a comment" step whose text is asked at launch.</summary>
    public static ScenarioStep AskedComment(string? defaultText = null) =>
        new("crm.add_comment", [new("Text", ValueSource.LaunchParameter, defaultText, "Comment to add")]);

    public static ScenarioStep FixedComment(string text) => new("crm.add_comment", [new("Text", ValueSource.Fixed, text)]);

    /// <summary>A unique name starting with <paramref name="name"/>.</summary>
    public static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    /// <summary>An administrator: who may manage scenarios.</summary>
    public static Task<PortalUser> AdminAsync(this CrmTestData data) => data.UserAsync("Scenario admin", null, PortalRoles.Administrator);

    /// <summary>A scenario made by <paramref name="userId"/> (who must be allowed to manage scenarios); its id.</summary>
    public static async Task<long> CreateAsync(this ScenarioAdmin admin, string userId, string name, CrmEntityType type, bool active, params ScenarioStep[] steps)
    {
        var result = await admin.CreateAsync(userId, new ScenarioDefinition(name, null, type, steps), active);
        Assert.True(result.Succeeded, $"{result.Status}: {string.Join(", ", result.AllProblems.Select(p => p.Code))}");
        return result.Id;
    }
}
