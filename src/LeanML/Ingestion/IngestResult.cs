namespace LeanML.Ingestion;

/// <summary>
/// The outcome of loading one file. Always: <see cref="RowsRead"/> = <see cref="RowsLoaded"/> + <see cref="RowsQuarantined"/>.
/// </summary>
/// <param name="File">The absolute path of the file.</param>
/// <param name="Table">The table it went to.</param>
/// <param name="LoadId">The load's id (an earlier load's id when <paramref name="AlreadyLoaded"/>).</param>
/// <param name="Format">The format read.</param>
/// <param name="Mode">The mode used.</param>
/// <param name="RowsRead">Data records read (blank lines excluded).</param>
/// <param name="RowsLoaded">Records written (inserted or, in an upsert, updated).</param>
/// <param name="RowsQuarantined">Records set aside in the quarantine file.</param>
/// <param name="RowsUpdated">Rows that existed before this load and were updated by an upsert.</param>
/// <param name="Duplicates">Records of an upsert whose key appeared earlier in the same file (the last wins).</param>
/// <param name="AlreadyLoaded">True when these exact bytes were loaded into this table before: nothing was done.</param>
/// <param name="Warnings">Type fall-backs, widenings, added and missing columns.</param>
/// <param name="Columns">The table's columns after the load.</param>
/// <param name="QuarantineFile">The quarantine file when rows were quarantined.</param>
/// <param name="Sha256">The SHA-256 of the file's bytes.</param>
/// <param name="Seconds">Wall time of the load.</param>
public sealed record IngestResult(
    string File,
    string Table,
    string LoadId,
    IngestFormat Format,
    IngestMode Mode,
    long RowsRead,
    long RowsLoaded,
    long RowsQuarantined,
    long RowsUpdated,
    long Duplicates,
    bool AlreadyLoaded,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<ColumnInfo> Columns,
    string? QuarantineFile,
    string Sha256,
    double Seconds);
