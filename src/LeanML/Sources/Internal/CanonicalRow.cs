namespace LeanML.Sources.Internal;

/// <summary>One canonical row being filled by an adapter, or a refund that updates a payment loaded earlier.</summary>
internal sealed class CanonicalRow
{
    private readonly CanonicalTable _table;

    public CanonicalRow(CanonicalTable table, ExportRow row, string? sourceId)
    {
        _table = table;
        Values = new object?[table.Columns.Count];
        SourceId = sourceId;
        var n = table.Columns.Count;
        Values[n - 4] = row.Vendor;
        Values[n - 3] = sourceId;
        Values[n - 2] = row.File;
        Values[n - 1] = row.Line;
    }

    /// <summary>The cells in the table's column order.</summary>
    public object?[] Values { get; }

    /// <summary>The vendor's id of the record.</summary>
    public string? SourceId { get; }

    /// <summary>Set when the row is a refund of the payment <see cref="SourceId"/> (Square's Refund rows), not a payment.</summary>
    public double? RefundAmount { get; set; }

    /// <summary>Sets a column by name.</summary>
    public CanonicalRow Set(string column, object? value)
    {
        Values[_table.IndexOf(column)] = value;
        return this;
    }

    /// <summary>A column's value by name.</summary>
    public object? Get(string column) => Values[_table.IndexOf(column)];
}
