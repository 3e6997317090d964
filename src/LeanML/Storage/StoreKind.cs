namespace LeanML.Storage;

/// <summary>The two stores of a workspace (DESIGN.md section 2); each migration belongs to one of them.</summary>
public enum StoreKind
{
    /// <summary>User tables and the metadata that describes them (ingest log, column metadata): DuckDB or PostgreSQL.</summary>
    Warehouse,

    /// <summary>Runs, promotions, tokens, experiments, assignments, events, logs: SQLite or PostgreSQL schema leanml.</summary>
    State,
}
