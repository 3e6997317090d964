namespace LeanML.Ingestion;

/// <summary>What to ingest and how: files, folders or globs, and the options of <c>leanml ingest</c>.</summary>
/// <param name="Paths">Files, folders (their files of known formats) or globs (* and ? in the file name).</param>
public sealed record IngestRequest(IReadOnlyList<string> Paths)
{
    /// <summary>The target table; default: the file name without extension in snake_case.</summary>
    public string? Table { get; init; }

    /// <summary>The key column of an upsert (original header or snake_case name).</summary>
    public string? Key { get; init; }

    /// <summary>Append (default), replace or upsert.</summary>
    public IngestMode Mode { get; init; } = IngestMode.Append;

    /// <summary>How each file is read (format, sheet, forced types, missing-value tokens, encoding, delimiter, …).</summary>
    public ReaderOptions Reader { get; init; } = ReaderOptions.Default;

    /// <summary>
    /// Runs inside each file's load transaction after its rows are written and before it commits (a vendor adapter
    /// filling the canonical tables from the raw rows); an exception rolls the whole load back.
    /// </summary>
    public Func<LoadedFile, CancellationToken, Task>? AfterLoad { get; init; }
}
