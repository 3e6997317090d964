namespace LeanML.Storage;

/// <summary>What <c>leanml migrate-warehouse</c> moved: each table with its rows (counted in both), and where things are now.</summary>
public sealed record WarehouseMigrationReport(
    string Warehouse, string StateStore, string Backup, IReadOnlyList<MigratedTable> Tables, bool SettingsUpdated, double Seconds);

/// <summary>One table copied into DuckDB: its rows in the SQLite file and in DuckDB (always equal, or the migration fails).</summary>
public sealed record MigratedTable(string Name, long SourceRows, long Rows);
