namespace LeanML.Ingestion;

/// <summary>Names and storage types of <see cref="ColumnType"/>, and the widening rule of schema evolution.</summary>
public static class ColumnTypes
{
    /// <summary>The lower-case name used in metadata, --type and JSON ("integer", "money", …).</summary>
    public static string Name(this ColumnType type) => type switch
    {
        ColumnType.Integer => "integer",
        ColumnType.Real => "real",
        ColumnType.Money => "money",
        ColumnType.Boolean => "boolean",
        ColumnType.Date => "date",
        ColumnType.Timestamp => "timestamp",
        _ => "text",
    };

    /// <summary>Parses a type name as written in --type or metadata; null when unknown.</summary>
    public static ColumnType? Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "integer" or "int" or "bigint" => ColumnType.Integer,
        "real" or "double" or "float" or "number" or "numeric" => ColumnType.Real,
        "money" or "currency" => ColumnType.Money,
        "boolean" or "bool" => ColumnType.Boolean,
        "date" => ColumnType.Date,
        "timestamp" or "datetime" => ColumnType.Timestamp,
        "text" or "string" => ColumnType.Text,
        _ => null,
    };

    /// <summary>
    /// The type a column of type <paramref name="existing"/> must take to also hold values inferred as
    /// <paramref name="incoming"/>: itself when they fit, else integer → real → text.
    /// </summary>
    public static ColumnType Widen(ColumnType existing, ColumnType incoming)
    {
        if (existing == incoming || existing == ColumnType.Text)
        {
            return existing;
        }

        return (existing, incoming) switch
        {
            (ColumnType.Real or ColumnType.Money, ColumnType.Integer or ColumnType.Real or ColumnType.Money) => existing,
            (ColumnType.Integer, ColumnType.Real or ColumnType.Money) => ColumnType.Real,
            (ColumnType.Timestamp, ColumnType.Date) => ColumnType.Timestamp,
            _ => ColumnType.Text,
        };
    }
}
