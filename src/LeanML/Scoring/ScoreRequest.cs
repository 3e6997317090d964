namespace LeanML.Scoring;

/// <summary>What <c>leanml score</c> was asked to do.</summary>
/// <param name="Project">The project whose model scores.</param>
/// <param name="Output">A warehouse table, or a .csv, .tsv, .jsonl or .parquet file.</param>
public sealed record ScoreRequest(string Project, string Output)
{
    /// <summary>A warehouse table or a file; with neither this nor <see cref="InputSql"/>, the brief's dataset.sql is scored.</summary>
    public string? Input { get; init; }

    /// <summary>One SELECT over the warehouse whose rows are scored.</summary>
    public string? InputSql { get; init; }

    /// <summary>Score with this run instead of the production model.</summary>
    public string? Run { get; init; }

    /// <summary>Allow the output to replace a table that score did not write (its column metadata is replaced with it).</summary>
    public bool Replace { get; init; }

    /// <summary>All or nothing: the first row that cannot be scored fails the whole batch instead of going to the rejects file.</summary>
    public bool Strict { get; init; }
}

/// <summary>The type of a score output column.</summary>
internal enum ScoreColumnKind
{
    /// <summary>Text (ids that are not all whole numbers, labels, run ids).</summary>
    Text,

    /// <summary>A whole number (ids that are).</summary>
    Integer,

    /// <summary>A score or value.</summary>
    Real,

    /// <summary>A time in UTC (scored_at): TIMESTAMP in a table or Parquet, ISO 8601 ending in Z in text.</summary>
    Timestamp,
}
