using LeanML.Training;

namespace LeanML.Tests.Training;

public sealed class DoneWhenTests
{
    private static readonly Dictionary<string, double> Values = new() { ["auc"] = 0.84, ["lift"] = 0.13, ["logloss"] = 0.42, ["precision_at_50"] = 0.6 };

    [Theory]
    [InlineData("auc >= 0.80 and lift >= 0.05", true)]
    [InlineData("auc >= 0.85 and lift >= 0.05", false)]
    [InlineData("auc >= 0.85 or lift > 0.1", true)]
    [InlineData("(auc > 0.9 or logloss < 0.5) and precision_at_50 >= 0.6", true)]
    [InlineData("auc > 0.9 or logloss < 0.4 and lift > 0", false)]
    [InlineData("lift != 0.13", false)]
    public void Evaluates_comparisons_with_and_or_and_parentheses(string text, bool expected) =>
        Assert.Equal(expected, DoneWhen.Parse(text, "binary").Evaluate(Values));

    [Fact]
    public void An_unknown_metric_is_named_with_the_closest_valid_one()
    {
        var ex = Assert.Throws<FormatException>(() => DoneWhen.Parse("acu >= 0.8", "binary"));
        Assert.Contains("'acu'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'auc'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_of_another_task_is_rejected() =>
        Assert.Throws<FormatException>(() => DoneWhen.Parse("rmse <= 3", "binary"));

    [Fact]
    public void A_missing_comparison_is_explained()
    {
        var ex = Assert.Throws<FormatException>(() => DoneWhen.Parse("auc and lift >= 0", "binary"));
        Assert.Contains("comparison", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parentheses_nest_at_most_64_deep_and_100000_are_refused_without_overflowing_the_stack()
    {
        static string Nested(int depth) => new string('(', depth) + "auc >= 0.8" + new string(')', depth);
        Assert.True(DoneWhen.Parse(Nested(DoneWhen.MaxDepth), "binary").Evaluate(Values));
        var ex = Assert.Throws<FormatException>(() => DoneWhen.Parse(Nested(DoneWhen.MaxDepth + 1), "binary"));
        Assert.Contains("more than 64 deep", ex.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => DoneWhen.Parse(Nested(100_000), "binary"));
    }

    [Fact]
    public void A_long_chain_of_and_and_or_evaluates_without_deep_recursion()
    {
        var chain = string.Join(" and ", Enumerable.Repeat("auc >= 0.8", 100_000));
        Assert.True(DoneWhen.Parse(chain, "binary").Evaluate(Values));
        Assert.False(DoneWhen.Parse(string.Join(" or ", Enumerable.Repeat("auc >= 0.9", 100_000)), "binary").Evaluate(Values));
    }

    [Theory]
    [InlineData("auc >= NaN")]
    [InlineData("auc >= Infinity")]
    [InlineData("lift > -Infinity")]
    [InlineData("auc <= 1e400")]
    public void A_threshold_that_is_not_finite_is_refused(string text)
    {
        var ex = Assert.Throws<FormatException>(() => DoneWhen.Parse(text, "binary"));
        Assert.Contains("not a finite number", ex.Message, StringComparison.Ordinal);
    }
}
