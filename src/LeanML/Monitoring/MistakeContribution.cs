namespace LeanML.Monitoring;

/// <summary>One feature's contribution to a mistaken prediction (from the explanations, when they exist).</summary>
/// <param name="Feature">The feature.</param>
/// <param name="Value">Its value in the row, as text.</param>
/// <param name="Contribution">Its contribution to the margin (TreeSHAP).</param>
public sealed record MistakeContribution(string Feature, string? Value, double Contribution);
