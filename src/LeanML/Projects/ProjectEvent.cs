namespace LeanML.Projects;

/// <summary>
/// One thing LeanML recorded that a project's update reports: a load, a run, a promotion, an experiment started or
/// decided, a stage change — and, from sources added later, transform builds, failed tests, verdicts, alerts, reports.
/// </summary>
/// <param name="Project">The project it belongs to, or null for a workspace-wide event (an ingest no project reads).</param>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Kind">ingest | quarantine | run | promotion | experiment | stage (and later kinds), for grouping and JSON.</param>
/// <param name="Text">The line as a person reads it.</param>
/// <param name="Link">The event's id to look it up: a run id, a load id, an experiment name.</param>
/// <param name="Signal">What the event means for the health rules.</param>
public sealed record ProjectEvent(string? Project, DateTimeOffset At, string Kind, string Text, string Link, HealthSignal Signal = HealthSignal.None);
