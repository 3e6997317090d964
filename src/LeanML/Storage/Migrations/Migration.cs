namespace LeanML.Storage.Migrations;

/// <summary>
/// One numbered schema change, applied once at start and recorded (MLflow's <c>db upgrade</c>).
/// Capabilities number theirs in their own range: core 1–99, ingestion 100–199, training 200–299,
/// serving 300–399, experiments 400–499, monitoring 500–599.
/// </summary>
public abstract class Migration
{
    /// <summary>The unique, never-reused version number.</summary>
    public abstract int Version { get; }

    /// <summary>A short description recorded with the version.</summary>
    public abstract string Name { get; }

    /// <summary>The store the change belongs to (on PostgreSQL both stores are one database).</summary>
    public abstract StoreKind Store { get; }

    /// <summary>The statements of the change, written for the given engine.</summary>
    public abstract IEnumerable<string> Statements(StorageEngine engine);
}
