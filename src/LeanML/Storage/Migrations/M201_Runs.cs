namespace LeanML.Storage.Migrations;

/// <summary>Training runs and the promotion history that names each project's production model.</summary>
internal sealed class M201_Runs : Migration
{
    public override int Version => 201;

    public override StoreKind Store => StoreKind.State;

    public override string Name => "training runs and promotions";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"""
            CREATE TABLE {d.Meta("runs")} (
              id TEXT PRIMARY KEY,
              project TEXT NOT NULL,
              created_at TEXT NOT NULL,
              task TEXT NOT NULL,
              metric TEXT NOT NULL,
              model_value {d.Real},
              baseline_value {d.Real},
              lift {d.Real},
              bar_met INTEGER NOT NULL,
              verdict TEXT NOT NULL,
              seed {d.BigInt} NOT NULL,
              fingerprint TEXT NOT NULL,
              artifacts TEXT NOT NULL,
              details TEXT NOT NULL)
            """;
        yield return $"CREATE INDEX {d.MetaIndex("runs_project")} ON {d.Meta("runs")} (project, created_at)";
        foreach (var statement in d.CreateAutoIdTable("promotions", "project TEXT NOT NULL, run_id TEXT NOT NULL, promoted_at TEXT NOT NULL, promoted_by TEXT NOT NULL"))
        {
            yield return statement;
        }
    }
}
