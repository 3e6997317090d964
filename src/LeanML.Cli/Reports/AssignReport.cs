namespace LeanML.Cli.Reports;

/// <summary><c>leanml experiment assign --json</c>: each unit's variant, the count per variant and how many were new.</summary>
internal sealed record AssignReport(string Experiment, IReadOnlyList<LeanML.Experiments.Assignment> Assignments, IReadOnlyDictionary<string, int> Counts, int NewUnits);
