namespace LeanML.Storage.Migrations;

/// <summary>
/// The ingest log keeps how each load read its file (delimiter, encoding, --type, --dayfirst, the sheet …), so loading
/// the same bytes read another way is a new load rather than "already loaded". Older loads, NULL, read with the defaults.
/// </summary>
internal sealed class M106_IngestReadOptions : Migration
{
    public override int Version => 106;

    public override StoreKind Store => StoreKind.Warehouse;

    public override string Name => "ingest log: the reading options of each load";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"ALTER TABLE {d.Meta("ingest_log")} ADD COLUMN read_options {d.Text}";
    }
}
