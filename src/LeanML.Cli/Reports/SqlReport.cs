namespace LeanML.Cli.Reports;

/// <summary><c>leanml sql --json</c>: cells are long, double, string, bool or null; dates and timestamps are ISO 8601 strings.</summary>
internal sealed record SqlReport(IReadOnlyList<string> Columns, IReadOnlyList<string> Types, IReadOnlyList<object?[]> Rows, int RowCount);
