namespace LeanML.Monitoring;

/// <summary><c>leanml mistakes PROJECT</c>: the most wrong predictions and the segments where the model errs most.</summary>
/// <param name="Project">The project.</param>
/// <param name="RunId">The production run.</param>
/// <param name="Task">binary | regression.</param>
/// <param name="Labelled">Labelled predictions looked at.</param>
/// <param name="Wrong">Binary: those wrong at 0.5; regression: all labelled.</param>
/// <param name="OverallErrorRate">Binary: share wrong; regression: mean absolute error.</param>
/// <param name="Mistakes">The most wrong predictions, worst first.</param>
/// <param name="Segments">Segments with at least <paramref name="MinSegment"/> rows, worst against the overall figure first.</param>
/// <param name="MinSegment">The fewest rows a segment needs to be shown.</param>
/// <param name="Interval">How the segments' intervals were made.</param>
/// <param name="Notes">What was left out and why.</param>
public sealed record MistakeReport(string Project, string RunId, string Task, long Labelled, long Wrong, double OverallErrorRate, IReadOnlyList<MistakeRow> Mistakes, IReadOnlyList<MistakeSegment> Segments, int MinSegment, string Interval, IReadOnlyList<string> Notes);
