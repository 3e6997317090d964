namespace LeanML.Cli.Reports;

/// <summary><c>leanml status --json</c>: the workspace, its two stores and the schema versions applied to them.</summary>
internal sealed record StatusReport(string Workspace, WarehouseStatus Warehouse, WarehouseStatus State, IReadOnlyList<int> SchemaVersions);
