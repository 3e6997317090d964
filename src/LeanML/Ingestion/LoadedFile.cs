using System.Data.Common;
using LeanML.Storage;

namespace LeanML.Ingestion;

/// <summary>A file's rows just written into its table, inside the load's transaction (given to <see cref="IngestRequest.AfterLoad"/>).</summary>
/// <param name="Warehouse">The warehouse the rows went to.</param>
/// <param name="Transaction">The load's transaction, not yet committed.</param>
/// <param name="File">The absolute path of the file.</param>
/// <param name="Table">The table the rows went to.</param>
/// <param name="LoadId">
/// The load's id as text: the rows of this file are those whose <c>_load_id</c> is this number (select them with
/// <see cref="LoadIdMatch"/>, which compares in the column's own type: a BIGINT, or text in a table made before 2026-12).
/// </param>
/// <param name="FileColumns">The file's own columns in its order: the table's name and type, and the header as the file writes it.</param>
public sealed record LoadedFile(Database Warehouse, DbTransaction Transaction, string File, string Table, string LoadId, IReadOnlyList<ColumnInfo> FileColumns)
{
    /// <summary>The file's SHA-256 (lower-case hex), computed while it loaded.</summary>
    public Task<string> Sha256 { get; init; } = Task.FromResult("");

    /// <summary>How the load read its file (<see cref="ReaderOptions.Fingerprint"/>; empty for the defaults).</summary>
    public string ReadOptions { get; init; } = "";

    /// <summary>True when the table holds <c>_load_id</c> as text (a table made before 2026-12), not as a number.</summary>
    public bool LoadIdIsText { get; init; }

    /// <summary>
    /// The condition that picks this load's rows of its table, comparing <c>_load_id</c> with the text parameter
    /// <c>@load</c> (the load id) in the column's own type, so a DuckDB scan skips other loads' row groups.
    /// </summary>
    public string LoadIdMatch() =>
        $"{SqlNames.Quote(Internal.TableDdl.LoadIdColumn)} = CAST(@load AS {(LoadIdIsText ? Warehouse.Engine.Text : Warehouse.Engine.BigInt)})";

    /// <summary>Set by the step after the load: the vendor adapter that mapped these rows into a canonical table (logged with the load).</summary>
    public string? Adapter { get; set; }

    /// <summary>The statements left to run after the load commits; empty when none.</summary>
    public IReadOnlyList<DeferredStatement> AfterCommit { get; private set; } = [];

    /// <summary>Told the rows each statement of <see cref="AfterCommit"/> changed, once they committed.</summary>
    internal Action<IReadOnlyList<long>>? Committed { get; private set; }

    /// <summary>
    /// Leaves <paramref name="statements"/> to run after the load commits, in one transaction of their own, where the
    /// engine would run them on one thread inside the load's (<see cref="Storage.StorageEngine.ScansOwnWritesOnOneThread"/>).
    /// The ingest log keeps them with the load until they have run, so a kill between the two commits is finished by the
    /// next open of the warehouse for writing; <paramref name="committed"/> is told the rows each changed.
    /// </summary>
    public void Defer(IReadOnlyList<DeferredStatement> statements, Action<IReadOnlyList<long>> committed)
    {
        // The log stores a statement's text beside its parameters, under "sql".
        if (statements.Any(s => s.Parameters.ContainsKey("sql")))
        {
            throw new ArgumentException("a deferred statement's parameter cannot be called 'sql'.", nameof(statements));
        }

        AfterCommit = statements;
        Committed = committed;
    }
}
