using System.Globalization;
using Microsoft.AspNetCore.Components;
using Portal.Components;
using Portal.Domain.Runs;
using Portal.Features.Account;

namespace Portal.Features.RunLog;

/// <summary>
/// The run log (<c>/runs</c>): the dashboard of the runs the filter finds (the last day's unless it names a period),
/// the filter bar and a page of those runs. The
/// filter is the address's query (<c>?scenario=&amp;status=&amp;by=&amp;source=&amp;from=&amp;to=</c>), so a link opens a
/// filtered list; what cannot be read there is said and nothing is searched. While the newest runs (or a run still
/// going) are on screen, the page reads them, their counts and the dashboard again every few seconds.
/// </summary>
public sealed partial class RunsPage : IDisposable
{
    public const int PageSize = 25;
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(3);
    private readonly LiveRefresh _live = new();

    /// <summary>Counts the loads the user asked for, so a live refresh started before one is dropped.</summary>
    private int _version;

    /// <summary>Where each page shown so far starts (null: the newest); the last is the page on screen.</summary>
    private readonly List<RunCursor?> _cursors = [null];
    private readonly List<string> _errors = [];
    private readonly RunsFilterValues _values = new();
    private string _userId = "";
    private RunDashboard? _dashboard;
    private RunLogOptions? _options;
    private RunFilter _filter = new();
    private RunLogPage? _page;
    private RunCounts? _counts;

    /// <summary>What the dashboard's heading says of the applied filter (not of the bar's values being chosen).</summary>
    private string? _period;
    private bool _narrowed;

    [Inject]
    private RunLogQueries RunLog { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "scenario")]
    public string? ScenarioQuery { get; set; }

    [SupplyParameterFromQuery(Name = "status")]
    public string? StatusQuery { get; set; }

    [SupplyParameterFromQuery(Name = "by")]
    public string? LaunchedByQuery { get; set; }

    [SupplyParameterFromQuery(Name = "source")]
    public string? SourceQuery { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? FromQuery { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? ToQuery { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _userId = await CurrentUser.IdAsync();
        _options = await RunLog.OptionsAsync(_userId);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            // While the page shows the newest runs (where new ones appear) or a run still going.
            _live.Start(RefreshEvery, () => _errors.Count == 0 && (_cursors.Count == 1 || _page?.Rows.Any(r => r.Status.IsActive()) == true), InvokeAsync, RefreshAsync);
        }
    }

    private async Task RefreshAsync()
    {
        // Dropped when the user moved on meanwhile (another page or filter): an older answer never overwrites a newer one.
        var (token, version, filter, cursor) = (_live.Token, _version, _filter, _cursors[^1]);
        var page = await RunLog.SearchRunsAsync(_userId, filter, cursor, PageSize, token);
        var counts = await RunLog.CountsAsync(_userId, filter, token);
        var dashboard = await RunLog.DashboardAsync(_userId, filter, Clock.GetUtcNow(), token);
        if (version == _version)
        {
            (_page, _counts, _dashboard) = (page, counts, dashboard);
            StateHasChanged();
        }
    }

    public void Dispose() => _live.Dispose();

    protected override async Task OnParametersSetAsync()
    {
        ReadQuery();
        _cursors.Clear();
        _cursors.Add(null);
        await LoadAsync(dashboard: true);
    }

    /// <summary>Fills the filter bar from the address; what cannot be read is said, and nothing is searched.</summary>
    private void ReadQuery()
    {
        _errors.Clear();
        _values.Clear();
        if (!string.IsNullOrEmpty(ScenarioQuery))
        {
            if (long.TryParse(ScenarioQuery, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                _values.ScenarioId = id;
            }
            else
            {
                _errors.Add(L["RunLog.Error.BadScenario", ScenarioQuery]);
            }
        }

        _values.Outcome = ParseEnum<RunOutcomeKind>(StatusQuery, "RunLog.Error.BadStatus");
        _values.Source = ParseEnum<RunSource>(SourceQuery, "RunLog.Error.BadSource");
        _values.LaunchedById = string.IsNullOrEmpty(LaunchedByQuery) ? null : LaunchedByQuery;
        _values.From = ParseDate(FromQuery);
        _values.To = ParseDate(ToQuery);
        _filter = new RunFilter(_values.ScenarioId, _values.Outcome, _values.LaunchedById, _values.Source, Start(_values.From), Start(_values.To?.AddDays(1)));
        _period = PeriodOf(_values.From, _values.To);
        _narrowed = _filter.ScenarioId is not null || _filter.LaunchedById is not null || _filter.Source is not null;
        if (_errors.Count == 0 && _filter.Error is { } error)
        {
            _errors.Add(L[error]);
        }
    }

    private T? ParseEnum<T>(string? text, string errorKey)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !text.Any(char.IsDigit))
        {
            return value;
        }

        _errors.Add(L[errorKey, text]);
        return null;
    }

    private DateTime? ParseDate(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTime.TryParseExact(text, RunsFilterValues.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        _errors.Add(L["RunLog.Error.BadDate", text]);
        return null;
    }

    /// <summary>The start of a day in the server's time zone, as the launch times are shown.</summary>
    private DateTimeOffset? Start(DateTime? day) =>
        day is { } d ? new DateTimeOffset(d.Date, Clock.LocalTimeZone.GetUtcOffset(d.Date)) : null;

    /// <summary>
    /// Reads the page on screen, the counts (when the filter changed) and, with <paramref name="dashboard"/>, the
    /// dashboard. A load overtaken by a newer one (the user moved on meanwhile) changes nothing: the lifecycle does not
    /// wait for one navigation's load before starting the next.
    /// </summary>
    private async Task LoadAsync(bool dashboard)
    {
        var version = ++_version;
        if (_errors.Count > 0)
        {
            (_page, _counts, _dashboard) = (null, null, null);
            return;
        }

        var page = await RunLog.SearchRunsAsync(_userId, _filter, _cursors[^1], PageSize);
        var counts = _counts ?? await RunLog.CountsAsync(_userId, _filter);
        var board = dashboard ? await RunLog.DashboardAsync(_userId, _filter, Clock.GetUtcNow()) : _dashboard;
        if (version == _version)
        {
            (_page, _counts, _dashboard) = (page, counts, board);
        }
    }

    /// <summary>Puts the filter bar's values in the address; the list is then read again for them.</summary>
    private void Apply()
    {
        _counts = null;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters("/runs", _values.ToQuery()));
    }

    private void FilterByScenario(long scenarioId)
    {
        _values.Clear();
        _values.ScenarioId = scenarioId;
        Apply();
    }

    /// <summary>The dashboard's period as the applied filter names it (the days chosen); null for the last 24 hours.</summary>
    private string? PeriodOf(DateTime? fromDay, DateTime? toDay) => (fromDay, toDay) switch
    {
        (null, null) => null,
        ({ } from, null) => L["RunLog.PeriodFrom", Day(from)].Value,
        (null, { } to) => L["RunLog.PeriodTo", Day(to)].Value,
        ({ } from, { } to) => L["RunLog.Period", Day(from), Day(to)].Value,
    };

    private static string Day(DateTime day) => day.ToString("d", CultureInfo.CurrentCulture);

    private async Task OlderAsync()
    {
        if (_page?.Next is { } next)
        {
            _cursors.Add(next);
            await LoadAsync(dashboard: false);
        }
    }

    private async Task NewerAsync()
    {
        if (_cursors.Count > 1)
        {
            _cursors.RemoveAt(_cursors.Count - 1);
            await LoadAsync(dashboard: false);
        }
    }
}
