namespace LeanML.Storage.Migrations;

/// <summary>
/// Serving: each logged prediction keeps its own id (returned to the caller as prediction_id) and the id of the row it
/// scored (the brief's dataset.id), so outcomes and monitoring can join on them. Rows logged before have neither.
/// </summary>
internal sealed class M302_PredictionIds : Migration
{
    public override int Version => 302;

    public override StoreKind Store => StoreKind.State;

    public override string Name => "prediction log: prediction id and row id";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"ALTER TABLE {d.Meta("prediction_log")} ADD COLUMN prediction_id TEXT";
        yield return $"ALTER TABLE {d.Meta("prediction_log")} ADD COLUMN row_id TEXT";
        yield return $"CREATE UNIQUE INDEX {d.MetaIndex("prediction_log_prediction_id")} ON {d.Meta("prediction_log")} (prediction_id)";
        yield return $"CREATE INDEX {d.MetaIndex("prediction_log_row")} ON {d.Meta("prediction_log")} (project, row_id)";
    }
}
