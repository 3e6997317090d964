namespace LeanML.Training;

/// <summary>One compared value of two runs.</summary>
/// <param name="Section">parameters | metrics | brief | data.</param>
/// <param name="Name">The parameter, metric or field.</param>
/// <param name="Left">Its value in the first run.</param>
/// <param name="Right">Its value in the second run.</param>
/// <param name="Differs">True when the values differ.</param>
public sealed record ComparedValue(string Section, string Name, string? Left, string? Right, bool Differs);
