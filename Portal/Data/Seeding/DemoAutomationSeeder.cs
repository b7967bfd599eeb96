using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Scenarios;
using Portal.Features.Engine.Robots;

namespace Portal.Data.Seeding;

/// <summary>
/// With the demo data (<c>seed</c>, which <c>run.sh</c> calls): the seed's example scenario, so that a manager can launch
/// it on ticked deals at once, and a business process that starts it when a deal reaches "Invoice sent". Only into a
/// database without scenarios; an administrator changes or deletes them like any other.
/// </summary>
public sealed class DemoAutomationSeeder(PortalDbContext db, TimeProvider clock)
{
    public const string Author = "Portal";
    public const string ScenarioName = "Send a WhatsApp message";
    public const string ProcessName = "Invoice sent: message the customer";
    private const int InvoiceSent = 3;

    /// <summary>
    /// The seed's example on a line: the administrator's line, the contact's first number, and a greeting asked at launch
    /// whose default names each customer ("Hello, Oleg!").
    /// </summary>
    public static ScenarioDefinition ExampleScenario(int lineId) => ScenarioRules.Normalise(new ScenarioDefinition(
        ScenarioName,
        "The seed's example: a WhatsApp message through the line set by the administrator, the text asked at launch.",
        CrmEntityType.Deal,
        [
            new ScenarioStep("olchat.send_message",
            [
                new StepInput("Line", ValueSource.AdminSetting, lineId.ToString(CultureInfo.InvariantCulture)),
                new StepInput("Phone", ValueSource.Fixed, "{{Contact.Phone}}"),
                new StepInput("WhichNumbers", ValueSource.Fixed, Domain.Messaging.WhichNumbers.First),
                new StepInput("Message", ValueSource.LaunchParameter, "Hello, {{Contact.Name}}!"),
            ]),
        ]));

    /// <summary>Whether it added them (false: the database already has scenarios).</summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Scenarios.AnyAsync(cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var line = await db.WhatsAppLines.Where(l => l.Name == ReferenceDataSeeder.SandboxLineName).Select(l => l.Id).SingleAsync(cancellationToken);
        var definition = ExampleScenario(line);
        var scenario = Scenario.Create(definition, RobotsSetup.Catalog, Author, now);
        scenario.Activate(Author, now);
        db.Scenarios.Add(scenario);
        await db.SaveChangesAsync(cancellationToken);

        var start = ProcessActivities.NewStartScenario(scenario.Id);
        var values = new Dictionary<string, string?>(start.Values, StringComparer.Ordinal)
        {
            [ProcessActivities.LaunchPrefix + "step1.Message"] = "Hello, {{Contact.Name}}! The invoice for “{{Deal.Title}}” is on its way.",
        };
        db.ProcessTemplates.Add(ProcessTemplate.Create(
            new ProcessDefinition(
                ProcessName,
                "When a deal reaches “Invoice sent”, the customer gets a WhatsApp message (sandbox line).",
                CrmEntityType.Deal,
                IsActive: true,
                StartsManually: true,
                StartsOnCreate: false,
                StartsOnStageChange: true,
                InvoiceSent,
                [],
                [start with { Values = values }]),
            RobotsSetup.Catalog,
            Author,
            now));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
