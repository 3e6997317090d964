namespace LeanML.Experiments;

/// <summary>The units an experiment needs for a stated effect and power.</summary>
/// <param name="MetricKind">proportion or mean.</param>
/// <param name="Mde">Minimum detectable effect (absolute).</param>
/// <param name="Alpha">Two-sided significance level (divided by the number of treatments, Bonferroni, when there are several).</param>
/// <param name="Power">Power wanted.</param>
/// <param name="Weights">Share of each variant, control first.</param>
/// <param name="UnitsPerVariant">Units needed in each variant, control first.</param>
/// <param name="TotalUnits">Their sum.</param>
/// <param name="DailyUnits">New units per day, when given.</param>
/// <param name="Days">Days to reach the total at that rate, when given.</param>
/// <param name="Sentence">The answer in one sentence.</param>
public sealed record PowerPlan(string MetricKind, double Mde, double Alpha, double Power, IReadOnlyList<double> Weights, IReadOnlyList<long> UnitsPerVariant, long TotalUnits, long? DailyUnits, long? Days, string Sentence);
