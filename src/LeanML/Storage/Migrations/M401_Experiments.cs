namespace LeanML.Storage.Migrations;

/// <summary>
/// Experiments, their sticky assignments (the first one a unit gets, with its exposure time) and events.
/// Events are experiment-independent, idempotent on their id, and indexed by (unit, name, time, value) so the
/// analysis reads each assigned unit's events from one covering index range, in unit order, without a sort.
/// Times are stored as Unix milliseconds (UTC) so periods compare as integers.
/// </summary>
internal sealed class M401_Experiments : Migration
{
    public override int Version => 401;

    public override StoreKind Store => StoreKind.State;

    public override string Name => "experiments, assignments and events";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"""
            CREATE TABLE {d.Meta("experiments")} (
              name TEXT PRIMARY KEY,
              salt TEXT NOT NULL,
              created_at_ms {d.BigInt} NOT NULL,
              stopped_at_ms {d.BigInt})
            """;
        yield return $"""
            CREATE TABLE {d.Meta("assignments")} (
              experiment TEXT NOT NULL,
              unit TEXT NOT NULL,
              variant TEXT NOT NULL,
              assigned_at_ms {d.BigInt} NOT NULL,
              PRIMARY KEY (experiment, unit))
            """;
        yield return $"""
            CREATE TABLE {d.Meta("events")} (
              id TEXT PRIMARY KEY,
              unit TEXT NOT NULL,
              name TEXT NOT NULL,
              value {d.Real} NOT NULL,
              time_ms {d.BigInt} NOT NULL)
            """;
        yield return $"CREATE INDEX {d.MetaIndex("events_unit_name_time")} ON {d.Meta("events")} (unit, name, time_ms, value)";
    }
}
