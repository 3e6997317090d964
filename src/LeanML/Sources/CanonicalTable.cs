namespace LeanML.Sources;

/// <summary>One canonical table: the same columns whichever vendor's export fills it, then the lineage columns.</summary>
/// <param name="Name">The table's name (<c>payments</c>).</param>
/// <param name="Columns">Its columns in order, the four lineage columns last.</param>
public sealed record CanonicalTable(string Name, IReadOnlyList<CanonicalColumn> Columns)
{
    /// <summary>The position of a column (the mapping code names columns; a wrong name is a bug, caught by the adapter tests).</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column)
            {
                return i;
            }
        }

        throw new ArgumentException($"the canonical table '{Name}' has no column '{column}'.", nameof(column));
    }
}
