using LeanML.Runs;
using LeanML.Training;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml show RUN --json</c>; shap_importance is null for a run trained before it was saved.</summary>
internal sealed record ShowReport(TrainingRunReport Run, IReadOnlyList<ArtifactCheck> Artifacts, bool ArtifactsIntact, bool Production, IReadOnlyList<LeanML.Explanations.ShapFeatureImportance>? ShapImportance = null);
