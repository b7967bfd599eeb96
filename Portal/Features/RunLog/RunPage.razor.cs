using Microsoft.AspNetCore.Components;
using Portal.Components;
using Portal.Domain.Runs;
using Portal.Features.Account;
using Portal.Features.Scenarios;

namespace Portal.Features.RunLog;

/// <summary>
/// One run: its header (with stop and re-run for who may control it), its facts and counts, and its items. While the
/// run is active the page reads the run and the items on screen again once a second.
/// </summary>
public sealed partial class RunPage : IDisposable
{
    private readonly LiveRefresh _live = new();
    private RunItemsGrid? _items;
    private RunSummary? _run;
    private ItemStatus? _filter;
    private string? _errorFilter;
    private string? _recordFilter;
    private IReadOnlyList<ErrorCodeCount> _errorCodes = [];
    private string _userId = string.Empty;
    private ChoiceSet _choices = ChoiceSet.None;
    private string? _message;
    private bool _loading = true;
    private bool _busy;

    /// <summary>The launch token of "Re-run failed" for the run shown: one re-run however often it is clicked while shown.</summary>
    private Guid _rerunToken = Guid.NewGuid();

    [Inject]
    private RunQueries Runs { get; set; } = default!;

    [Inject]
    private RunControl Control { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private ScenarioChoices ChoiceLoader { get; set; } = default!;

    [Parameter]
    public long Id { get; set; }

    /// <summary>The status filter in the address (<c>?status=Failed</c>), so that a link opens a filtered view.</summary>
    [SupplyParameterFromQuery(Name = "status")]
    public string? StatusQuery { get; set; }

    /// <summary>The error-code filter in the address (<c>?error=phone.invalid</c>).</summary>
    [SupplyParameterFromQuery(Name = "error")]
    public string? ErrorQuery { get; set; }

    [SupplyParameterFromQuery(Name = "record")]
    public string? RecordQuery { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _userId = await CurrentUser.IdAsync();

        // Another run shows the spinner; only other filters on the same run keep the page (the grid reloads its items).
        _loading = _run?.Id != Id;
        if (_loading)
        {
            _rerunToken = Guid.NewGuid();
        }

        _filter = Enum.TryParse<ItemStatus>(StatusQuery, ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : null;
        _errorFilter = string.IsNullOrWhiteSpace(ErrorQuery) ? null : ErrorQuery.Trim();
        _recordFilter = string.IsNullOrWhiteSpace(RecordQuery) ? null : RecordQuery.Trim();
        _message = null;
        _run = await Runs.GetAsync(_userId, Id, _live.Token);
        _errorCodes = _run is null ? [] : await Runs.ErrorCodesAsync(_userId, Id, _live.Token);
        if (_run is not null && ReferenceEquals(_choices, ChoiceSet.None))
        {
            _choices = await ChoiceLoader.LoadAsync(_live.Token);
        }

        _loading = false;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            // While the run is active: its counts and the shown page of items, once a second.
            _live.Start(TimeSpan.FromSeconds(1), () => _run?.Status.IsActive() == true, InvokeAsync, RefreshAsync);
        }
    }

    private async Task RefreshAsync()
    {
        var run = await Runs.GetAsync(_userId, Id, _live.Token);
        if (run is null)
        {
            return;
        }

        _run = run;
        _errorCodes = await Runs.ErrorCodesAsync(_userId, Id, _live.Token);
        if (_items is not null)
        {
            await _items.RefreshAsync();
        }

        StateHasChanged();
    }

    private async Task StopAsync()
    {
        _busy = true;
        var status = await Control.StopAsync(_userId, Id);
        _busy = false;
        _message = status == RunCommandStatus.Ok ? null : L[$"Runs.Command.{status}"].Value;
        await RefreshAsync();
    }

    private async Task UncertainDoneAsync(string message)
    {
        await RefreshAsync();
        _message = message;
    }

    private async Task RerunAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        var (status, launch) = await Control.RerunFailedAsync(_userId, Id, _rerunToken);
        _busy = false;
        if (launch is { Launched: true, RunId: { } runId })
        {
            Navigation.NavigateTo($"/runs/{runId}");
            return;
        }

        _message = status != RunCommandStatus.Ok ? L[$"Runs.Command.{status}"].Value : L[$"ErrorCode.{launch?.ErrorCode}"].Value;
    }

    public void Dispose() => _live.Dispose();
}
