using Portal.Domain.Crm;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;
using Portal.Features.Engine.Robots;

namespace Portal.Tests.Domain.Scenarios;

/// <summary>
/// A robot with one input of every checked type and a secret, which the product's catalog does not
/// have; tests build a <see cref="RobotCatalog"/> of it next to the real robots.
/// </summary>
[Robot("test.typed", RobotGroup.Other)]
public sealed class TypedTestRobot
{
    [RobotInput(InputType.Number, 1)]
    public const string Count = nameof(Count);

    [RobotInput(InputType.YesNo, 2)]
    public const string Flag = nameof(Flag);

    [RobotInput(InputType.Duration, 3)]
    public const string Delay = nameof(Delay);

    [RobotInput(InputType.Choice, 4, Options = ["a", "b"])]
    public const string Pick = nameof(Pick);

    [RobotInput(InputType.SingleLine, 5, Secret = true)]
    public const string Token = nameof(Token);
}

/// <summary>Shared pieces of the scenario tests: the catalogs, a clock, the seed's example step.</summary>
internal static class ScenarioSamples
{
    public const string User = "admin-user";

    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static RobotCatalog Robots => RobotsSetup.Catalog;

    /// <summary>The product's robots plus <see cref="TypedTestRobot"/>.</summary>
    public static RobotCatalog WithTestRobot { get; } = new(
        RobotCatalog.RobotTypes(typeof(RobotsSetup).Assembly).Append(typeof(TypedTestRobot)));

    /// <summary>The seed's example: line set by the admin before launch, message asked at launch.</summary>
    public static ScenarioStep SendMessage(string? line = null, string? message = null, ValueSource messageSource = ValueSource.LaunchParameter) =>
        new("olchat.send_message",
        [
            new("Line", ValueSource.AdminSetting, line),
            new("Phone", ValueSource.Fixed, "{{Contact.Phone}}"),
            new("WhichNumbers", ValueSource.Fixed, "first_mobile"),
            new("Message", messageSource, message, "Message to send"),
        ]);

    public static ScenarioStep Comment(string? text, ValueSource source = ValueSource.Fixed, string? label = null) =>
        new("crm.add_comment", [new("Text", source, text, label)]);

    public static ScenarioDefinition Deal(params ScenarioStep[] steps) => new("Deal scenario", null, CrmEntityType.Deal, steps);

    public static ScenarioDefinition Contact(params ScenarioStep[] steps) => new("Contact scenario", null, CrmEntityType.Contact, steps);

    public static Scenario Create(ScenarioDefinition definition, RobotCatalog? catalog = null) =>
        Scenario.Create(definition, catalog ?? Robots, User, Now);
}
