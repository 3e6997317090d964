namespace LeanML.Transforms;

/// <summary>
/// One data test as declared in <c>transforms/NAME.yaml</c> or <c>sources/NAME.yaml</c>: its kind, the column it
/// checks (null for a table-level test), its severity, its arguments, and where it is declared (for messages).
/// </summary>
public sealed record DataTestDefinition(DataTestKind Kind, string? Column, TestSeverity Severity, string File, int Line)
{
    /// <summary>accepted_values: the values allowed, compared as text.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>relationships: the relation the values must be found in.</summary>
    public string? To { get; init; }

    /// <summary>relationships: the column of <see cref="To"/> they must be found in.</summary>
    public string? Field { get; init; }

    /// <summary>accepted_range and row_count: the smallest value allowed (text as written: a number, a date or a timestamp).</summary>
    public string? Min { get; init; }

    /// <summary>accepted_range and row_count: the largest value allowed.</summary>
    public string? Max { get; init; }

    /// <summary>row_count_change: the largest change allowed, in percent of the previous count.</summary>
    public double? MaxPercent { get; init; }

    /// <summary>expression: the SQL that must hold on every row (a column test's column comes first: "amount" + " >= 0").</summary>
    public string? Expression { get; init; }

    /// <summary>schema: the columns expected, each with its type (null: any type).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Columns { get; init; } = [];

    /// <summary>freshness: the age past which the test warns.</summary>
    public TimeSpan? WarnAfter { get; init; }

    /// <summary>freshness: the age past which the test fails.</summary>
    public TimeSpan? ErrorAfter { get; init; }

    /// <summary>The test's display name: <c>not_null(email)</c>, <c>row_count</c>.</summary>
    public string Name => Column is null ? KindName(Kind) : $"{KindName(Kind)}({Column})";

    /// <summary>The YAML name of a kind (snake_case).</summary>
    public static string KindName(DataTestKind kind) => kind switch
    {
        DataTestKind.Unique => "unique",
        DataTestKind.NotNull => "not_null",
        DataTestKind.AcceptedValues => "accepted_values",
        DataTestKind.Relationships => "relationships",
        DataTestKind.AcceptedRange => "accepted_range",
        DataTestKind.RowCount => "row_count",
        DataTestKind.RowCountChange => "row_count_change",
        DataTestKind.Expression => "expression",
        DataTestKind.Schema => "schema",
        DataTestKind.Freshness => "freshness",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
