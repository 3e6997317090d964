namespace LeanML.Transforms;

/// <summary>The kinds of data test: dbt's four plus the ones small teams ask for next.</summary>
public enum DataTestKind
{
    /// <summary>No value of the column appears twice (NULLs aside).</summary>
    Unique,

    /// <summary>The column has no NULL.</summary>
    NotNull,

    /// <summary>Every non-NULL value of the column is one of a list.</summary>
    AcceptedValues,

    /// <summary>Every non-NULL value of the column is found in a column of another relation.</summary>
    Relationships,

    /// <summary>Every non-NULL value of the column is between min and max.</summary>
    AcceptedRange,

    /// <summary>The relation's row count is between min and max.</summary>
    RowCount,

    /// <summary>The row count changed by at most max_percent since the previous build (or test run, for a source).</summary>
    RowCountChange,

    /// <summary>A boolean SQL expression holds on every row.</summary>
    Expression,

    /// <summary>The relation has the listed columns, with the listed types.</summary>
    Schema,

    /// <summary>The newest value of a time column is recent enough.</summary>
    Freshness,
}
