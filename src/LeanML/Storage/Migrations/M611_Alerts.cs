namespace LeanML.Storage.Migrations;

/// <summary>
/// Watch: the alert history, one row per alert and channel tried (sent or failed, with the reason), so the cooldown is
/// kept and a failed channel is retried on the next check.
/// </summary>
internal sealed class M611_Alerts : Migration
{
    public override int Version => 611;

    public override StoreKind Store => StoreKind.State;

    public override string Name => "alert history";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        foreach (var statement in d.CreateAutoIdTable("alerts", $"sent_at TEXT NOT NULL, project TEXT NOT NULL, kind TEXT NOT NULL, rule_key TEXT NOT NULL, channel TEXT NOT NULL, value {d.Real}, threshold {d.Real} NOT NULL, n {d.BigInt} NOT NULL, sentence TEXT NOT NULL, delivered {d.BigInt} NOT NULL, error TEXT"))
        {
            yield return statement;
        }

        yield return $"CREATE INDEX {d.MetaIndex("alerts_rule")} ON {d.Meta("alerts")} (rule_key, channel, sent_at)";
        yield return $"CREATE INDEX {d.MetaIndex("alerts_project")} ON {d.Meta("alerts")} (project, sent_at)";
    }
}
