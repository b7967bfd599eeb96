using Microsoft.Extensions.Localization;
using Portal.Domain.Processes;
using Portal.Domain.Robots;

namespace Portal.Features.Processes;

/// <summary>How activities and codes read, the same in the editor and in the card's process log.</summary>
public static class ProcessTexts
{
    public static string ActivityTitle(IStringLocalizer localizer, RobotCatalog catalog, string kind)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(catalog);
        return kind switch
        {
            ProcessActivities.StartScenario => localizer["ProcessAdmin.Activity.StartScenario"],
            ProcessActivities.Condition => localizer["ProcessAdmin.Activity.Condition"],
            ProcessActivities.SetVariable => localizer["ProcessAdmin.Activity.SetVariable"],
            ProcessActivities.Wait => localizer["ProcessAdmin.Activity.Wait"],
            _ => catalog.Find(kind) is { } robot ? localizer[robot.TitleKey] : kind,
        };
    }

    /// <summary>What the editor calls a condition's branch: its own title, else "If", "Else if" or "Else" by its place.</summary>
    public static string BranchTitle(IStringLocalizer localizer, BranchDraft branch, int index)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(branch);
        var key = branch.IsElse ? "ProcessAdmin.Branch.Else" : index == 0 ? "ProcessAdmin.Branch.If" : "ProcessAdmin.Branch.ElseIf";
        return string.IsNullOrWhiteSpace(branch.Title) ? localizer[key] : $"{localizer[key]} · {branch.Title.Trim()}";
    }

    /// <summary>An error code of the catalogue (<c>rights.insufficient</c>) or a key of the templates' rules (<c>Process.Error.NoStart</c>).</summary>
    public static string CodeText(IStringLocalizer localizer, string code)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer[$"ErrorCode.{code}"] is { ResourceNotFound: false } known ? known.Value : localizer[code];
    }

    /// <summary>A template's problem as the editor says it: on its field, or (<paramref name="withWhere"/>) in the list at the top, naming where it is.</summary>
    public static string ProblemText(IStringLocalizer localizer, ProcessProblem problem, bool withWhere)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var text = CodeText(localizer, problem.Code);
        if (problem.Code == Portal.Domain.Common.ErrorCodes.ParameterInvalid && problem.Detail is not null)
        {
            text = $"{text} ({problem.Detail})";
        }

        if (!withWhere)
        {
            return text;
        }

        var where = problem.Field.Split('.') switch
        {
            ["Activity", ..] parts => Where(localizer, parts),
            ["Parameter", ..] => localizer["ProcessAdmin.Where.Parameter", problem.Field["Parameter.".Length..]].Value,
            _ => null,
        };
        return where is null ? text : $"{where}: {text}";
    }

    /// <summary>The block a nested field is in, outermost first: "Activity 2 › branch 1 › condition 3" (a value's own name left out).</summary>
    private static string Where(IStringLocalizer localizer, string[] parts)
    {
        var steps = new List<string>();
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            var key = parts[i] switch
            {
                "Activity" => steps.Count == 0 ? "ProcessAdmin.Where.Activity" : "ProcessAdmin.Where.NestedActivity",
                "Branch" => "ProcessAdmin.Where.Branch",
                "Condition" => "ProcessAdmin.Where.Condition",
                _ => null,
            };
            if (key is null)
            {
                break;
            }

            steps.Add(localizer[key, parts[i + 1]].Value);
        }

        return string.Join(" › ", steps);
    }

    /// <summary>A field's key as a test id may hold it: <c>Parameter.Reason</c> → <c>Parameter-Reason</c>.</summary>
    public static string TestKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Replace('.', '-');
    }
}
