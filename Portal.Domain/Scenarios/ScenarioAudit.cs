using Portal.Domain.Robots;

namespace Portal.Domain.Scenarios;

/// <summary>What kind of change an audit line records.</summary>
public enum ChangeKind
{
    Created,
    Imported,
    Duplicated,
    Renamed,
    DescriptionChanged,
    EntityTypeChanged,
    StepAdded,
    StepRemoved,
    StepMoved,
    BindingChanged,
    ValueChanged,
    LabelChanged,
    Activated,
    Deactivated,
    Deleted,
}

/// <summary>
/// One line of the audit trail. <see cref="Step"/> is the 1-based position after the change (before it,
/// for a removed step); <see cref="Before"/>/<see cref="After"/> are the values, secrets already masked.
/// </summary>
public sealed record ChangeItem(ChangeKind Kind, int Step = 0, string? Robot = null, string? Input = null, string? Before = null, string? After = null);

/// <summary>One save of a scenario: who, when, which version it produced and what changed.</summary>
public sealed class ScenarioChange
{
    private ScenarioChange()
    {
    }

    public ScenarioChange(long scenarioId, int version, string userId, DateTimeOffset at, IReadOnlyList<ChangeItem> items)
    {
        ScenarioId = scenarioId;
        Version = version;
        UserId = userId;
        At = at;
        Items = items;
    }

    public long Id { get; private set; }

    public long ScenarioId { get; private set; }

    public int Version { get; private set; }

    public string UserId { get; private set; } = string.Empty;

    public DateTimeOffset At { get; private set; }

    public IReadOnlyList<ChangeItem> Items { get; private set; } = [];
}

/// <summary>Turns two versions of a scenario into the audit lines an admin reads ("step 2: Message changed").</summary>
public static class ScenarioAudit
{
    public const string Masked = "••••••";

    public static IReadOnlyList<ChangeItem> Compare(ScenarioDefinition before, ScenarioDefinition after, RobotCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(catalog);
        var items = new List<ChangeItem>();
        if (before.Name != after.Name)
        {
            items.Add(new ChangeItem(ChangeKind.Renamed, Before: before.Name, After: after.Name));
        }

        if (before.Description != after.Description)
        {
            items.Add(new ChangeItem(ChangeKind.DescriptionChanged, Before: before.Description, After: after.Description));
        }

        if (before.EntityType != after.EntityType)
        {
            items.Add(new ChangeItem(ChangeKind.EntityTypeChanged, Before: before.EntityType.ToString(), After: after.EntityType.ToString()));
        }

        var old = before.Steps.Select((step, index) => (step, index)).ToDictionary(s => s.step.Id);
        var kept = after.Steps.Where(s => old.ContainsKey(s.Id)).Select(s => s.Id).ToList();
        var keptBefore = before.Steps.Where(s => kept.Contains(s.Id)).Select(s => s.Id).ToList();
        foreach (var (step, index) in before.Steps.Select((s, i) => (s, i)).Where(s => after.Steps.All(a => a.Id != s.s.Id)))
        {
            items.Add(new ChangeItem(ChangeKind.StepRemoved, index + 1, step.RobotKey));
        }

        for (var i = 0; i < after.Steps.Count; i++)
        {
            var step = after.Steps[i];
            if (!old.TryGetValue(step.Id, out var previous))
            {
                items.Add(new ChangeItem(ChangeKind.StepAdded, i + 1, step.RobotKey));
                continue;
            }

            if (keptBefore.IndexOf(step.Id) != kept.IndexOf(step.Id))
            {
                items.Add(new ChangeItem(ChangeKind.StepMoved, i + 1, step.RobotKey, Before: (previous.index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            items.AddRange(InputChanges(i + 1, previous.step, step, catalog));
        }

        return items;
    }

    private static IEnumerable<ChangeItem> InputChanges(int number, ScenarioStep before, ScenarioStep after, RobotCatalog catalog)
    {
        var robot = catalog.Find(after.RobotKey);
        var names = before.Inputs.Select(i => i.Name).Union(after.Inputs.Select(i => i.Name), StringComparer.Ordinal);
        foreach (var name in names)
        {
            var was = before.Input(name) ?? new StepInput(name, ValueSource.Fixed);
            var now = after.Input(name) ?? new StepInput(name, ValueSource.Fixed);
            var secret = robot?.Input(name)?.Secret == true;
            if (was.Source != now.Source)
            {
                yield return new ChangeItem(ChangeKind.BindingChanged, number, after.RobotKey, name, was.Source.ToString(), now.Source.ToString());
            }

            if (was.Value != now.Value)
            {
                yield return new ChangeItem(ChangeKind.ValueChanged, number, after.RobotKey, name, Show(was.Value, secret), Show(now.Value, secret));
            }

            if (was.Label != now.Label)
            {
                yield return new ChangeItem(ChangeKind.LabelChanged, number, after.RobotKey, name, was.Label, now.Label);
            }
        }
    }

    private static string? Show(string? value, bool secret) => secret && value is not null ? Masked : value;
}
