using LeanML.Training;

namespace LeanML.Tests.Training;

public sealed class BoosterParameterRulesTests
{
    private static TrainingParameters Defaults => TrainingParameters.Defaults("binary", 2, "auc", 0);

    [Theory]
    [InlineData("max_dept=3", "max_depth")]
    [InlineData("subsampel=0.8", "subsample")]
    [InlineData("learning_rat=0.1", "learning_rate")]
    [InlineData("early_stoping_rounds=10", "early_stopping_rounds")]
    public void A_misspelled_key_is_refused_naming_the_closest_valid_one(string assignment, string closest)
    {
        // max_dept=3 trained at depth 6: libxgboost ignores an unknown key through the C API.
        var ex = Assert.Throws<LeanMLInputException>(() => Defaults.Override([assignment]));
        Assert.Equal("--param", ex.Field);
        Assert.Contains($"Did you mean '{closest}'?", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Ranges from "XGBoost Parameters" (1.7): eta > 0 (0 learns nothing, NaN trained forever), subsample and
    // colsample in (0, 1], max_depth a whole number >= 0, max_bin >= 2; nthread 1 to 4 × processors (100000 crashed).
    [InlineData("eta=NaN", "eta")]
    [InlineData("eta=0", "eta")]
    [InlineData("eta=-0.1", "eta")]
    [InlineData("eta=Infinity", "eta")]
    [InlineData("learning_rate=1e400", "learning_rate")]
    [InlineData("subsample=0", "subsample")]
    [InlineData("subsample=1.5", "subsample")]
    [InlineData("colsample_bytree=2", "colsample_bytree")]
    [InlineData("max_depth=2.5", "max_depth")]
    [InlineData("max_depth=-1", "max_depth")]
    [InlineData("max_bin=1", "max_bin")]
    [InlineData("gamma=-1", "gamma")]
    [InlineData("lambda=NaN", "lambda")]
    [InlineData("nthread=0", "nthread")]
    [InlineData("nthread=100000", "nthread")]
    [InlineData("nthread=two", "nthread")]
    [InlineData("verbosity=4", "verbosity")]
    public void A_value_outside_the_documented_range_is_refused_naming_the_parameter(string assignment, string key)
    {
        var ex = Assert.Throws<LeanMLInputException>(() => Defaults.Override([assignment]));
        Assert.Equal("--param", ex.Field);
        Assert.StartsWith($"--param {key}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nthread_is_allowed_up_to_four_per_processor()
    {
        var max = 4 * Environment.ProcessorCount;
        Assert.Equal(max.ToString(System.Globalization.CultureInfo.InvariantCulture), Defaults.Override([$"nthread={max}"]).Booster["nthread"]);
        var ex = Assert.Throws<LeanMLInputException>(() => Defaults.Override([$"nthread={max + 1}"]));
        Assert.Contains($"from 1 to {max}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_inside_the_ranges_and_named_parameters_pass_through()
    {
        var p = Defaults.Override(["eta=0.05", "max_depth=0", "subsample=1", "colsample_bynode=0.5", "rate_drop=0.1", "objective=binary:logitraw", "eval_metric=error", "rounds=10", "patience=0"]);
        Assert.Equal("0.05", p.Booster["eta"]);
        Assert.Equal("0.1", p.Booster["rate_drop"]);
        Assert.Equal(10, p.Rounds);
        Assert.Equal(0, p.Patience);
    }

    [Theory]
    [InlineData("auc", "auc")]
    [InlineData("auc,logloss", "logloss")]
    [InlineData("error@0.3", "error@0.3")]
    public void The_early_stopping_metric_is_the_last_eval_metric(string evalMetric, string watched) =>
        Assert.Equal(watched, Defaults.Override([$"eval_metric={evalMetric}"]).EarlyStoppingMetric());

    [Fact]
    public void Multiclass_early_stops_on_mlogloss_whatever_the_primary_metric() =>
        // merror moves in steps: a 178-row wine set kept 3 trees (logloss 0.81) on it, 133 trees (0.04) on mlogloss.
        Assert.All(MetricCatalog.Names("multiclass"), m => Assert.Equal("mlogloss", MetricCatalog.EarlyStoppingMetric("multiclass", m)));
}
