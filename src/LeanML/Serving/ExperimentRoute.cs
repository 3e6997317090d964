using LeanML.Scoring;

namespace LeanML.Serving;

/// <summary>Where one unit's prediction request goes: its sticky variant and that variant's model.</summary>
/// <param name="Experiment">The running experiment of the project.</param>
/// <param name="Variant">The unit's variant (recorded at its first request: the exposure).</param>
/// <param name="Model">The variant's model, or null for a variant without a run (no score; the caller's business rule).</param>
/// <param name="New">True when this request made the assignment.</param>
public sealed record ExperimentRoute(string Experiment, string Variant, ScoringModel? Model, bool New);
