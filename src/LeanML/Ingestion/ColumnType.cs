namespace LeanML.Ingestion;

/// <summary>
/// The logical type of an ingested column. Stored the same way in SQLite and PostgreSQL: integer as INTEGER/BIGINT,
/// real and money as REAL/DOUBLE PRECISION, boolean as INTEGER 0/1, date as TEXT yyyy-MM-dd,
/// timestamp as TEXT ISO 8601 UTC, text as TEXT.
/// </summary>
public enum ColumnType
{
    /// <summary>Whole numbers (64-bit).</summary>
    Integer,

    /// <summary>Floating-point numbers, including number strings with thousands separators.</summary>
    Real,

    /// <summary>Amounts written with a currency symbol; stored as a number, the currency kept as the column's unit.</summary>
    Money,

    /// <summary>true/false, yes/no, t/f; stored as 1/0.</summary>
    Boolean,

    /// <summary>Calendar dates, stored as yyyy-MM-dd.</summary>
    Date,

    /// <summary>Points in time, stored as yyyy-MM-ddTHH:mm:ss[.f]Z (UTC).</summary>
    Timestamp,

    /// <summary>Anything else, stored as written.</summary>
    Text,
}
