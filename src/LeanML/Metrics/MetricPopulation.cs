namespace LeanML.Metrics;

/// <summary>
/// The entities a metric is computed over when they are not "every entity in the table": the units an experiment
/// assigned to one variant (read from <c>leanml.assignments</c> where analyses read it).
/// </summary>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Variant">The variant whose units are the population.</param>
public sealed record MetricPopulation(string Experiment, string Variant);
