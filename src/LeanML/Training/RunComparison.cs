namespace LeanML.Training;

/// <summary>One compared value of two runs.</summary>
/// <param name="Section">parameters | metrics | brief | data.</param>
/// <param name="Name">The parameter, metric or field.</param>
/// <param name="Left">Its value in the first run.</param>
/// <param name="Right">Its value in the second run.</param>
/// <param name="Differs">True when the values differ.</param>
public sealed record ComparedValue(string Section, string Name, string? Left, string? Right, bool Differs);

/// <summary>Two runs side by side: parameters, test metrics, data and the brief, differences marked.</summary>
/// <param name="Left">The first run id.</param>
/// <param name="Right">The second run id.</param>
/// <param name="Values">Every compared value.</param>
/// <param name="BriefDiff">The brief's lines that differ ("- " first run, "+ " second run); empty when equal.</param>
public sealed record RunComparison(string Left, string Right, IReadOnlyList<ComparedValue> Values, IReadOnlyList<string> BriefDiff);
