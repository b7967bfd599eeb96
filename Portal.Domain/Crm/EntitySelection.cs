namespace Portal.Domain.Crm;

/// <summary>
/// The records a manager has ticked in a list. Either a set of ids ("these rows"), or a filter with
/// exceptions ("all N matching, except these"): ticking "all matching" never ships a million ids to
/// the browser or back. It survives paging because it does not depend on the page shown.
/// </summary>
public sealed class EntitySelection
{
    private readonly HashSet<long> _ids = [];

    /// <summary>True when the selection is "everything matching the filter", less <see cref="Ids"/>.</summary>
    public bool AllMatching { get; private set; }

    /// <summary>Ticked ids, or, when <see cref="AllMatching"/>, the ids unticked from the filter.</summary>
    public IReadOnlySet<long> Ids => _ids;

    public bool IsEmpty => !AllMatching && _ids.Count == 0;

    public bool IsSelected(long id) => AllMatching ? !_ids.Contains(id) : _ids.Contains(id);

    public void Toggle(long id, bool selected)
    {
        // Selecting adds to the list of ticks, or removes an exception from "all matching".
        if (selected != AllMatching)
        {
            _ids.Add(id);
        }
        else
        {
            _ids.Remove(id);
        }
    }

    public void SetPage(IEnumerable<long> pageIds, bool selected)
    {
        ArgumentNullException.ThrowIfNull(pageIds);
        foreach (var id in pageIds)
        {
            Toggle(id, selected);
        }
    }

    public void SelectAllMatching()
    {
        AllMatching = true;
        _ids.Clear();
    }

    public void Clear()
    {
        AllMatching = false;
        _ids.Clear();
    }

    /// <summary>How many records are selected, given how many match the filter now.</summary>
    public long Count(long matching) => AllMatching ? Math.Max(0, matching - _ids.Count) : _ids.Count;
}
