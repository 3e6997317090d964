namespace LeanML.Training;

/// <summary>Two runs side by side: parameters, test metrics, data and the brief, differences marked.</summary>
/// <param name="Left">The first run id.</param>
/// <param name="Right">The second run id.</param>
/// <param name="Values">Every compared value.</param>
/// <param name="BriefDiff">The brief's lines that differ ("- " first run, "+ " second run); empty when equal.</param>
public sealed record RunComparison(string Left, string Right, IReadOnlyList<ComparedValue> Values, IReadOnlyList<string> BriefDiff);
