namespace LeanML.Storage.Migrations;

/// <summary>
/// Each report row linked to its full-text entry by an integer (SQLite: the FTS5 rowid in <c>search_rowid</c>, indexed):
/// dropping a report's entry, and finding the report of a match, no longer read every entry's stored text. Nothing on
/// PostgreSQL, whose tsvector is in the row.
/// </summary>
internal sealed class M703_ReportsSearchLinks : Migration
{
    public override int Version => 703;

    public override StoreKind Store => StoreKind.State;

    public override string Name => "reports full-text entries linked to their rows";

    public override IEnumerable<string> Statements(StorageEngine d) =>
        (d.FullText ?? throw new NotSupportedException($"{d.Name} has no full-text search; the state store is SQLite or PostgreSQL."))
            .LinkRows(d, M702_ReportsSearch.Table, M702_ReportsSearch.Key, M702_ReportsSearch.Columns);
}
