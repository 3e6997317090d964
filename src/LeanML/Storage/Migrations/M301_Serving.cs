namespace LeanML.Storage.Migrations;

/// <summary>Serving: the prediction log, the record of batch scoring runs and hashed API tokens.</summary>
internal sealed class M301_Serving : Migration
{
    public override int Version => 301;

    public override StoreKind Store => StoreKind.State;

    public override string Name => "prediction log, batch scoring runs, API tokens";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        foreach (var statement in d.CreateAutoIdTable("prediction_log", "logged_at TEXT NOT NULL, project TEXT NOT NULL, run_id TEXT NOT NULL, inputs TEXT NOT NULL, output TEXT NOT NULL"))
        {
            yield return statement;
        }

        yield return $"CREATE INDEX {d.MetaIndex("prediction_log_project")} ON {d.Meta("prediction_log")} (project, logged_at)";
        yield return $"""
            CREATE TABLE {d.Meta("score_runs")} (
              id TEXT PRIMARY KEY,
              project TEXT NOT NULL,
              run_id TEXT NOT NULL,
              input TEXT NOT NULL,
              output TEXT NOT NULL,
              row_count {d.BigInt} NOT NULL,
              unseen_categories {d.BigInt} NOT NULL,
              started_at TEXT NOT NULL,
              finished_at TEXT NOT NULL)
            """;
        yield return $"""
            CREATE TABLE {d.Meta("tokens")} (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              scope TEXT NOT NULL,
              token_sha256 TEXT NOT NULL,
              created_at TEXT NOT NULL,
              revoked_at TEXT)
            """;
    }
}
