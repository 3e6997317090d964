using LeanML.Experiments;

namespace LeanML.Tests.Experiments;

/// <summary>The decision for each of its cases, from per-variant sums of proportion metrics (k of n units with the event).</summary>
public sealed class ExperimentDecisionTests
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    private static ExperimentDefinition Definition(string variants = "  - {name: control, weight: 0.5}\n  - {name: model, weight: 0.5}", string extra = "mde: 0.02") =>
        ExperimentDefinition.Parse("e.yaml", $"""
            name: outreach
            variants:
            {variants}
            primary: retained
            guardrails: [refund_rate]
            metrics:
              retained: {"{"}event: renewed, kind: proportion{"}"}
              refund_rate: {"{"}event: refund, kind: proportion, direction: decrease, margin: 0.01{"}"}
            {extra}
            """);

    private static MomentSums P(long n, long k) => new(n, k, k, 0, 0, 0);

    private static ExperimentAnalysis Analyze(ExperimentDefinition d, params (string Variant, MomentSums Retained, MomentSums Refunds)[] arms) =>
        ExperimentAnalyzer.Analyze(d, arms.ToDictionary(a => a.Variant, a => new[] { a.Retained, a.Refunds }), Start, null, null);

    [Fact]
    public void Ship_when_primary_is_significantly_better_and_no_guardrail_breached()
    {
        var a = Analyze(Definition(), ("control", P(1000, 200), P(1000, 50)), ("model", P(1000, 260), P(1000, 48)));
        Assert.Equal(ExperimentDecision.Ship, a.Decision);
        Assert.Equal("model", a.Variant);
        Assert.StartsWith("ship model: retained 0.2 -> 0.26, +0.06 (+30%)", a.Sentence, StringComparison.Ordinal);
        var primary = a.Metrics[0];
        Assert.Equal("primary", primary.Role);
        // scipy.stats.ttest_ind([1]*260+[0]*740, [1]*200+[0]*800, equal_var=False).pvalue
        Assert.Equal(0.001422275360349178, primary.Comparisons[0].PValue!.Value, 10);
        Assert.Equal(GuardrailVerdict.Inconclusive, a.Metrics[1].Comparisons[0].Guardrail);
        Assert.Contains("not yet shown within margin: refund_rate", a.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Do_not_ship_names_the_breached_guardrail()
    {
        var a = Analyze(Definition(), ("control", P(1000, 200), P(1000, 50)), ("model", P(1000, 260), P(1000, 110)));
        Assert.Equal(ExperimentDecision.DoNotShip, a.Decision);
        Assert.Equal(GuardrailVerdict.Breached, a.Metrics[1].Comparisons[0].Guardrail);
        Assert.StartsWith("do not ship model: the guardrail refund_rate got worse beyond its margin of 0.01", a.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Guardrail_passes_when_non_inferiority_is_shown()
    {
        var a = Analyze(Definition(), ("control", P(20000, 4000), P(20000, 1000)), ("model", P(20000, 4300), P(20000, 990)));
        Assert.Equal(GuardrailVerdict.Passed, a.Metrics[1].Comparisons[0].Guardrail);
        Assert.Equal(ExperimentDecision.Ship, a.Decision);
        Assert.EndsWith("and no guardrail got worse beyond its margin.", a.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Do_not_ship_when_primary_is_significantly_worse()
    {
        var a = Analyze(Definition(), ("control", P(1000, 200), P(1000, 50)), ("model", P(1000, 150), P(1000, 50)));
        Assert.Equal(ExperimentDecision.DoNotShip, a.Decision);
        Assert.StartsWith("do not ship model: retained got significantly worse", a.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Keep_running_says_how_many_more_units_per_variant()
    {
        var a = Analyze(Definition(), ("control", P(1000, 200), P(1000, 50)), ("model", P(1000, 210), P(1000, 50)));
        Assert.Equal(ExperimentDecision.KeepRunning, a.Decision);
        // statsmodels NormalIndPower().solve_power(0.02/sqrt((vc+vt)/2), alpha=.05, power=.8, ratio=1) = 6401.26 per variant, with the observed
        // sample variances vc = 0.16016016, vt = 0.16606607; ceil(6401.26) − 1000 = 5402 more.
        Assert.Equal(5402, a.AdditionalUnitsPerVariant);
        Assert.Contains("about 5,402 more units per variant are needed for 80% power to detect 0.02", a.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Keep_running_without_mde_asks_for_one()
    {
        var a = Analyze(Definition(extra: ""), ("control", P(1000, 200), P(1000, 50)), ("model", P(1000, 210), P(1000, 50)));
        Assert.Equal(ExperimentDecision.KeepRunning, a.Decision);
        Assert.Null(a.AdditionalUnitsPerVariant);
        Assert.Contains("set 'mde:'", a.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_powered_test_without_effect_says_do_not_ship()
    {
        var a = Analyze(Definition(), ("control", P(20000, 4000), P(20000, 1000)), ("model", P(20000, 4010), P(20000, 1000)));
        Assert.Equal(ExperimentDecision.DoNotShip, a.Decision);
        Assert.Contains("any effect is smaller than that", a.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_enough_data_below_150_units_per_variant()
    {
        var a = Analyze(Definition(), ("control", P(160, 30), P(160, 5)), ("model", P(140, 60), P(140, 5)));
        Assert.Equal(ExperimentDecision.NotEnoughData, a.Decision);
        Assert.Equal("not enough data: model has 140 unit(s); every variant needs at least 150 before LeanML gives an answer (10 more).", a.Sentence);
    }

    [Fact]
    public void Sample_ratio_mismatch_says_results_cannot_be_trusted()
    {
        var a = Analyze(Definition(), ("control", P(1100, 200), P(1100, 50)), ("model", P(900, 260), P(900, 48)));
        Assert.Equal(ExperimentDecision.SampleRatioMismatch, a.Decision);
        Assert.True(a.Srm.Flagged);
        Assert.Equal(20.0, a.Srm.ChiSquare, 10);   // scipy.stats.chisquare([1100, 900], f_exp=[1000, 1000]).statistic; p = 7.74e-06
        Assert.StartsWith("do not trust these results", a.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_variance_arms_get_a_message_and_no_NaN()
    {
        var a = Analyze(Definition(), ("control", P(200, 0), P(200, 0)), ("model", P(200, 0), P(200, 0)));
        var c = a.Metrics[0].Comparisons[0];
        Assert.Null(c.PValue);
        Assert.Contains("nothing to test", c.Note, StringComparison.Ordinal);
        Assert.Equal(ExperimentDecision.KeepRunning, a.Decision);
        Assert.DoesNotContain("NaN", a.Sentence, StringComparison.Ordinal);
        Assert.Null(c.RelativeLift);
    }

    [Fact]
    public void Several_treatments_are_corrected_with_holm()
    {
        var d = Definition("  - {name: control, weight: 0.34}\n  - {name: a, weight: 0.33}\n  - {name: b, weight: 0.33}");
        var a = ExperimentAnalyzer.Analyze(d, new Dictionary<string, MomentSums[]>
        {
            ["control"] = [P(1000, 200), P(1000, 50)],
            ["a"] = [P(970, 233), P(970, 48)],
            ["b"] = [P(970, 205), P(970, 48)],
        }, Start, null, null);
        var ca = a.Metrics[0].Comparisons[0];
        var cb = a.Metrics[0].Comparisons[1];
        // scipy ttest_ind([1]*233+[0]*737, [1]*200+[0]*800, equal_var=False).pvalue and the same for b (205 of 970);
        // statsmodels multipletests([0.0313849608, 0.5338712373], method='holm') = [0.0627699216, 0.5338712373].
        Assert.Equal(0.03138496082268896, ca.PValue!.Value, 10);
        Assert.Equal(0.5338712372862885, cb.PValue!.Value, 10);
        Assert.Equal(0.06276992164537792, ca.AdjustedPValue!.Value, 10);
        Assert.Equal(0.5338712372862885, cb.AdjustedPValue!.Value, 10);
        Assert.False(ca.Significant);   // significant alone (0.031), not after the correction
        Assert.Equal(ExperimentDecision.KeepRunning, a.Decision);
    }
}
