using LeanML.Examples;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml init --json</c>.</summary>
internal sealed record InitReport(string Workspace, string Settings, string Warehouse, ExampleCompanyResult? Example);
