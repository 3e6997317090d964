namespace LeanML.Experiments;

/// <summary>A validated event: something a unit did, with a value (1 for a plain occurrence).</summary>
/// <param name="Id">Unique id: loading the same event twice stores it once.</param>
/// <param name="Unit">The unit it belongs to.</param>
/// <param name="Name">The event name metrics refer to.</param>
/// <param name="Value">Its value.</param>
/// <param name="Time">When it happened (UTC).</param>
public sealed record ExperimentEvent(string Id, string Unit, string Name, double Value, DateTimeOffset Time);
