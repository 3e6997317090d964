namespace LeanML.Explanations;

/// <summary>One feature's global SHAP importance: the mean absolute contribution over a run's test rows.</summary>
/// <param name="Feature">The feature name.</param>
/// <param name="MeanAbsShap">Mean over rows of |contribution| (summed over the classes of a multiclass model), in margin units.</param>
public sealed record ShapFeatureImportance(string Feature, double MeanAbsShap);
