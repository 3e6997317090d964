namespace LeanML.Storage.Migrations;

/// <summary>
/// The warehouse tables <c>leanml score</c> wrote, so that a score may replace its own earlier output but never a table
/// a user loaded (that needs <c>--replace</c>). Written in the transaction that writes the table.
/// </summary>
internal sealed class M104_ScoreOutputs : Migration
{
    public override int Version => 104;

    public override StoreKind Store => StoreKind.Warehouse;

    public override string Name => "tables written by score";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"CREATE TABLE {d.Meta("score_outputs")} (table_name {d.Text} PRIMARY KEY, score_id {d.Text} NOT NULL, run_id {d.Text} NOT NULL, written_at {d.Text} NOT NULL)";
    }
}
