using LeanML.Projects;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml projects --json</c>: the board, by stage.</summary>
internal sealed record ProjectsReport(IReadOnlyList<BoardRow> Projects);
