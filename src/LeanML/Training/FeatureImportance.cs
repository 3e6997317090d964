namespace LeanML.Training;

/// <summary>One feature's gain importance.</summary>
/// <param name="Feature">The feature name.</param>
/// <param name="Gain">Average gain of its splits (0 when never used).</param>
public sealed record FeatureImportance(string Feature, double Gain);
