namespace LeanML.Storage.Migrations;

/// <summary>What a score run set aside: rows rejected (to its rejects file), values scored as missing, duplicated ids.</summary>
internal sealed class M305_ScoreRunCounts : Migration
{
    public override int Version => 305;

    public override StoreKind Store => StoreKind.State;

    public override string Name => "score run rejects, missing values and duplicate ids";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"ALTER TABLE {d.Meta("score_runs")} ADD COLUMN rejected_count {d.BigInt} NOT NULL DEFAULT 0";
        yield return $"ALTER TABLE {d.Meta("score_runs")} ADD COLUMN duplicate_ids {d.BigInt} NOT NULL DEFAULT 0";
        yield return $"ALTER TABLE {d.Meta("score_runs")} ADD COLUMN rejects_path {d.Text}";
    }
}
