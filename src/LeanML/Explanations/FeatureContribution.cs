namespace LeanML.Explanations;

/// <summary>One feature's SHAP contribution to a row's margin.</summary>
/// <param name="Feature">The feature's index in the model.</param>
/// <param name="Value">The row's encoded value of the feature (NaN when missing; a category's code).</param>
/// <param name="Contribution">Its share of the margin (log-odds for binary models, the class's margin for multiclass).</param>
public readonly record struct FeatureContribution(int Feature, float Value, float Contribution);
