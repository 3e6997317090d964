namespace LeanML.Cli.Reports;

/// <summary>Where a store is: its engine (duckdb, sqlite, postgres) and its file or connection variable.</summary>
internal sealed record WarehouseStatus(string Provider, string Location);
