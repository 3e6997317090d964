namespace LeanML.Ingestion;

/// <summary>The profile of a table: its row count and each column's profile.</summary>
public sealed record TableProfile(string Table, long Rows, IReadOnlyList<ColumnProfile> Columns)
{
    /// <summary>The label the columns' association was measured against, when one was given.</summary>
    public string? Label { get; init; }

    /// <summary>auc (a two-valued label: each column's AUC alone), correlation (a numeric label), or null.</summary>
    public string? AssociationKind { get; init; }

    /// <summary>The label value counted as positive for auc (the larger of the two, as the warehouse orders them).</summary>
    public string? Positive { get; init; }

    /// <summary>The table carries the lineage columns _load_id and _source_line (left out of <see cref="Columns"/>).</summary>
    public bool Lineage { get; init; }
}
