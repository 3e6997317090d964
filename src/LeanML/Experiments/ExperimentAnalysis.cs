namespace LeanML.Experiments;

/// <summary>The analysis of an experiment: the decision in one sentence first, then the figures behind it.</summary>
/// <param name="Experiment">The experiment.</param>
/// <param name="Decision">ship, do_not_ship, keep_running, not_enough_data or sample_ratio_mismatch.</param>
/// <param name="Sentence">The decision in plain words, with the numbers that support it.</param>
/// <param name="Variant">The variant to ship, or the one the decision is about.</param>
/// <param name="AdditionalUnitsPerVariant">Units still needed per variant for the stated power at the stated mde, when keep running.</param>
/// <param name="Start">Start of the analysed period (events at or after it count).</param>
/// <param name="End">End of the period (the stop time), or null while running.</param>
/// <param name="PreStart">Start of the CUPED pre-period, when CUPED is on.</param>
/// <param name="Alpha">Significance level used.</param>
/// <param name="Srm">The sample-ratio check.</param>
/// <param name="Metrics">Primary first, then guardrails, then the other metrics.</param>
/// <param name="Notes">Anything else the reader should know.</param>
public sealed record ExperimentAnalysis(
    string Experiment,
    ExperimentDecision Decision,
    string Sentence,
    string? Variant,
    long? AdditionalUnitsPerVariant,
    DateTimeOffset Start,
    DateTimeOffset? End,
    DateTimeOffset? PreStart,
    double Alpha,
    SrmCheck Srm,
    IReadOnlyList<MetricResult> Metrics,
    IReadOnlyList<string> Notes)
{
    /// <summary>Below this many units in any variant the analysis answers "not enough data".</summary>
    public const int MinimumUnitsPerVariant = 150;
}
