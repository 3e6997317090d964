using LeanML.Internal;

namespace LeanML.Monitoring;

/// <summary>
/// When a column's verdict is <c>drift</c>: at least <paramref name="MinN"/> live values, its effect above a floor
/// and its p-value below <paramref name="Alpha"/>. Set per project in the brief:
/// <c>monitor: {min_n: 100, psi: 0.1, wasserstein: 0.1, js: 0.1, alpha: 0.01}</c>.
/// </summary>
/// <param name="MinN">Fewer live values than this in a window: "not enough data".</param>
/// <param name="Psi">The PSI floor (on the reference deciles for numbers, the categories for text).</param>
/// <param name="Wasserstein">The floor of the Wasserstein distance over the reference's standard deviation (numbers).</param>
/// <param name="JensenShannon">The floor of the Jensen–Shannon distance, base 2 (categories).</param>
/// <param name="Alpha">The significance level of the KS or chi-square test.</param>
public sealed record MonitorThresholds(int MinN, double Psi, double Wasserstein, double JensenShannon, double Alpha)
{
    /// <summary>The brief's key.</summary>
    public const string Key = "monitor";

    /// <summary>
    /// The defaults: 100 values, PSI 0.1 (the usual "no significant change" bound), a tenth of a standard deviation,
    /// JS distance 0.1, and α = 0.01 (with 100 columns, one false alarm in a hundred checks of an unchanged column).
    /// </summary>
    public static MonitorThresholds Default { get; } = new(100, 0.1, 0.1, 0.1, 0.01);

    /// <summary>The thresholds of a brief's text (<c>monitor:</c>; absent keys keep their defaults).</summary>
    public static MonitorThresholds FromBrief(string file, string briefText)
    {
        var root = YamlSection.Parse(file, briefText);
        if (root.Section(Key) is not { } m)
        {
            return Default;
        }

        m.AllowOnly("min_n", "psi", "wasserstein", "js", "alpha");
        return new MonitorThresholds(
            m.Int("min_n", min: 1) ?? Default.MinN,
            m.Number("psi", min: 0) ?? Default.Psi,
            m.Number("wasserstein", min: 0) ?? Default.Wasserstein,
            m.Number("js", min: 0, max: 1) ?? Default.JensenShannon,
            m.Number("alpha", min: 1e-12, max: 0.5) ?? Default.Alpha);
    }
}
