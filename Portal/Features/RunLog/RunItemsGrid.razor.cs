using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Features.Crm;
using Portal.Features.Scenarios;

namespace Portal.Features.RunLog;

/// <summary>
/// A run's items in a server-paged grid. The filters are the page's (from the address): choosing one changes the address.
/// <see cref="RefreshAsync"/> reads the page on screen and the steps of the opened items again (the run page's live refresh).
/// </summary>
public sealed partial class RunItemsGrid
{
    private const int PageSize = 20;
    private static readonly int[] PageSizes = [20, 50, 100];

    /// <summary>The steps of the items opened, by item id (read when an item is opened, again on each refresh).</summary>
    private readonly Dictionary<long, IReadOnlyList<RunStepRow>> _steps = [];
    private MudDataGrid<RunItemLine>? _grid;
    private long _total;
    private GridData<RunItemLine> _shownData = new() { Items = [], TotalItems = 0 };

    /// <summary>The page on screen, so that the next or previous one is read by keyset (null when the filter changed).</summary>
    private ShownItems? _shown;

    /// <summary>What the items were read for: another run or filter starts again from the first page.</summary>
    private (long RunId, ItemStatus? Status, string? ErrorCode, string? Record) _for;

    [Inject]
    private RunQueries Runs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Parameter, EditorRequired]
    public long RunId { get; set; }

    [Parameter, EditorRequired]
    public CrmEntityType EntityType { get; set; }

    [Parameter, EditorRequired]
    public string UserId { get; set; } = string.Empty;

    /// <summary>The status filter (from the address).</summary>
    [Parameter]
    public ItemStatus? Status { get; set; }

    /// <summary>The error-code filter (from the address).</summary>
    [Parameter]
    public string? ErrorCode { get; set; }

    /// <summary>The record search (from the address): a record's id, or part of its name.</summary>
    [Parameter]
    public string? Record { get; set; }

    /// <summary>The run's error codes with how many items failed with each: the error filter's choices.</summary>
    [Parameter]
    public IReadOnlyList<ErrorCodeCount> ErrorCodes { get; set; } = [];

    /// <summary>Stages, users and lines by name, for the steps' recorded inputs.</summary>
    [Parameter]
    public ChoiceSet Choices { get; set; } = ChoiceSet.None;

    /// <summary>Cancelled when the page goes.</summary>
    [Parameter]
    public CancellationToken Token { get; set; }

    private string ExportPath => $"/runs/{RunId}/items.csv{FilterQuery(Status, ErrorCode, null)}";

    /// <summary>The error filter's codes: the run's, and the one in the address even when no item has it (yet).</summary>
    private IEnumerable<string> ErrorChoices =>
        ErrorCode is { } shown && ErrorCodes.All(e => e.Code != shown) ? [.. ErrorCodes.Select(e => e.Code), shown] : ErrorCodes.Select(e => e.Code);

    protected override async Task OnParametersSetAsync()
    {
        var wanted = (RunId, Status, ErrorCode, Record);
        if (wanted == _for)
        {
            return;
        }

        var anotherRun = wanted.RunId != _for.RunId;
        _for = wanted;
        _shown = null;
        _steps.Clear();
        if (_grid is not null)
        {
            // Another run (after "re-run failed") or filter: its items from the first page.
            if (_grid.CurrentPage == 0 || anotherRun)
            {
                await _grid.ReloadServerData();
            }
            else
            {
                _grid.NavigateTo(Page.First);
            }
        }
    }

    /// <summary>Reads the page on screen again, and the steps of the items opened on it.</summary>
    public Task RefreshAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private async Task<GridData<RunItemLine>> LoadAsync(GridState<RunItemLine> state, CancellationToken cancellation)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellation, Token);
        var request = new PageRequest(state.Page * state.PageSize, state.PageSize);
        try
        {
            var page = await Runs.ItemsAsync(UserId, RunId, Status, request, ErrorCode, _shown, Record, both.Token);

            // Steps of opened items that are still moving are read again.
            foreach (var item in page.Rows.Where(i => _steps.ContainsKey(i.Id)))
            {
                _steps[item.Id] = await Runs.StepsAsync(UserId, item.Id, both.Token);
            }

            _shown = ShownItems.Of(request, page.Rows);
            _total = page.Total;
            _shownData = new GridData<RunItemLine> { Items = page.Rows.Select(r => new RunItemLine(r)).ToList(), TotalItems = (int)Math.Min(page.Total, int.MaxValue) };
        }
        catch (OperationCanceledException)
        {
            // A newer read (a filter, another page, the next refresh) or the page's end: what is shown stays.
        }

        return _shownData;
    }

    private async Task ToggleAsync(CellContext<RunItemLine> cell)
    {
        var id = cell.Item.Row.Id;
        if (cell.Open)
        {
            _steps.Remove(id);
        }
        else
        {
            _steps[id] = await Runs.StepsAsync(UserId, id, Token);
        }

        await cell.Actions.ToggleHierarchyVisibilityForItemAsync();
    }

    /// <summary>A filter changes the address; the page reads its filters from there.</summary>
    private void ChangeStatus(ItemStatus? status) => Navigation.NavigateTo($"/runs/{RunId}{FilterQuery(status, ErrorCode, Record)}");

    private void ChangeError(string? error) => Navigation.NavigateTo($"/runs/{RunId}{FilterQuery(Status, error, Record)}");

    private void ChangeRecord(string? record) => Navigation.NavigateTo($"/runs/{RunId}{FilterQuery(Status, ErrorCode, record?.Trim())}");

    private static string FilterQuery(ItemStatus? status, string? error, string? record)
    {
        var parts = new List<string>(3);
        if (status is { } s)
        {
            parts.Add($"status={s}");
        }

        if (!string.IsNullOrEmpty(error))
        {
            parts.Add($"error={Uri.EscapeDataString(error)}");
        }

        if (!string.IsNullOrEmpty(record))
        {
            parts.Add($"record={Uri.EscapeDataString(record)}");
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    private string StatusText(ItemStatus? status) => status is { } s ? L[$"Runs.ItemStatus.{s}"] : L["Runs.AllStatuses"];

    /// <summary>An error code as the filter shows it: its text and how many items failed with it ("The phone number is invalid (2)").</summary>
    private string ErrorText(string? code) => code is null
        ? L["RunExport.AllErrors"]
        : $"{L[$"ErrorCode.{code}"]} ({Number(ErrorCodes.FirstOrDefault(e => e.Code == code)?.Count ?? 0)})";

    private static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);
}

/// <summary>An item's row in the grid: the same row, kept open, however its status moves on between refreshes (equal by the item's id).</summary>
public sealed class RunItemLine(RunItemRow row) : IEquatable<RunItemLine>
{
    public RunItemRow Row { get; } = row;

    public bool Equals(RunItemLine? other) => other is not null && other.Row.Id == Row.Id;

    public override bool Equals(object? obj) => Equals(obj as RunItemLine);

    public override int GetHashCode() => Row.Id.GetHashCode();
}
