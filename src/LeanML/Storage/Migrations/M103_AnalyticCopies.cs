namespace LeanML.Storage.Migrations;

/// <summary>
/// The warehouse's analytic copy of what the server writes to the state store (events, assignments, the prediction
/// log), so analyses join them with warehouse tables in one engine; <c>copied</c> keeps, per source, the last state-store
/// row copied. Only where the warehouse is a different database from the state store (DuckDB): on PostgreSQL both
/// stores are one database and these tables already are in schema leanml.
/// </summary>
internal sealed class M103_AnalyticCopies : Migration
{
    public override int Version => 103;

    public override StoreKind Store => StoreKind.Warehouse;

    public override string Name => "analytic copies of events, assignments and the prediction log";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        if (!d.KeepsAnalyticCopies)
        {
            yield break;
        }

        yield return $"CREATE TABLE {d.Meta("events")} (id {d.Text} NOT NULL, unit {d.Text} NOT NULL, name {d.Text} NOT NULL, value {d.Real} NOT NULL, time_ms {d.BigInt} NOT NULL)";
        yield return $"CREATE TABLE {d.Meta("assignments")} (experiment {d.Text} NOT NULL, unit {d.Text} NOT NULL, variant {d.Text} NOT NULL, assigned_at_ms {d.BigInt} NOT NULL)";
        yield return $"CREATE TABLE {d.Meta("prediction_log")} (id {d.BigInt} NOT NULL, logged_at {d.Text} NOT NULL, project {d.Text} NOT NULL, run_id {d.Text} NOT NULL, inputs {d.Text} NOT NULL, output {d.Text} NOT NULL)";
        yield return $"CREATE TABLE {d.Meta("copied")} (source {d.Text} PRIMARY KEY, last_rowid {d.BigInt} NOT NULL)";
    }
}
