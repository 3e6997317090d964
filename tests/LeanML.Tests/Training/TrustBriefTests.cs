using LeanML.Evaluation;
using LeanML.Training;

namespace LeanML.Tests.Training;

public sealed class TrustBriefTests
{
    private const string Brief = """
        name: churn
        task: binary
        dataset:
          sql: SELECT * FROM customers
          id: customer_id
          label: churned
        baseline:
          name: month-to-month customers
          sql: CASE WHEN contract = 'Month-to-month' THEN 1.0 ELSE 0.0 END
        metric: auc
        done_when: auc >= 0.80 and lift >= 0.05
        """;

    private static ProjectBrief Parse(string text) => ProjectBrief.Parse("churn", "projects/churn/project.yaml", text);

    private static LeanMLInputException Bad(string text) => Assert.Throws<LeanMLInputException>(() => Parse(text));

    [Fact]
    public void Dataset_id_is_required_and_names_its_line()
    {
        var ex = Bad(Brief.Replace("  id: customer_id\n", "", StringComparison.Ordinal));
        Assert.Equal("dataset.id", ex.Field);
        Assert.Equal("projects/churn/project.yaml", ex.File);
        // The recorded brief of a run from before the requirement still parses, for its rerun.
        var old = ProjectBrief.Parse("churn", "run/brief.yaml", Brief.Replace("  id: customer_id\n", "", StringComparison.Ordinal), requireId: false);
        Assert.Null(old.Dataset.Id);
    }

    [Fact]
    public void Split_seed_decision_and_value_are_read()
    {
        var brief = Parse(Brief.Replace("  label: churned\n", "  label: churned\n  split_seed: 7\n", StringComparison.Ordinal) + "\ndecision_k: 50\nvalue: {tp: 120, fp: -15}\n");
        Assert.Equal(7, brief.Dataset.SplitSeed);
        Assert.Equal(50, brief.DecisionK);
        Assert.Equal(new DecisionValue(120, -15, 0, 0), brief.Value);
        Assert.Equal(0, Parse(Brief).Dataset.SplitSeed);
        Assert.Equal(0.3, Parse(Brief + "\ndecision_threshold: 0.3\n").DecisionThreshold);
    }

    [Theory]
    [InlineData("\ndecision_k: 50\ndecision_threshold: 0.3\n", "decision_threshold")]
    [InlineData("\nvalue: {tp: 120}\n", "value")]
    [InlineData("\ndecision_k: 0\n", "decision_k")]
    [InlineData("\ndecision_k: 50\nvalue: {tp: 1, gain: 2}\n", "gain")]
    public void A_decision_that_cannot_be_acted_on_is_bad_input(string extra, string named)
    {
        var ex = Bad(Brief + extra);
        Assert.Contains(named, ex.Message + ex.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Done_when_may_name_the_ends_of_intervals()
    {
        var bar = DoneWhen.Parse("auc_low >= 0.80 and lift_low > 0", "binary");
        Assert.Equal(["auc_low", "lift_low"], bar.Names);
        Assert.True(bar.Evaluate(new Dictionary<string, double> { ["auc_low"] = 0.81, ["lift_low"] = 0.01 }));
        Assert.False(bar.Evaluate(new Dictionary<string, double> { ["auc_low"] = 0.79, ["lift_low"] = 0.01 }));
        Assert.Contains("rmse_high", Assert.Throws<FormatException>(() => DoneWhen.Parse("churn_low >= 1", "binary")).Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => DoneWhen.Parse("rmse_low <= 1", "binary"));
    }

    [Fact]
    public void The_pessimistic_bar_reads_each_metric_at_its_worse_end()
    {
        var values = new Dictionary<string, double>
        {
            ["auc"] = 0.84, ["auc_low"] = 0.79, ["auc_high"] = 0.88, ["lift"] = 0.1, ["lift_low"] = 0.06, ["lift_high"] = 0.14,
            ["logloss"] = 0.30, ["logloss_low"] = 0.28, ["logloss_high"] = 0.36,
        };
        var bar = DoneWhen.Parse("auc >= 0.80 and lift >= 0.05", "binary");
        Assert.True(bar.Evaluate(values));
        Assert.False(bar.EvaluatePessimistic(values));
        Assert.True(DoneWhen.Parse("lift >= 0.05", "binary").EvaluatePessimistic(values));
        // Lower is better for log loss: its pessimistic end is the high one.
        Assert.False(DoneWhen.Parse("logloss <= 0.35", "binary").EvaluatePessimistic(values));
        Assert.True(DoneWhen.Parse("logloss <= 0.37", "binary").EvaluatePessimistic(values));
    }

    [Fact]
    public void The_verdict_reads_as_design_section_4_gives_it()
    {
        var brief = Parse(Brief);
        var done = TrainingService.Verdict(brief, true, 0.841, 0.715, 0.126, "Yes", 0.7, false, new MetricInterval(0.822, 0.860), new MetricInterval(0.101, 0.151), barCertain: true);
        Assert.Equal("done: auc 0.841 (0.822–0.860) beats the rule 'month-to-month customers' (0.715) by 0.126 (0.101–0.151), positive class 'Yes'; the bar was auc >= 0.80 and lift >= 0.05", done);

        var uncertain = TrainingService.Verdict(brief, true, 0.841, 0.715, 0.126, "Yes", 0.7, false, new MetricInterval(0.782, 0.890), new MetricInterval(0.041, 0.201), barCertain: false, leakageClause: "'churn_flag' alone predicts the label");
        Assert.Equal("done, but not certain: auc 0.841 (0.782–0.890) beats the rule 'month-to-month customers' (0.715) by 0.126 (0.041–0.201), positive class 'Yes'; the bar was auc >= 0.80 and lift >= 0.05 — but 'churn_flag' alone predicts the label: check for leakage", uncertain);

        var notYet = TrainingService.Verdict(brief, false, 0.70, 0.715, -0.015, null, double.NaN, false, new MetricInterval(0.66, 0.74), new MetricInterval(-0.05, 0.02), barCertain: false);
        Assert.Equal("not yet: auc 0.700 (0.660–0.740) trails the rule 'month-to-month customers' (0.715) by 0.015 (-0.020–0.050); the bar was auc >= 0.80 and lift >= 0.05", notYet);
    }
}
