using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Domain.Processes;
using Portal.Features.Processes;
using Portal.Localization;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Processes;

public sealed class ProcessTextsTests : ComponentTestBase
{
    [Theory]
    [InlineData("en", "Activity.2.Branch.1.Condition.3", "Activity 2 › branch 1 › condition 3: Choose at least one stage.")]
    [InlineData("ru", "Activity.2.Branch.3.Activity.1.Stage", "Действие 2 › ветка 3 › действие 1: Выберите хотя бы одну стадию.")]
    [InlineData("en", "Activity.4", "Activity 4: Choose at least one stage.")]
    public void ANestedProblem_SaysWhichBlockItIsIn(string culture, string field, string text)
    {
        UseCulture(culture);
        var localizer = Services.GetRequiredService<IStringLocalizer<SharedResource>>();

        Assert.Equal(text, ProcessTexts.ProblemText(localizer, new ProcessProblem(field, ProcessErrors.StagesRequired), withWhere: true));
    }
}
