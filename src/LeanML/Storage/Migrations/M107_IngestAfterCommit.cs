namespace LeanML.Storage.Migrations;

/// <summary>
/// The ingest log keeps, with a load, the statements it left to run after its commit (a vendor export's canonical
/// mapping on DuckDB, which scans a transaction's own rows on one thread) until they have run, so a load killed between
/// its two commits is finished by the next open for writing. NULL when nothing is left.
/// </summary>
internal sealed class M107_IngestAfterCommit : Migration
{
    public override int Version => 107;

    public override StoreKind Store => StoreKind.Warehouse;

    public override string Name => "ingest log: the work a load left to run after its commit";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"ALTER TABLE {d.Meta("ingest_log")} ADD COLUMN after_commit {d.Text}";
    }
}
