namespace LeanML.Experiments;

/// <summary>One arm of an experiment; the first variant of the file is the control.</summary>
/// <param name="Name">The variant's name.</param>
/// <param name="Weight">Its share of new units (the weights sum to 1).</param>
/// <param name="Run">The training run that scores its units when served, or null for the business rule / no model.</param>
public sealed record ExperimentVariant(string Name, double Weight, string? Run);
