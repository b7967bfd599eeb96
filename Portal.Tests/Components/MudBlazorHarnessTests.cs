using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>MudBlazor in the component harness: clicks, binding, and the dialog and snackbar services through their providers.</summary>
public sealed class MudBlazorHarnessTests : ComponentTestBase
{
    [Fact]
    public void ButtonClick_RunsItsHandler()
    {
        var clicks = 0;
        var cut = Render<MudButton>(p => p
            .Add(b => b.OnClick, () => clicks++)
            .AddChildContent("Save"));

        cut.Find("button").Click();
        cut.Find("button").Click();

        Assert.Equal(2, clicks);
    }

    [Fact]
    public void CheckBoxClick_ChangesItsValue_AndReportsIt()
    {
        bool? reported = null;
        var cut = Render<MudCheckBox<bool>>(p => p
            .Add(c => c.Value, false)
            .Add(c => c.ValueChanged, value => reported = value)
            .Add(c => c.Label, "Active"));

        cut.Find("input[type=checkbox]").Change(true);

        Assert.True(reported);
        Assert.True(cut.Instance.GetState(c => c.Value));
    }

    [Fact]
    public async Task MessageBox_ThroughTheDialogService_AnswersWhatTheUserClicked()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();

        // Opened on the renderer's dispatcher, not awaited there: the task ends when the user answers.
        var answer = Task.FromResult<bool?>(null);
        await provider.InvokeAsync(() => { answer = dialogs.ShowMessageBoxAsync("Delete the deal?", "It cannot be undone.", yesText: "Delete", cancelText: "Cancel"); });
        var delete = provider.WaitForElement(".mud-dialog .mud-dialog-actions button:last-child");
        Assert.Contains("It cannot be undone.", provider.Find(".mud-dialog").TextContent, StringComparison.Ordinal);
        delete.Click();

        Assert.True(await answer);
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll(".mud-dialog")));
    }

    [Fact]
    public async Task Snackbar_ShowsTheMessage_WhereThePortalPutsThem()
    {
        var provider = Render<MudSnackbarProvider>();
        var snackbar = Services.GetRequiredService<ISnackbar>();

        await provider.InvokeAsync(() => snackbar.Add("Deal saved", Severity.Success));

        provider.WaitForAssertion(() => Assert.Contains("Deal saved", provider.Find(".mud-snackbar").TextContent, StringComparison.Ordinal));
        Assert.NotNull(provider.Find($".{Defaults.Classes.Position.BottomRight}"));
    }
}
