namespace LeanML.Storage.Migrations;

/// <summary>The full-text index of the reports: FTS5 on SQLite, a weighted tsvector with a GIN index on PostgreSQL.</summary>
internal sealed class M702_ReportsSearch : Migration
{
    /// <summary>The indexed table (a metadata table of the state store).</summary>
    internal const string Table = "reports";

    /// <summary>Its key column.</summary>
    internal const string Key = "path";

    /// <summary>The searched columns, heaviest first: a word in the title counts most, one in the body least.</summary>
    internal static IReadOnlyList<FullTextColumn> Columns { get; } =
        [new("title", 'A'), new("tldr", 'B'), new("tags", 'B'), new("authors", 'C'), new("body", 'D')];

    public override int Version => 702;

    public override StoreKind Store => StoreKind.State;

    public override string Name => "reports full-text search";

    public override IEnumerable<string> Statements(StorageEngine d) =>
        (d.FullText ?? throw new NotSupportedException($"{d.Name} has no full-text search; the state store is SQLite or PostgreSQL."))
            .CreateIndex(d, Table, Key, Columns);
}
