using LeanML.Experiments;
using LeanML.Scoring;

namespace LeanML.Serving;

/// <summary>A running experiment as the server routes it: its definition and each variant's loaded model (null: no model).</summary>
/// <param name="Definition">The experiment file, read at the last poll.</param>
/// <param name="Models">The model of each variant by name; null for a variant without a <c>run</c> (the business rule).</param>
public sealed record ServedExperiment(ExperimentDefinition Definition, IReadOnlyDictionary<string, ScoringModel?> Models);
