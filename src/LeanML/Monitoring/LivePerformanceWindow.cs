namespace LeanML.Monitoring;

/// <summary>Live performance of the predictions made in one window.</summary>
/// <param name="Start">The window's first instant (UTC).</param>
/// <param name="End">The instant after its last.</param>
/// <param name="Counts">Predictions and where they stand with their outcomes.</param>
/// <param name="LabelsArrived">Share of the window's predictions whose outcome arrived.</param>
/// <param name="Realised">Measured on the labelled predictions; null when none is labelled.</param>
/// <param name="Estimated">Binary: CBPE's estimate from every prediction's score; null otherwise.</param>
public sealed record LivePerformanceWindow(DateTimeOffset Start, DateTimeOffset End, OutcomeCounts Counts, double LabelsArrived, PerformanceFigures? Realised, PerformanceFigures? Estimated);
