namespace LeanML.Monitoring;

/// <summary>
/// <c>leanml outcomes PROJECT</c>: the production model's live performance, realised where outcomes arrived and
/// estimated (CBPE, binary) from the scores, per window and overall, beside the figure it had at test time.
/// </summary>
/// <param name="Project">The project.</param>
/// <param name="RunId">The production run whose test figures are shown.</param>
/// <param name="Task">binary | regression.</param>
/// <param name="Metric">The brief's primary metric.</param>
/// <param name="Window">day | week.</param>
/// <param name="Since">The first instant looked at.</param>
/// <param name="Until">When it was measured.</param>
/// <param name="Counts">Every prediction since then and where it stands with its outcome.</param>
/// <param name="LabelsArrived">Share of predictions whose outcome arrived.</param>
/// <param name="Test">The production run's figures on its test rows.</param>
/// <param name="Realised">Measured on every labelled prediction of the period; null when none.</param>
/// <param name="Estimated">Binary: CBPE's estimate over every prediction of the period.</param>
/// <param name="Windows">The same per window, oldest first.</param>
/// <param name="OutcomesRead">Rows the outcome SQL gave.</param>
/// <param name="UnreadableLabels">Outcomes whose label is not one of the model's classes (left out, counted).</param>
/// <param name="Calibration">What turned scores into probabilities for CBPE ("raw scores" until runs carry a calibration map).</param>
/// <param name="Sentence">The summary in one line.</param>
public sealed record LivePerformanceReport(
    string Project,
    string RunId,
    string Task,
    string Metric,
    string Window,
    DateTimeOffset Since,
    DateTimeOffset Until,
    OutcomeCounts Counts,
    double LabelsArrived,
    PerformanceFigures Test,
    PerformanceFigures? Realised,
    PerformanceFigures? Estimated,
    IReadOnlyList<LivePerformanceWindow> Windows,
    long OutcomesRead,
    long UnreadableLabels,
    string Calibration,
    string Sentence);
