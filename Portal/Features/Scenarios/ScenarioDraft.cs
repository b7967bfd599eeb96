using Portal.Domain.Crm;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;

namespace Portal.Features.Scenarios;

/// <summary>One input as the editor edits it; see <see cref="StepInput"/>.</summary>
public sealed class InputDraft
{
    public required RobotInputDescriptor Declared { get; init; }

    public ValueSource Source { get; set; }

    public string? Value { get; set; }

    public string? Label { get; set; }
}

/// <summary>One step as the editor edits it: every declared input is present, in the robot's order.</summary>
public sealed class StepDraft
{
    public int Id { get; init; }

    public required RobotDescriptor Robot { get; init; }

    public required List<InputDraft> Inputs { get; init; }

    /// <summary>A new step with the robot's defaults, every value chosen now.</summary>
    public static StepDraft For(RobotDescriptor robot) => new()
    {
        Robot = robot,
        Inputs = robot.Inputs.Select(i => new InputDraft { Declared = i, Source = ValueSource.Fixed, Value = i.Default }).ToList(),
    };

    public static StepDraft From(ScenarioStep step, RobotDescriptor robot) => new()
    {
        Id = step.Id,
        Robot = robot,
        Inputs = robot.Inputs.Select(declared => step.Input(declared.Name) is { } input
            ? new InputDraft { Declared = declared, Source = input.Source, Value = input.Value, Label = input.Label }
            : new InputDraft { Declared = declared, Source = ValueSource.Fixed, Value = declared.Default }).ToList(),
    };

    public ScenarioStep ToStep() =>
        new(Robot.Key, Inputs.Select(i => new StepInput(i.Declared.Name, i.Source, i.Value, i.Source == ValueSource.LaunchParameter ? i.Label : null)).ToList()) { Id = Id };
}

/// <summary>The editor's working copy of a scenario; <see cref="ToDefinition"/> is what gets saved and previewed.</summary>
public sealed class ScenarioDraft
{
    public long? Id { get; init; }

    public int Version { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public CrmEntityType EntityType { get; set; } = CrmEntityType.Deal;

    public bool IsActive { get; set; }

    public List<StepDraft> Steps { get; init; } = [];

    /// <summary>The highest step id this scenario has used, removed steps included.</summary>
    private int LastStepId { get; set; }

    public static ScenarioDraft From(ScenarioEdit edit, RobotCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(catalog);
        return new ScenarioDraft
        {
            LastStepId = edit.Definition.Steps.Select(s => s.Id).DefaultIfEmpty(0).Max(),
            Id = edit.Id,
            Version = edit.Version,
            Name = edit.Definition.Name,
            Description = edit.Definition.Description,
            EntityType = edit.Definition.EntityType,
            IsActive = edit.IsActive,
            Steps = edit.Definition.Steps
                .Where(s => catalog.Find(s.RobotKey) is not null)
                .Select(s => StepDraft.From(s, catalog.Find(s.RobotKey)!))
                .ToList(),
        };
    }

    /// <summary>
    /// New steps get ids above every id used so far (removed steps included), so keys of existing launch
    /// parameters never move and a placeholder of a removed step never points at a new one.
    /// </summary>
    public StepDraft Add(RobotDescriptor robot)
    {
        var step = StepDraft.For(robot);
        LastStepId = Math.Max(LastStepId, Steps.Select(s => s.Id).DefaultIfEmpty(0).Max()) + 1;
        var added = new StepDraft { Id = LastStepId, Robot = step.Robot, Inputs = step.Inputs };
        Steps.Add(added);
        return added;
    }

    public void Move(StepDraft step, int by)
    {
        var from = Steps.IndexOf(step);
        var to = from + by;
        if (from < 0 || to < 0 || to >= Steps.Count)
        {
            return;
        }

        Steps.RemoveAt(from);
        Steps.Insert(to, step);
    }

    /// <summary>The inputs configured by the admin before launch, with their step, for the "Scenario settings" section.</summary>
    public IEnumerable<(int Number, StepDraft Step, InputDraft Input)> Settings() =>
        Steps.SelectMany((step, index) => step.Inputs.Where(i => i.Source == ValueSource.AdminSetting).Select(i => (index + 1, step, i)));

    /// <summary>The inputs asked at launch, with their step.</summary>
    public IEnumerable<(int Number, StepDraft Step, InputDraft Input)> LaunchInputs() =>
        Steps.SelectMany((step, index) => step.Inputs.Where(i => i.Source == ValueSource.LaunchParameter).Select(i => (index + 1, step, i)));

    public ScenarioDefinition ToDefinition() => new(Name, Description, EntityType, Steps.Select(s => s.ToStep()).ToList());
}
