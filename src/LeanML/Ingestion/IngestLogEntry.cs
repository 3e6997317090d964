namespace LeanML.Ingestion;

/// <summary>One row of the ingest log: what was loaded from which file into which table, and how it ended.</summary>
public sealed record IngestLogEntry(
    string LoadId,
    string FilePath,
    string Sha256,
    long SizeBytes,
    string Format,
    string Table,
    string Mode,
    long RowsRead,
    long RowsLoaded,
    long RowsQuarantined,
    long RowsUpdated,
    long Duplicates,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<ColumnInfo> Schema,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string Outcome,
    string? Error)
{
    /// <summary>How the load read its file, when not with the defaults (<see cref="ReaderOptions.Fingerprint"/>); empty for the defaults.</summary>
    public string ReadOptions { get; init; } = "";

    /// <summary>The vendor adapter (<c>stripe_payments</c> …) that mapped the load into a canonical table, or null.</summary>
    public string? Adapter { get; init; }

    /// <summary>The statements the load leaves to run after its commit (<see cref="LoadedFile.Defer"/>), written with it; not read back.</summary>
    public IReadOnlyList<DeferredStatement> AfterCommit { get; init; } = [];
}
