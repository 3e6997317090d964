namespace LeanML.Cli.Reports;

/// <summary><c>leanml status --json</c>.</summary>
internal sealed record StatusReport(string Workspace, WarehouseStatus Warehouse, IReadOnlyList<int> SchemaVersions);
