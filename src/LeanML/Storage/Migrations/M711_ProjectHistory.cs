namespace LeanML.Storage.Migrations;

/// <summary>
/// The board's history: every stage change (<c>leanml project stage</c>) and every change of a project's computed health
/// (the digest tells subscribers about those). Times are ISO-8601 UTC text, as runs and promotions keep them.
/// </summary>
internal sealed class M711_ProjectHistory : Migration
{
    public override int Version => 711;

    public override StoreKind Store => StoreKind.State;

    public override string Name => "project stage changes and health history";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        foreach (var statement in d.CreateAutoIdTable("stage_changes", "project TEXT NOT NULL, from_stage TEXT, to_stage TEXT NOT NULL, changed_at TEXT NOT NULL, changed_by TEXT NOT NULL"))
        {
            yield return statement;
        }

        foreach (var statement in d.CreateAutoIdTable("health_history", "project TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, computed_at TEXT NOT NULL, previous TEXT"))
        {
            yield return statement;
        }

        yield return $"CREATE INDEX {d.MetaIndex("stage_changes_project")} ON {d.Meta("stage_changes")} (project, changed_at)";
        yield return $"CREATE INDEX {d.MetaIndex("health_history_project")} ON {d.Meta("health_history")} (project, id)";
    }
}
