using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Robots;
using Portal.Features.Crm;

namespace Portal.Features.Scenarios;

/// <summary>One choice of a picker input: the stored value and the text shown.</summary>
public sealed record Choice(string Value, string Text);

/// <summary>
/// The choices the scenario editor offers for picker inputs (stages, users, WhatsApp lines), loaded once
/// per editor, and the display text of a stored value (a stage id shows as its name).
/// </summary>
public sealed class ScenarioChoices(IDbContextFactory<PortalDbContext> contextFactory)
{
    public async Task<ChoiceSet> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stages = await db.Stages.AsNoTracking().OrderBy(s => s.PipelineId).ThenBy(s => s.Sort)
            .Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        var statuses = await db.LeadStatuses.AsNoTracking().OrderBy(s => s.Sort)
            .Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName)
            .Select(u => new Choice(u.Id, u.DisplayName)).ToListAsync(cancellationToken);
        var lines = await db.WhatsAppLines.AsNoTracking().Where(l => l.IsActive).OrderBy(l => l.Name)
            .Select(l => new { l.Id, l.Name }).ToListAsync(cancellationToken);
        return new ChoiceSet(
            stages.Select(s => new Choice(Id(s.Id), s.Name)).ToList(),
            statuses.Select(s => new Choice(Id(s.Id), s.Name)).ToList(),
            users,
            lines.Select(l => new Choice(Id(l.Id), l.Name)).ToList());
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record ChoiceSet(IReadOnlyList<Choice> Stages, IReadOnlyList<Choice> LeadStatuses, IReadOnlyList<Choice> Users, IReadOnlyList<Choice> Lines)
{
    public static ChoiceSet None { get; } = new([], [], [], []);

    /// <summary>The choices of a picker input on a scenario of <paramref name="type"/>; empty for free-text inputs.</summary>
    public IReadOnlyList<Choice> For(InputType input, CrmEntityType type) => input switch
    {
        InputType.Stage => type == CrmEntityType.Lead ? LeadStatuses : Stages,
        InputType.User => Users,
        InputType.WhatsAppLine => Lines,
        _ => [],
    };

    /// <summary>The text to show for a stored value: the choice's name, or the value itself.</summary>
    public string Show(InputType input, CrmEntityType type, string? value) =>
        value is null ? string.Empty : For(input, type).FirstOrDefault(c => c.Value == value)?.Text ?? value;
}
