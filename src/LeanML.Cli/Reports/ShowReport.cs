using LeanML.Runs;
using LeanML.Training;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml show RUN --json</c>.</summary>
internal sealed record ShowReport(TrainingRunReport Run, IReadOnlyList<ArtifactCheck> Artifacts, bool ArtifactsIntact, bool Production);
