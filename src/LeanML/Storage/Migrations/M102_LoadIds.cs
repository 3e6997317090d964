namespace LeanML.Storage.Migrations;

/// <summary>
/// Load ids are numbers handed out in order (1, 2, 3, …), one row here each, committed on their own before the load
/// starts: concurrent loads never share one, and a load that fails or is killed leaves a gap, as a sequence does.
/// Every ingested row carries its load id, so a short one keeps the tables small (a 26-character ULID was a quarter of
/// a typical row). Loads made before this migration keep their ULIDs.
/// </summary>
internal sealed class M102_LoadIds : Migration
{
    public override int Version => 102;

    public override StoreKind Store => StoreKind.Warehouse;

    public override string Name => "load ids as numbers";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        foreach (var statement in d.CreateAutoIdTable("load_ids", "table_name TEXT NOT NULL, file_path TEXT NOT NULL, created_at TEXT NOT NULL"))
        {
            yield return statement;
        }
    }
}
