namespace LeanML.Storage.Migrations;

/// <summary>The analytic copy of the prediction log keeps each prediction's id and the row id it scored, as the state store now does.</summary>
internal sealed class M105_PredictionIdsCopy : Migration
{
    public override int Version => 105;

    public override StoreKind Store => StoreKind.Warehouse;

    public override string Name => "analytic copy of the prediction log: prediction id and row id";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        if (!d.KeepsAnalyticCopies)
        {
            yield break;
        }

        yield return $"ALTER TABLE {d.Meta("prediction_log")} ADD COLUMN prediction_id {d.Text}";
        yield return $"ALTER TABLE {d.Meta("prediction_log")} ADD COLUMN row_id {d.Text}";
    }
}
