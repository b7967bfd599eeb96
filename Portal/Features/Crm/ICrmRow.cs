namespace Portal.Features.Crm;

/// <summary>A row of a CRM list: what the grid needs to tick it.</summary>
public interface ICrmRow
{
    long Id { get; }
}
