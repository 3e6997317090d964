using System.Data.Common;
using LeanML.Storage;

namespace LeanML.Ingestion;

/// <summary>A file's rows just written into its table, inside the load's transaction (given to <see cref="IngestRequest.AfterLoad"/>).</summary>
/// <param name="Warehouse">The warehouse the rows went to.</param>
/// <param name="Transaction">The load's transaction, not yet committed.</param>
/// <param name="File">The absolute path of the file.</param>
/// <param name="Table">The table the rows went to.</param>
/// <param name="LoadId">The load's id: the rows of this file are those whose <c>_load_id</c> is this.</param>
/// <param name="FileColumns">The file's own columns in its order: the table's name and type, and the header as the file writes it.</param>
public sealed record LoadedFile(Database Warehouse, DbTransaction Transaction, string File, string Table, string LoadId, IReadOnlyList<ColumnInfo> FileColumns)
{
    /// <summary>The file's SHA-256 (lower-case hex), computed while it loaded.</summary>
    public Task<string> Sha256 { get; init; } = Task.FromResult("");

    /// <summary>Set by the step after the load: the vendor adapter that mapped these rows into a canonical table (logged with the load).</summary>
    public string? Adapter { get; set; }
}
