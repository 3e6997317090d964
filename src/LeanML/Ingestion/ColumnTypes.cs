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

    /// <summary>The logical type whose family a warehouse column type belongs to; null for the rest (BLOB, INTERVAL, LIST...).</summary>
    public static ColumnType? OfStored(string type) => Family(type) switch
    {
        "tinyint" or "smallint" or "integer" or "bigint" or "hugeint" or "utinyint" or "usmallint" or "uinteger" or "ubigint" or "uhugeint" => ColumnType.Integer,
        "real" or "double" or "decimal" => ColumnType.Real,
        "boolean" => ColumnType.Boolean,
        "date" => ColumnType.Date,
        "timestamp" or "timestamptz" or "timestamp_s" or "timestamp_ms" or "timestamp_ns" => ColumnType.Timestamp,
        "text" => ColumnType.Text,
        _ => null,
    };

    /// <summary>
    /// An engine's type name reduced to what both warehouses agree on, so a schema test passes on DuckDB and PostgreSQL
    /// alike: VARCHAR, TEXT and character varying are text; INT8 and BIGINT are bigint; DOUBLE, FLOAT8 and double
    /// precision are double.
    /// </summary>
    public static string Family(string type)
    {
        var t = type.Trim().ToLowerInvariant();
        var paren = t.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            t = t[..paren].Trim();
        }

        return t switch
        {
            "varchar" or "text" or "string" or "character varying" or "char" or "character" or "bpchar" => "text",
            "bigint" or "int8" or "long" or "int64" => "bigint",
            "integer" or "int" or "int4" or "int32" => "integer",
            "smallint" or "int2" or "int16" or "short" => "smallint",
            "tinyint" or "int1" => "tinyint",
            "double" or "double precision" or "float8" or "float" => "double",
            "real" or "float4" => "real",
            "boolean" or "bool" => "boolean",
            "numeric" or "decimal" => "decimal",
            "timestamp" or "timestamp without time zone" or "datetime" => "timestamp",
            "timestamptz" or "timestamp with time zone" => "timestamptz",
            _ => t,
        };
    }
}
