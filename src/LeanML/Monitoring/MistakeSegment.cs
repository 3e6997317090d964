namespace LeanML.Monitoring;

/// <summary>A group of labelled predictions (one category value, or one quantile bin of a number) and how wrong the model is there.</summary>
/// <param name="Feature">The input feature.</param>
/// <param name="Segment">The category value, or the numeric range as "[low, high)".</param>
/// <param name="N">Labelled predictions in the segment.</param>
/// <param name="Errors">Binary: the wrong ones at 0.5; regression: n.</param>
/// <param name="ErrorRate">Binary: errors / n; regression: mean absolute error.</param>
/// <param name="ErrorRateLow">Lower end of its 95% interval.</param>
/// <param name="ErrorRateHigh">Upper end of its 95% interval.</param>
/// <param name="Overall">The same figure over every labelled prediction.</param>
/// <param name="Ratio">ErrorRate / Overall.</param>
/// <param name="Significant">True when the interval lies wholly above the overall figure.</param>
public sealed record MistakeSegment(string Feature, string Segment, long N, long Errors, double ErrorRate, double ErrorRateLow, double ErrorRateHigh, double Overall, double Ratio, bool Significant);
