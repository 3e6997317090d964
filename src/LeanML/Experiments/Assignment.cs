namespace LeanML.Experiments;

/// <summary>The variant a unit is in; the first assignment is kept forever (sticky), with its exposure time.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="Variant">Its variant.</param>
/// <param name="AssignedAt">When it was first assigned (exposed).</param>
/// <param name="New">True when this call made the assignment; false when it was already recorded.</param>
public sealed record Assignment(string Unit, string Variant, DateTimeOffset AssignedAt, bool New);
