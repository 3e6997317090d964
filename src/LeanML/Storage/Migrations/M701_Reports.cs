namespace LeanML.Storage.Migrations;

/// <summary>
/// The reports index in the state store: one row per report file with the SHA-256 of its bytes (what an incremental
/// re-index compares), its front matter as columns for the filters, and its text for search.
/// </summary>
internal sealed class M701_Reports : Migration
{
    public override int Version => 701;

    public override StoreKind Store => StoreKind.State;

    public override string Name => "reports index";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"""
            CREATE TABLE {d.Meta("reports")} (
              path TEXT PRIMARY KEY,
              sha256 TEXT NOT NULL,
              title TEXT NOT NULL,
              authors TEXT NOT NULL,
              tags TEXT NOT NULL,
              project TEXT,
              status TEXT NOT NULL,
              created TEXT NOT NULL,
              tldr TEXT NOT NULL,
              body TEXT NOT NULL,
              indexed_at TEXT NOT NULL)
            """;
        yield return $"CREATE INDEX {d.MetaIndex("reports_created")} ON {d.Meta("reports")} (created)";
    }
}
