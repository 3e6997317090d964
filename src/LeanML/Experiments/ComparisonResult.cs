namespace LeanML.Experiments;

/// <summary>One treatment against the control on one metric.</summary>
/// <param name="Variant">The treatment.</param>
/// <param name="Lift">Absolute lift (CUPED-adjusted when CUPED is on).</param>
/// <param name="LiftLow">Lower end of its 1 − alpha confidence interval, or null when undefined.</param>
/// <param name="LiftHigh">Upper end of that interval.</param>
/// <param name="RelativeLift">Relative lift (treatment / control − 1), or null when the control mean is 0.</param>
/// <param name="RelativeLow">Lower end of the relative interval (delta method).</param>
/// <param name="RelativeHigh">Upper end of the relative interval.</param>
/// <param name="PValue">Two-sided Welch p-value, or null when undefined (see <paramref name="Note"/>).</param>
/// <param name="AdjustedPValue">Holm–Bonferroni adjusted p-value (the primary metric with several treatments), else equal to the p-value.</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom.</param>
/// <param name="Significant">True when the (adjusted) p-value is below alpha.</param>
/// <param name="Better">True when the lift goes in the metric's good direction.</param>
/// <param name="CupedTheta">CUPED's theta, when CUPED was applied.</param>
/// <param name="VarianceReduction">Share of the lift's variance CUPED removed (0.3 = 30 %), when applied.</param>
/// <param name="Guardrail">The non-inferiority verdict, for a guardrail metric.</param>
/// <param name="Note">Why a figure is missing (zero variance, too few units), in plain words.</param>
public sealed record ComparisonResult(
    string Variant,
    double Lift,
    double? LiftLow,
    double? LiftHigh,
    double? RelativeLift,
    double? RelativeLow,
    double? RelativeHigh,
    double? PValue,
    double? AdjustedPValue,
    double? DegreesOfFreedom,
    bool Significant,
    bool Better,
    double? CupedTheta,
    double? VarianceReduction,
    GuardrailVerdict? Guardrail,
    string? Note);
