namespace Portal.Domain.Crm;

/// <summary>In progress, or one of the two final outcomes.</summary>
public enum StageSemantics
{
    InProgress,
    Won,
    Lost,
}

/// <summary>A deal pipeline: its ordered stages end in won and lost.</summary>
public sealed class Pipeline
{
    public const int NameMaxLength = 100;

    private Pipeline()
    {
    }

    public Pipeline(int id, string name, int sort)
    {
        Id = id;
        Name = CrmValidation.RequiredText(nameof(Name), name, NameMaxLength);
        Sort = sort;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public int Sort { get; private set; }
}

public sealed class Stage
{
    public const int NameMaxLength = 100;

    private Stage()
    {
    }

    public Stage(int id, int pipelineId, string name, int sort, StageSemantics semantics)
    {
        Id = id;
        PipelineId = pipelineId;
        Name = CrmValidation.RequiredText(nameof(Name), name, NameMaxLength);
        Sort = sort;
        Semantics = semantics;
    }

    public int Id { get; private set; }

    public int PipelineId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public int Sort { get; private set; }

    public StageSemantics Semantics { get; private set; }

    public bool IsFinal => Semantics != StageSemantics.InProgress;
}

/// <summary>The ordered statuses of a lead, ending in converted (won) or junk (lost).</summary>
public sealed class LeadStatus
{
    public const int NameMaxLength = 100;

    private LeadStatus()
    {
    }

    public LeadStatus(int id, string name, int sort, StageSemantics semantics)
    {
        Id = id;
        Name = CrmValidation.RequiredText(nameof(Name), name, NameMaxLength);
        Sort = sort;
        Semantics = semantics;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public int Sort { get; private set; }

    public StageSemantics Semantics { get; private set; }
}
