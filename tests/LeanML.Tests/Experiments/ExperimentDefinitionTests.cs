using LeanML.Experiments;

namespace LeanML.Tests.Experiments;

public sealed class ExperimentDefinitionTests
{
    // DESIGN.md section 7's example, plus the optional start: date.
    public const string Example = """
        name: churn-outreach
        project: churn
        unit: customer
        variants:
          - {name: control, weight: 0.5}
          - {name: model, weight: 0.5, run: 01JABC}
        primary: retained
        guardrails: [refund_rate]
        metrics:
          retained:    {event: renewed, kind: proportion}
          revenue:     {event: payment, kind: mean}
          refund_rate: {event: refund, kind: proportion, direction: decrease, margin: 0.01}
          avg_order:   {kind: ratio, numerator: payment, denominator: order}
        cuped: true
        pre_days: 14
        alpha: 0.05
        power: 0.8
        mde: 0.02
        start: 2026-10-01
        """;

    [Fact]
    public void The_design_example_parses_with_every_field()
    {
        var d = ExperimentDefinition.Parse("experiments/churn-outreach.yaml", Example);
        Assert.Equal("churn-outreach", d.Name);
        Assert.Equal("churn-outreach", d.EffectiveSalt);
        Assert.Equal(["control", "model"], d.Variants.Select(v => v.Name));
        Assert.Equal("01JABC", d.Variants[1].Run);
        Assert.Null(d.Variants[0].Run);
        Assert.Equal("retained", d.Primary);
        Assert.Equal(["refund_rate"], d.Guardrails);
        var refund = d.Metric("refund_rate");
        Assert.Equal(MetricDirection.Decrease, refund.Direction);
        Assert.Equal(0.01, refund.Margin);
        var ratio = d.Metric("avg_order");
        Assert.Equal(MetricKind.Ratio, ratio.Kind);
        Assert.Equal(["payment", "order"], ratio.Events);
        Assert.True(d.Cuped);
        Assert.Equal(14, d.PreDays);
        Assert.Equal(0.02, d.Mde);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), d.Start);
    }

    [Fact]
    public void Salt_key_overrides_the_name_for_hashing()
    {
        var d = ExperimentDefinition.Parse("x.yaml", Example + "\nsalt: fixed-salt\n");
        Assert.Equal("fixed-salt", d.EffectiveSalt);
        Assert.Equal(d.Variants[VariantAssignment.Choose(VariantAssignment.Bucket("fixed-salt", "cust-1"), d.Weights)], d.VariantFor("cust-1"));
    }

    [Fact]
    public void Weights_that_do_not_sum_to_one_are_refused_with_file_and_line()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => ExperimentDefinition.Parse("e.yaml", Example.Replace("weight: 0.5, run", "weight: 0.4, run", StringComparison.Ordinal)));
        Assert.Contains("sum", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0.9", ex.Message, StringComparison.Ordinal);
        Assert.Equal("e.yaml", ex.File);
        Assert.Equal(5, ex.Line);
        Assert.Equal("variants", ex.Field);
    }

    [Fact]
    public void Unknown_key_suggests_the_closest()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => ExperimentDefinition.Parse("e.yaml", Example.Replace("primary:", "primery:", StringComparison.Ordinal)));
        Assert.Contains("Did you mean 'primary'?", ex.Message, StringComparison.Ordinal);
        Assert.Equal(7, ex.Line);
    }

    [Fact]
    public void Undefined_primary_is_named_with_a_suggestion()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => ExperimentDefinition.Parse("e.yaml", Example.Replace("primary: retained", "primary: retaind", StringComparison.Ordinal)));
        Assert.Contains("'retaind'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'retained'?", ex.Message, StringComparison.Ordinal);
        Assert.Equal("primary", ex.Field);
    }

    [Fact]
    public void Undefined_guardrail_is_refused()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => ExperimentDefinition.Parse("e.yaml", Example.Replace("guardrails: [refund_rate]", "guardrails: [refunds]", StringComparison.Ordinal)));
        Assert.Contains("'refunds'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(8, ex.Line);
    }

    [Fact]
    public void Guardrail_without_direction_and_margin_is_refused_at_its_line()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => ExperimentDefinition.Parse("e.yaml", Example.Replace(", direction: decrease, margin: 0.01", "", StringComparison.Ordinal)));
        Assert.Contains("direction", ex.Message, StringComparison.Ordinal);
        Assert.Contains("margin", ex.Message, StringComparison.Ordinal);
        Assert.Equal("metrics.refund_rate", ex.Field);
        Assert.Equal(12, ex.Line);
    }

    [Fact]
    public void Bad_metric_kind_suggests_a_valid_one()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => ExperimentDefinition.Parse("e.yaml", Example.Replace("kind: proportion}", "kind: proportoin}", StringComparison.Ordinal)));
        Assert.Contains("Did you mean 'proportion'?", ex.Message, StringComparison.Ordinal);
        Assert.Equal("metrics.retained.kind", ex.Field);
    }

    [Fact]
    public void Ratio_needs_numerator_and_denominator()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => ExperimentDefinition.Parse("e.yaml", Example.Replace(", denominator: order", "", StringComparison.Ordinal)));
        Assert.Equal("metrics.avg_order.denominator", ex.Field);
    }

    [Fact]
    public void A_single_variant_is_refused()
    {
        var text = Example.Replace("  - {name: model, weight: 0.5, run: 01JABC}\n", "", StringComparison.Ordinal).Replace("weight: 0.5}", "weight: 1}", StringComparison.Ordinal);
        var ex = Assert.Throws<LeanMLInputException>(() => ExperimentDefinition.Parse("e.yaml", text));
        Assert.Contains("at least two variants", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_start_date_is_refused()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => ExperimentDefinition.Parse("e.yaml", Example.Replace("start: 2026-10-01", "start: first of october", StringComparison.Ordinal)));
        Assert.Equal("start", ex.Field);
        Assert.Equal(19, ex.Line);
    }

    [Fact]
    public void File_name_must_match_and_be_safe()
    {
        var dir = Directory.CreateTempSubdirectory("leanml-exp-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "other.yaml"), Example);
            var ex = Assert.Throws<LeanMLInputException>(() => ExperimentDefinition.Load(dir, "other"));
            Assert.Contains("churn-outreach", ex.Message, StringComparison.Ordinal);
            Assert.Throws<LeanMLInputException>(() => ExperimentDefinition.Load(dir, "../other"));
            var missing = Assert.Throws<LeanMLInputException>(() => ExperimentDefinition.Load(dir, "othr"));
            Assert.Contains("Did you mean 'other'?", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
