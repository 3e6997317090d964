namespace LeanML.Experiments;

/// <summary>Welch's t-test of treatment against control, with absolute and relative (delta-method) lifts.</summary>
/// <param name="Lift">Treatment mean minus control mean.</param>
/// <param name="StandardError">Standard error of the lift.</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom.</param>
/// <param name="T">The t statistic.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="LiftLow">Lower end of the 1 - alpha confidence interval of the lift.</param>
/// <param name="LiftHigh">Upper end of that interval.</param>
/// <param name="RelativeLift">Treatment over control minus 1, or null when the control mean is 0.</param>
/// <param name="RelativeLow">Lower end of the relative lift's interval (delta method).</param>
/// <param name="RelativeHigh">Upper end of the relative lift's interval.</param>
public sealed record WelchComparison(double Lift, double StandardError, double DegreesOfFreedom, double T, double PValue, double LiftLow, double LiftHigh, double? RelativeLift, double? RelativeLow, double? RelativeHigh);
