namespace LeanML.Transforms;

/// <summary>
/// One data test's result, as kept in the warehouse (schema <c>leanml</c>, table <c>data_test_results</c>) and shown
/// by <c>leanml test</c>: the relation, the test, whether it held, how many rows failed it and up to 10 of them.
/// </summary>
public sealed record DataTestResult(
    string Relation,
    string RelationKind,
    string Test,
    string Kind,
    string? Column,
    string Severity,
    DataTestStatus Status,
    long FailingRows,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Examples)
{
    /// <summary>The test run (one <c>leanml build</c> or <c>leanml test</c>) the result belongs to.</summary>
    public string RunId { get; init; } = "";

    /// <summary>The table the relation is kept in (a source's table; a transform's own name).</summary>
    public string Table { get; init; } = "";

    /// <summary>build (tested before its swap) or test.</summary>
    public string Phase { get; init; } = "test";

    /// <summary>The relation's row count when tested, when counted.</summary>
    public long? RowCount { get; init; }

    /// <summary>What was measured, in words: "1,204 rows", "newest 2026-11-01T00:00:00 (35.2 days old)".</summary>
    public string? Observed { get; init; }

    /// <summary>Why it failed, or the database's error for a test that could not run.</summary>
    public string? Message { get; init; }

    /// <summary>When it ran (UTC).</summary>
    public DateTimeOffset TestedAt { get; init; }

    /// <summary>The YAML file that declares the test (empty in history read back from the warehouse).</summary>
    public string File { get; init; } = "";

    /// <summary>The line of the declaration.</summary>
    public int Line { get; init; }

    /// <summary>True when the result blocks a swap and makes <c>leanml test</c> exit non-zero.</summary>
    public bool Blocking => Status is DataTestStatus.Fail or DataTestStatus.Error;
}
