using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Features.Account;

namespace Portal.Features.Processes;

/// <summary>
/// The administrators' list of process instances (<c>/business-processes/instances</c>): filtered by template, status,
/// record and start dates, read a page at a time by keyset like the run log; stops one instance, or all the filter
/// matches after a confirmation naming how many. The service checks the caller again on every call.
/// </summary>
public sealed partial class ProcessInstancesPage
{
    public const int PageSize = 25;

    /// <summary>Where each page shown so far starts (null: the newest); the last is the page on screen.</summary>
    private readonly List<ProcessInstanceCursor?> _cursors = [null];
    private readonly FilterValues _values = new();
    private IReadOnlyList<ProcessTemplateRow> _templates = [];
    private ProcessInstanceFilter _filter = new();
    private ProcessInstancePage? _page;
    private string _userId = string.Empty;
    private string? _error;
    private bool _busy;

    [Inject]
    private ProcessInstanceSearch Search { get; set; } = default!;

    [Inject]
    private ProcessControl Control { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _userId = await CurrentUser.IdAsync();
        _templates = await Search.TemplatesAsync();
        await LoadAsync();
    }

    private async Task ApplyAsync()
    {
        _filter = new ProcessInstanceFilter(_values.TemplateId, _values.Status, _values.EntityType, _values.EntityId, Start(_values.From), Start(_values.To?.AddDays(1)));
        _cursors.Clear();
        _cursors.Add(null);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _error = _filter.Error is { } error ? L[error].Value : null;
        _page = _error is null ? await Search.ListAsync(_userId, _filter, _cursors[^1], PageSize) : null;
    }

    private async Task OlderAsync()
    {
        if (_page?.Next is { } next)
        {
            _cursors.Add(next);
            await LoadAsync();
        }
    }

    private async Task NewerAsync()
    {
        if (_cursors.Count > 1)
        {
            _cursors.RemoveAt(_cursors.Count - 1);
            await LoadAsync();
        }
    }

    private async Task StopAsync(ProcessInstanceListRow row)
    {
        var question = L["EntityProcesses.StopConfirm", row.TemplateName];
        if (await Dialogs.ShowMessageBoxAsync(L["EntityProcesses.StopTitle"], question, yesText: L["EntityProcesses.Stop"], cancelText: L["Common.Cancel"]) != true)
        {
            return;
        }

        await BusyAsync(async () =>
        {
            var status = await Control.StopAsync(_userId, row.Id);
            if (status == ProcessStopStatus.Finished)
            {
                Snackbar.Add(ProcessTexts.CodeText(L, Domain.Common.ErrorCodes.ProcessFinished), Severity.Warning);
            }
        });
    }

    /// <summary>Counts first, so the confirmation names how many instances will stop (those finishing meanwhile are left).</summary>
    private async Task StopAllAsync()
    {
        if (_filter.Error is not null || await Control.CountStoppableAsync(_userId, _filter) is not { } count)
        {
            return;
        }

        if (count == 0)
        {
            Snackbar.Add(L["ProcessInstances.NothingToStop"], Severity.Info);
            return;
        }

        var question = L["ProcessInstances.StopAllConfirm", count.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)];
        if (await Dialogs.ShowMessageBoxAsync(L["ProcessInstances.StopAll"], question, yesText: L["EntityProcesses.Stop"], cancelText: L["Common.Cancel"]) != true)
        {
            return;
        }

        await BusyAsync(async () =>
        {
            var stopped = await Control.StopAllAsync(_userId, _filter) ?? 0;
            Snackbar.Add(L["ProcessInstances.StoppedCount", stopped.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)], Severity.Success);
        });
    }

    /// <summary>Runs a stop with the buttons disabled, then reads the page on screen again.</summary>
    private async Task BusyAsync(Func<Task> stop)
    {
        _busy = true;
        try
        {
            await stop();
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The start of a day in the server's time zone, as the start times are shown (as the run log reads its dates).</summary>
    private DateTimeOffset? Start(DateTime? day) =>
        day is { } d ? new DateTimeOffset(d.Date, Clock.LocalTimeZone.GetUtcOffset(d.Date)) : null;

    /// <summary>What the filter bar edits; applied, it becomes the <see cref="ProcessInstanceFilter"/> the list is read with.</summary>
    private sealed class FilterValues
    {
        public long? TemplateId { get; set; }

        public ProcessStatus? Status { get; set; }

        public CrmEntityType? EntityType { get; set; }

        public long? EntityId { get; set; }

        public DateTime? From { get; set; }

        public DateTime? To { get; set; }
    }
}
