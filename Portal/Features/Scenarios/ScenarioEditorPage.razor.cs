using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Domain.Crm;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;
using Portal.Features.Crm;

namespace Portal.Features.Scenarios;

/// <summary>The scenario editor's state and commands: load a draft, add robots, save (refusals listed by where they are), reload after a conflict.</summary>
public partial class ScenarioEditorPage
{
    private enum PageState
    {
        Loading,
        Ready,
        NoRight,
        NotFound,
    }

    private static readonly CrmEntityType[] Types = [CrmEntityType.Deal, CrmEntityType.Lead, CrmEntityType.Contact, CrmEntityType.Company];

    private PageState _state = PageState.Loading;
    private ScenarioDraft? _draft;
    private bool _savedActive;
    private ChoiceSet _choices = ChoiceSet.None;
    private IReadOnlyList<ScenarioProblem> _problems = [];
    private IReadOnlyList<ScenarioHistoryEntry> _history = [];
    private string? _message;
    private bool _conflict;
    private bool _saved;
    private bool _busy;
    private bool _imported;
    private string _userId = string.Empty;

    [Inject]
    private ScenarioAdmin Scenarios { get; set; } = default!;

    [Inject]
    private ScenarioChoices ChoiceSource { get; set; } = default!;

    [Inject]
    private RobotCatalog Catalog { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Parameter]
    public long? Id { get; set; }

    [SupplyParameterFromQuery(Name = "type")]
    public string? Type { get; set; }

    [SupplyParameterFromQuery(Name = "imported")]
    public int? Imported { get; set; }

    private IReadOnlyList<ScenarioField> Fields => ScenarioFields.For(_draft!.EntityType, _draft.Steps.Select(s => s.ToStep()), Catalog);

    protected override async Task OnParametersSetAsync()
    {
        var access = await LoadAccessAsync();
        _userId = access.Rights.UserId;
        if (!access.Rights.MayManageScenarios)
        {
            _state = PageState.NoRight;
            return;
        }

        _choices = await ChoiceSource.LoadAsync();
        _imported = Imported == 1;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        (_problems, _message, _conflict, _saved) = ([], null, false, false);
        if (Id is not { } id)
        {
            _draft = new ScenarioDraft { EntityType = Enum.TryParse<CrmEntityType>(Type, true, out var type) ? type : CrmEntityType.Deal };
            _state = PageState.Ready;
            return;
        }

        var edit = await Scenarios.GetAsync(id);
        if (edit is null)
        {
            _state = PageState.NotFound;
            return;
        }

        _draft = ScenarioDraft.From(edit, Catalog);
        _savedActive = edit.IsActive;
        _history = await Scenarios.HistoryAsync(id);
        _state = PageState.Ready;
    }

    private async Task AddStepAsync()
    {
        var picker = await Dialogs.ShowAsync<RobotPickerDialog>(L["Scenarios.AddRobot"],
            new DialogParameters<RobotPickerDialog> { { d => d.EntityType, _draft!.EntityType }, { d => d.Catalog, Catalog } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true, BackdropClick = true });
        if (await picker.Result is { Canceled: false, Data: RobotDescriptor chosen })
        {
            _draft.Add(chosen);
        }
    }

    private async Task SaveAsync()
    {
        (_problems, _message, _conflict, _saved, _busy) = ([], null, false, false, true);
        try
        {
            var definition = _draft!.ToDefinition();
            var result = _draft.Id is { } id
                ? await Scenarios.SaveAsync(_userId, id, _draft.Version, definition, _draft.IsActive)
                : await Scenarios.CreateAsync(_userId, definition, _draft.IsActive);
            switch (result.Status)
            {
                case CommandStatus.Ok when _draft.Id is null:
                    Navigation.NavigateTo($"/scenarios/{result.Id}");
                    return;
                case CommandStatus.Ok:
                    await LoadAsync();
                    _saved = true;
                    return;
                default:
                    (_message, _conflict) = SaveRefusal.Of(L, "Scenarios", result.Status);
                    _problems = result.AllProblems;
                    return;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private string? RobotOfStep(int step) => step >= 1 && step <= _draft!.Steps.Count ? _draft.Steps[step - 1].Robot.Key : null;
}
