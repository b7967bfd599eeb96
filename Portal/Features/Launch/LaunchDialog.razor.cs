using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Domain.Common;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Domain.Scenarios.Templates;
using Portal.Features.Account;
using Portal.Features.Scenarios;
using InputType = Portal.Domain.Robots.InputType;

namespace Portal.Features.Launch;

/// <summary>
/// The launch dialog's state and commands: the answers typed so far, the pre-check and preview of them (the latest
/// only, a short pause after typing), and Launch (one run however often it is clicked), with problems shown on their field.
/// </summary>
public partial class LaunchDialog
{
    private readonly Dictionary<string, InputDraft> _drafts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposed = new();
    private readonly LatestCall<LaunchCheck> _checks = new();

    /// <summary>Made when the dialog opens: however often Launch is clicked or the request sent, one run.</summary>
    private readonly Guid _launchToken = Guid.NewGuid();
    private CancellationTokenSource? _debounce;
    private LaunchForm? _form;
    private ChoiceSet _choices = ChoiceSet.None;
    private LaunchCheck _check = LaunchCheck.None;
    private IReadOnlyList<LaunchProblem>? _launchProblems;
    private string? _refusal;
    private string _userId = string.Empty;
    private bool _loading = true;
    private bool _checking;
    private bool _launching;
    private bool _attempted;

    [Inject]
    private LaunchPreview Preview { get; set; } = default!;

    [Inject]
    private LaunchService Launcher { get; set; } = default!;

    [Inject]
    private ScenarioChoices ChoiceLoader { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public long ScenarioId { get; set; }

    /// <summary>The selected records, resolved to at most one more than a launch may take (<see cref="TooMany"/>).</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<long> EntityIds { get; set; } = [];

    /// <summary>More records than one launch may take: refused at once, nothing is checked or previewed.</summary>
    private bool TooMany => EntityIds.Count > Preview.MaxEntitiesPerLaunch;

    /// <summary>What stops the launch as a whole: the launch's refusal, or the check's (too many records).</summary>
    private string? Refusal =>
        _refusal ?? ((_launchProblems ?? _check.Problems).FirstOrDefault(p => p.Key.Length == 0) is { } general ? ProblemText(general) : null);

    protected override async Task OnInitializedAsync()
    {
        _userId = await CurrentUser.IdAsync();
        _form = await Preview.FormAsync(_userId, ScenarioId);
        if (_form is not null)
        {
            _choices = await ChoiceLoader.LoadAsync();
            foreach (var field in _form.Fields)
            {
                _drafts[field.Parameter.Key] = new InputDraft { Declared = field.Declared, Source = ValueSource.Fixed, Value = Initial(field) };
            }

            await CheckAsync();
        }

        _loading = false;
    }

    /// <summary>The default, or for a switch and a delay the value the editor shows, so what is seen is what is sent.</summary>
    private static string? Initial(LaunchField field) =>
        field.Parameter.Default ?? field.Declared.Type switch
        {
            InputType.YesNo => "false",
            InputType.Duration => TimeSpan.FromMinutes(5).ToString("c", CultureInfo.InvariantCulture),
            _ => null,
        };

    private Dictionary<string, string?> Values() => _drafts.ToDictionary(d => d.Key, d => d.Value.Value, StringComparer.Ordinal);

    /// <summary>
    /// The pre-check and preview of the answers as they are now. A newer check, newer typing or closing the dialog
    /// cancels this one; a superseded check's answer is never shown (the newer one's is).
    /// </summary>
    private async Task CheckAsync()
    {
        if (TooMany)
        {
            _check = new LaunchCheck([Preview.TooMany], [], null);
            return;
        }

        _checking = true;
        var values = Values();
        if (await _checks.RunAsync(token => Preview.CheckAsync(_userId, ScenarioId, EntityIds, values, CultureInfo.CurrentCulture, token)) is { } check)
        {
            _check = check;
            _checking = false;
        }
    }

    /// <summary>A value changed: its problems show from now on, and the preview follows after a short pause.</summary>
    private async Task ChangedAsync(string key)
    {
        _touched.Add(key);
        _launchProblems = null;
        _refusal = null;

        // The check of the answers before this change is of no use any more.
        await _checks.CancelAsync();
        if (_debounce is not null)
        {
            await _debounce.CancelAsync();
            _debounce.Dispose();
        }

        _debounce = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        var token = _debounce.Token;
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300), token);
            await CheckAsync();
        }
        catch (OperationCanceledException)
        {
            // A newer change (or closing the dialog) took over.
        }
    }

    private async Task LaunchAsync()
    {
        if (_launching)
        {
            // A second click while the first launch is on its way; the launch token would give its run anyway.
            return;
        }

        _attempted = true;
        _refusal = null;
        _launching = true;
        try
        {
            var result = await Launcher.LaunchAsync(new LaunchRequest(_form!.ScenarioId, _form.EntityType, EntityIds, Values(), _userId, RunSource.Ui, LaunchToken: _launchToken));
            if (result.Launched)
            {
                Dialog.Close(DialogResult.Ok(result.RunId));
                return;
            }

            _launchProblems = result.Problems;
            _refusal = result.Problems.Any(p => p.Key.Length == 0) ? null : L[$"ErrorCode.{result.ErrorCode}"].Value;
        }
        finally
        {
            _launching = false;
        }
    }

    /// <summary>The problem of one answer, once it was changed or Launch was clicked; the launch's own answer when there is one.</summary>
    private LaunchProblem? ProblemFor(string key) =>
        _attempted || _touched.Contains(key) ? (_launchProblems ?? _check.Problems).FirstOrDefault(p => p.Key == key) : null;

    private string ProblemText(LaunchProblem problem) => problem switch
    {
        { Code: ErrorCodes.LaunchTooManyEntities, Detail: { } limit } =>
            $"{L[$"ErrorCode.{problem.Code}"]} ({L["Launch.AtMost", int.Parse(limit, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.CurrentCulture)]})",
        { Code: ErrorCodes.ParameterTooLong, Length: { } length, Limit: { } limit } =>
            L["Launch.Problem.parameter.too_long", length.ToString("N0", CultureInfo.CurrentCulture), limit.ToString("N0", CultureInfo.CurrentCulture)],
        { Code: TemplateError.Unknown or TemplateError.Malformed or TemplateError.Empty or TemplateError.Unclosed } =>
            L[$"Launch.Problem.{problem.Code}", problem.Detail ?? string.Empty],
        _ => L[$"ErrorCode.{problem.Code}"],
    };

    public void Dispose()
    {
        _checks.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
        _debounce?.Dispose();
        GC.SuppressFinalize(this);
    }
}
