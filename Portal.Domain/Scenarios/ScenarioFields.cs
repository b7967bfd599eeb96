using Portal.Domain.Crm;
using Portal.Domain.Robots;

namespace Portal.Domain.Scenarios;

/// <summary>What a placeholder stands for: where it comes from and how it is formatted.</summary>
public enum FieldKind
{
    Text,
    Money,
    Date,
    Phone,
    Id,

    /// <summary>A plain number (a process variable of type number).</summary>
    Number,

    /// <summary>A deal's stage or a lead's status: reads as its name, a process condition can test it against a list of stages.</summary>
    Stage,
}

/// <summary>Which group of the field picker a placeholder belongs to.</summary>
public enum FieldGroup
{
    Record,
    Contact,
    Company,
    Responsible,
    Launch,
    Settings,

    /// <summary>A business process's variables (<c>{{Variables.Name}}</c>).</summary>
    Variables,
}

/// <summary>
/// A placeholder the field picker offers and the renderer resolves. <see cref="LabelKey"/> is a
/// resource key for CRM fields; launch parameters and settings carry their own label in <see cref="Label"/>.
/// </summary>
public sealed record ScenarioField(string Name, FieldGroup Group, FieldKind Kind, string? LabelKey = null, string? Label = null)
{
    public string Placeholder => $"{{{{{Name}}}}}";
}

/// <summary>
/// The placeholders a scenario may use: the fields of its entity type and of the records linked to it,
/// its responsible user, and its own launch parameters and settings. Anything else is refused at save.
/// </summary>
public static class ScenarioFields
{
    public const string LaunchPrefix = "Launch";
    public const string SettingsPrefix = "Settings";

    private static readonly ScenarioField[] Responsible =
    [
        Field("Responsible.Id", FieldGroup.Responsible, FieldKind.Id),
        Field("Responsible.Name", FieldGroup.Responsible, FieldKind.Text),
        Field("Responsible.Email", FieldGroup.Responsible, FieldKind.Text),
    ];

    private static readonly ScenarioField[] ContactFields =
    [
        Field("Contact.Id", FieldGroup.Contact, FieldKind.Id),
        Field("Contact.Name", FieldGroup.Contact, FieldKind.Text),
        Field("Contact.Phone", FieldGroup.Contact, FieldKind.Phone),
        Field("Contact.Email", FieldGroup.Contact, FieldKind.Text),
    ];

    private static readonly ScenarioField[] CompanyFields =
    [
        Field("Company.Id", FieldGroup.Company, FieldKind.Id),
        Field("Company.Name", FieldGroup.Company, FieldKind.Text),
        Field("Company.Phone", FieldGroup.Company, FieldKind.Phone),
        Field("Company.Email", FieldGroup.Company, FieldKind.Text),
    ];

    private static readonly Dictionary<CrmEntityType, ScenarioField[]> ByType = new()
    {
        [CrmEntityType.Deal] =
        [
            Field("Deal.Id", FieldGroup.Record, FieldKind.Id),
            Field("Deal.Title", FieldGroup.Record, FieldKind.Text),
            Field("Deal.Amount", FieldGroup.Record, FieldKind.Money),
            Field("Deal.Stage", FieldGroup.Record, FieldKind.Stage),
            Field("Deal.Source", FieldGroup.Record, FieldKind.Text),
            Field("Deal.CreatedAt", FieldGroup.Record, FieldKind.Date),
            .. ContactFields, .. CompanyFields, .. Responsible,
        ],
        [CrmEntityType.Lead] =
        [
            Field("Lead.Id", FieldGroup.Record, FieldKind.Id),
            Field("Lead.Title", FieldGroup.Record, FieldKind.Text),
            Field("Lead.Name", FieldGroup.Record, FieldKind.Text),
            Field("Lead.Status", FieldGroup.Record, FieldKind.Stage),
            Field("Lead.Phone", FieldGroup.Record, FieldKind.Phone),
            Field("Lead.Email", FieldGroup.Record, FieldKind.Text),
            Field("Lead.CreatedAt", FieldGroup.Record, FieldKind.Date),
            .. Responsible,
        ],
        [CrmEntityType.Contact] = [.. ContactFields, Field("Contact.CreatedAt", FieldGroup.Contact, FieldKind.Date), .. CompanyFields, .. Responsible],
        [CrmEntityType.Company] =
        [
            .. CompanyFields, Field("Company.Industry", FieldGroup.Company, FieldKind.Text),
            Field("Company.CreatedAt", FieldGroup.Company, FieldKind.Date), .. Responsible,
        ],
    };

    /// <summary>The CRM fields of an entity type, in the order the picker shows them.</summary>
    public static IReadOnlyList<ScenarioField> For(CrmEntityType type) => ByType[type];

    /// <summary>The CRM fields plus the scenario's own launch parameters and settings.</summary>
    public static IReadOnlyList<ScenarioField> For(CrmEntityType type, IEnumerable<ScenarioStep> steps, RobotCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(catalog);
        var own = steps
            .Where(step => catalog.Find(step.RobotKey) is not null)
            .SelectMany(step => step.Inputs
                .Where(input => input.Source != ValueSource.Fixed)
                .Select(input => new ScenarioField(
                    $"{(input.Source == ValueSource.LaunchParameter ? LaunchPrefix : SettingsPrefix)}.{step.Key}.{input.Name}",
                    input.Source == ValueSource.LaunchParameter ? FieldGroup.Launch : FieldGroup.Settings,
                    FieldKind.Text,
                    catalog.Find(step.RobotKey)!.Input(input.Name)?.LabelKey(step.RobotKey),
                    input.Label)));
        return [.. ByType[type], .. own];
    }

    /// <summary>
    /// The placeholders a launch value (typed at launch, or the admin's default) may use: the CRM fields and the
    /// settings. Launch values render before the other values, each on its own, so none may stand on another.
    /// </summary>
    public static IReadOnlySet<string> ForLaunchValues(CrmEntityType type, IEnumerable<ScenarioStep> steps, RobotCatalog catalog) =>
        For(type, steps, catalog).Where(f => f.Group != FieldGroup.Launch).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The key a launch parameter or setting is stored and asked under: "step1.Message" (its placeholder is "Launch.step1.Message").</summary>
    public static string ValueKey(ScenarioStep step, StepInput input)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(input);
        return $"{step.Key}.{input.Name}";
    }

    private static ScenarioField Field(string name, FieldGroup group, FieldKind kind) => new(name, group, kind, $"Field.{name}");
}
