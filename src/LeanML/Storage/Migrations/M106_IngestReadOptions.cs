namespace LeanML.Storage.Migrations;

/// <summary>
/// The ingest log keeps how each load read its file (delimiter, encoding, --type, --dayfirst, the sheet …), so loading
/// the same bytes read another way is a new load rather than "already loaded" (older loads, NULL, read with the
/// defaults), and which vendor adapter mapped it into a canonical table, so a copy of the same export is not mapped twice.
/// </summary>
internal sealed class M106_IngestReadOptions : Migration
{
    public override int Version => 106;

    public override StoreKind Store => StoreKind.Warehouse;

    public override string Name => "ingest log: each load's reading options and vendor adapter";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"ALTER TABLE {d.Meta("ingest_log")} ADD COLUMN read_options {d.Text}";
        yield return $"ALTER TABLE {d.Meta("ingest_log")} ADD COLUMN adapter {d.Text}";
    }
}
