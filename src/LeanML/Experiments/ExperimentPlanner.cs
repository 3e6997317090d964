using System.Globalization;

namespace LeanML.Experiments;

/// <summary>
/// Power planning before a test: units per variant (and days) to detect an absolute effect <c>mde</c> with a
/// two-sided z-test (statsmodels' NormalIndPower): N = (z₁₋α/₂ + z_power)² (σ²c/wc + σ²t/wt) / mde².
/// A proportion uses σ² = p(1 − p) for the control and (p + mde)(1 − p − mde) for the treatment; a mean uses sd² for both.
/// </summary>
public static class ExperimentPlanner
{
    // The alpha each comparison is really tested at, and why when it is not the one asked for.
    private static string AlphaText(double alpha, double testAlpha, int treatments) => treatments == 1
        ? ExperimentAnalyzer.Num(alpha)
        : $"{ExperimentAnalyzer.Num(testAlpha)} ({ExperimentAnalyzer.Num(alpha)} shared by {treatments} treatments, Bonferroni)";

    /// <summary>Plans a test; every invalid input is an input error naming its option.</summary>
    public static PowerPlan Plan(string metricKind, double mde, double? baselineRate = null, double? baselineMean = null, double? sd = null,
        double alpha = 0.05, double power = 0.8, IReadOnlyList<double>? weights = null, long? dailyUnits = null)
    {
        weights ??= [0.5, 0.5];
        Check(mde > 0 && double.IsFinite(mde), "--mde", "must be a number greater than 0 (the smallest absolute change worth detecting)");
        Check(alpha is > 0 and < 1, "--alpha", "must be between 0 and 1, e.g. 0.05");
        Check(power is > 0 and < 1, "--power", "must be between 0 and 1, e.g. 0.8");
        Check(weights.Count >= 2 && weights.All(w => w > 0), "--weights", "must list at least two positive shares, control first, e.g. 0.5,0.5");
        Check(Math.Abs(weights.Sum() - 1) < 1e-6, "--weights", $"sum to {weights.Sum().ToString("0.####", CultureInfo.InvariantCulture)}; they must sum to 1");
        Check(dailyUnits is null or > 0, "--daily-units", "must be a whole number greater than 0");

        double controlVariance, treatmentVariance;
        string baseline;
        switch (metricKind)
        {
            case "proportion":
                Check(baselineRate is > 0 and < 1, "--baseline-rate", "is required for a proportion and must be between 0 and 1, e.g. 0.2");
                var p = baselineRate!.Value;
                Check(p + mde < 1, "--mde", $"takes the rate from {p.ToString(CultureInfo.InvariantCulture)} to {(p + mde).ToString(CultureInfo.InvariantCulture)}, which is not a rate below 1");
                controlVariance = p * (1 - p);
                treatmentVariance = (p + mde) * (1 - p - mde);
                baseline = $"a baseline rate of {ExperimentAnalyzer.Num(p)}";
                break;
            case "mean":
                Check(sd is > 0, "--sd", "is required for a mean: the standard deviation of the metric per unit, e.g. from last month's data");
                controlVariance = treatmentVariance = sd!.Value * sd.Value;
                baseline = baselineMean is { } m ? $"a baseline mean of {ExperimentAnalyzer.Num(m)} (sd {ExperimentAnalyzer.Num(sd.Value)})" : $"a standard deviation of {ExperimentAnalyzer.Num(sd.Value)}";
                break;
            default:
                throw new LeanMLInputException($"--metric-kind is '{metricKind}'; planning supports proportion or mean.{Internal.Suggestions.DidYouMean(metricKind, ["proportion", "mean"])}", field: "--metric-kind");
        }

        // Several treatments: Bonferroni on alpha, a safe bound for the Holm correction the analysis applies.
        var testAlpha = alpha / (weights.Count - 1);
        var total = 0.0;
        for (var i = 1; i < weights.Count; i++)
        {
            total = Math.Max(total, ExperimentStatistics.TotalUnitsForPower(mde, testAlpha, power, controlVariance, treatmentVariance, weights[0], weights[i]));
        }

        var perVariant = weights.Select(w => (long)Math.Ceiling((w * total) - 1e-9)).ToList();
        var sum = perVariant.Sum();
        long? days = dailyUnits is { } d ? (long)Math.Ceiling(sum / (double)d) : null;
        var sentence = $"{string.Join(" + ", perVariant.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)))} = {sum:N0} units detect a change of {ExperimentAnalyzer.Num(mde)} from {baseline} with {ExperimentAnalyzer.Num(power * 100)}% power at alpha {AlphaText(alpha, testAlpha, weights.Count - 1)}"
            + (days is null ? "." : $"; at {dailyUnits:N0} new units a day that is {days:N0} day(s).");
        return new PowerPlan(metricKind, mde, testAlpha, power, weights, perVariant, sum, dailyUnits, days, sentence);
    }

    private static void Check(bool ok, string option, string message)
    {
        if (!ok)
        {
            throw new LeanMLInputException($"{option} {message}.", field: option);
        }
    }
}
