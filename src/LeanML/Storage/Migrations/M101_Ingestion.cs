namespace LeanML.Storage.Migrations;

/// <summary>The ingest log (one row per load attempt) and the column metadata of ingested tables.</summary>
internal sealed class M101_Ingestion : Migration
{
    public override int Version => 101;

    public override StoreKind Store => StoreKind.Warehouse;

    public override string Name => "ingest log and column metadata";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"""
            CREATE TABLE {d.Meta("ingest_log")} (
              load_id TEXT PRIMARY KEY,
              file_path TEXT NOT NULL,
              sha256 TEXT NOT NULL,
              size_bytes {d.BigInt} NOT NULL,
              format TEXT NOT NULL,
              table_name TEXT NOT NULL,
              mode TEXT NOT NULL,
              rows_read {d.BigInt} NOT NULL,
              rows_loaded {d.BigInt} NOT NULL,
              rows_quarantined {d.BigInt} NOT NULL,
              rows_updated {d.BigInt} NOT NULL,
              duplicates {d.BigInt} NOT NULL,
              warnings TEXT NOT NULL,
              schema_snapshot TEXT NOT NULL,
              started_at TEXT NOT NULL,
              finished_at TEXT NOT NULL,
              outcome TEXT NOT NULL,
              error TEXT)
            """;
        yield return $"CREATE INDEX {d.MetaIndex("ingest_log_table")} ON {d.Meta("ingest_log")} (table_name, sha256)";
        yield return $"""
            CREATE TABLE {d.Meta("columns")} (
              table_name TEXT NOT NULL,
              column_name TEXT NOT NULL,
              ordinal INTEGER NOT NULL,
              original_name TEXT NOT NULL,
              type TEXT NOT NULL,
              unit TEXT,
              PRIMARY KEY (table_name, column_name))
            """;
    }
}
