using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Features.Account;
using Portal.Features.Crm;
using Portal.Features.Scenarios;

namespace Portal.Features.Processes;

/// <summary>
/// A business-process template's editor: loads it (or starts a new one), saves it, and says what the save refused: the
/// problems on their fields and in a list, someone else's change (with a reload), no right, gone.
/// </summary>
public partial class ProcessEditorPage
{
    private static readonly CrmEntityType[] EntityOrder = [CrmEntityType.Deal, CrmEntityType.Lead, CrmEntityType.Contact, CrmEntityType.Company];

    private PageState _state = PageState.Loading;
    private ProcessDraft? _draft;
    private ChoiceSet _choices = ChoiceSet.None;
    private IReadOnlyList<ScenarioSummary> _scenarios = [];
    private IReadOnlyList<ProcessProblem> _problems = [];
    private string? _message;
    private bool _conflict;
    private bool _saved;
    private bool _imported;
    private bool _busy;
    private string _userId = string.Empty;

    private enum PageState
    {
        Loading,
        Ready,
        NotFound,
    }

    [Inject]
    private ProcessAdmin Processes { get; set; } = default!;

    [Inject]
    private ScenarioAdmin Scenarios { get; set; } = default!;

    [Inject]
    private ScenarioChoices ChoiceSource { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IJSRuntime Js { get; set; } = default!;

    [Parameter]
    public long? Id { get; set; }

    [SupplyParameterFromQuery(Name = "saved")]
    public int? SavedFlag { get; set; }

    [SupplyParameterFromQuery(Name = "imported")]
    public int? ImportedFlag { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _userId = await CurrentUser.IdAsync();
        _choices = await ChoiceSource.LoadAsync();
        _scenarios = await Scenarios.ListAsync();
        await LoadAsync();
        _saved = SavedFlag == 1 && _draft?.Id is not null;
        _imported = ImportedFlag == 1 && _draft?.Id is not null;
    }

    private bool Has(string field) => _problems.Any(p => p.Field == field);

    private async Task LoadAsync()
    {
        (_problems, _message, _conflict, _saved) = ([], null, false, false);
        if (Id is not { } id)
        {
            _draft = new ProcessDraft();
            _state = PageState.Ready;
            return;
        }

        var edit = await Processes.GetAsync(id);
        _draft = edit is null ? null : ProcessDraft.From(edit);
        _state = edit is null ? PageState.NotFound : PageState.Ready;
    }

    private void ChangeType(CrmEntityType type)
    {
        _draft!.EntityType = type;
        _draft.StartStageId = null;

        // Contacts and companies have no stage to change.
        _draft.StartsOnStageChange &= _draft.HasStages;
    }

    private async Task SaveAsync()
    {
        (_problems, _message, _conflict, _saved, _busy) = ([], null, false, false, true);
        try
        {
            var result = await Processes.SaveAsync(_userId, _draft!.Id, _draft.Version, _draft.ToDefinition());
            switch (result.Status)
            {
                case CommandStatus.Ok when _draft.Id is null:
                    Navigation.NavigateTo($"/business-processes/{result.Id}?saved=1");
                    return;
                case CommandStatus.Ok:
                    await LoadAsync();
                    _saved = true;
                    return;
                default:
                    (_message, _conflict) = SaveRefusal.Of(L, "ProcessAdmin", result.Status);
                    _problems = result.AllProblems;
                    return;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Downloads the saved template (not unsaved changes) as the JSON file an import reads, as scenarios do.</summary>
    private async Task ExportAsync()
    {
        if (_draft?.Id is { } id && await Processes.ExportAsync(id) is { } file)
        {
            await Js.InvokeVoidAsync("portal.download", file.FileName, file.Json);
        }
    }

    private async Task DeleteAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["Crm.Delete"], L["ProcessAdmin.DeleteConfirm", _draft!.Name], yesText: L["Crm.Delete"], cancelText: L["Common.Cancel"]);
        if (confirmed != true || _draft.Id is not { } id)
        {
            return;
        }

        var status = await Processes.DeleteAsync(_userId, id);
        if (status is CommandStatus.Ok or CommandStatus.NotFound)
        {
            Navigation.NavigateTo("/business-processes");
            return;
        }

        _message = L["ProcessAdmin.NoRight"];
    }
}
