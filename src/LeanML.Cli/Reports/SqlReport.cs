namespace LeanML.Cli.Reports;

/// <summary><c>leanml sql --json</c>: cells are long, double, string or null.</summary>
internal sealed record SqlReport(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, int RowCount);
