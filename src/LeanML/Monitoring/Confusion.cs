namespace LeanML.Monitoring;

/// <summary>A confusion matrix at a threshold; expected counts (fractional) under CBPE, counted ones when realised.</summary>
public sealed record Confusion(double Tp, double Fp, double Fn, double Tn);
