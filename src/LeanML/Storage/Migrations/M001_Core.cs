namespace LeanML.Storage.Migrations;

/// <summary>Core metadata: facts about the workspace itself (which LeanML created it, and when).</summary>
internal sealed class M001_Core : Migration
{
    public override int Version => 1;

    public override StoreKind Store => StoreKind.State;

    public override string Name => "core workspace facts";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"CREATE TABLE {d.Meta("workspace")} (key TEXT PRIMARY KEY, value TEXT NOT NULL)";
    }
}
