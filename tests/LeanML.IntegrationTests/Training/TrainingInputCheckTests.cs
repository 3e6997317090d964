using System.Text.Json;

namespace LeanML.IntegrationTests.Training;

/// <summary>
/// What the trainer refuses or says before a user is misled (issues 17 and 18): --param keys and ranges, XGBoost's own
/// warnings, the early-stopping metric, duplicate columns and ids, the positive class of a text label, rules without
/// probabilities or scored backwards, promotion of a run that missed its bar, and run-id prefixes.
/// </summary>
public sealed class TrainingInputCheckTests(DealsFixture deals) : IClassFixture<DealsFixture>
{
    private readonly TrainingWorkspace _ws = deals.Workspace;

    private static string Brief(string sql, string label, string baseline, string metric = "auc", string doneWhen = "auc >= 0.7", string task = "binary", string extra = "") => $"""
        task: {task}
        dataset:
          sql: {sql}
          id: id
          label: {label}
        {extra}
        baseline:
          name: rule
          sql: {baseline}
        metric: {metric}
        done_when: {doneWhen}
        """;

    private static string Won(string baseline = "size / 100.0", string metric = "auc", string doneWhen = "auc >= 0.7") =>
        Brief("SELECT id, size, channel, won FROM deals", "won", baseline, metric, doneWhen);

    [Theory]
    [InlineData("max_dept=3", "--param max_dept: XGBoost has no parameter 'max_dept'. Did you mean 'max_depth'?")]
    [InlineData("nthread=100000", "--param nthread=100000: write a whole number from 1 to")]
    [InlineData("nthread=10000", "--param nthread=10000: write a whole number from 1 to")]
    [InlineData("eta=NaN", "--param eta=NaN: write a finite number greater than 0")]
    [InlineData("subsample=1.5", "--param subsample=1.5 is out of range")]
    public void A_misspelled_or_out_of_range_param_exits_3_naming_it(string param, string message)
    {
        _ws.Brief("params", Won());
        var result = _ws.Cli("train", "params", "--param", param);
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        // Found before the data is read, and long before training.
        Assert.DoesNotContain("400 rows", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void XGBoosts_warning_of_a_parameter_it_does_not_use_is_shown_and_recorded()
    {
        // rate_drop belongs to the dart booster; with the default gbtree libxgboost does not use it and says so.
        _ws.Brief("unused", Won());
        var result = _ws.Cli("train", "unused", "--param", "rate_drop=0.1", "--param", "rounds=5", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        const string Warning = "XGBoost: Parameters: { \"rate_drop\" } are not used.";
        Assert.Contains("warning: " + Warning, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(result.Json().GetProperty("warnings").EnumerateArray(), w => w.GetString() == Warning);
    }

    [Fact]
    public void The_early_stopping_metric_recorded_is_the_one_watched_when_eval_metric_is_overridden()
    {
        _ws.Brief("evalmetric", Won());
        var result = _ws.Cli("train", "evalmetric", "--param", "eval_metric=error", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("error", result.Json().GetProperty("early_stopping_metric").GetString());
        Assert.Contains("(best valid error ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiclass_with_accuracy_as_its_metric_early_stops_on_mlogloss()
    {
        _ws.Brief("stage_acc", Brief("SELECT id, size, channel, stage FROM deals", "stage", "CASE WHEN size < 50 THEN 'lost' ELSE 'won' END", "accuracy", "accuracy >= 0.9", "multiclass"));
        var result = _ws.Cli("train", "stage_acc", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("mlogloss", result.Json().GetProperty("early_stopping_metric").GetString());
        Assert.Equal("mlogloss", result.Json().GetProperty("parameters").GetProperty("booster").GetProperty("eval_metric").GetString());
    }

    [Theory]
    [InlineData("SELECT id, size, size, channel, won FROM deals", "the column name 'size' twice")]
    [InlineData("SELECT d.id, d.size, e.size, d.channel, d.won FROM deals d JOIN deals e ON e.id = d.id", "the column name 'size' twice")]
    [InlineData("SELECT id, size, size * 2 AS SIZE, channel, won FROM deals", "the columns 'size' and 'SIZE', the same name but for case")]
    public void Dataset_sql_with_a_repeated_column_name_exits_3(string sql, string message)
    {
        // DuckDB names the second 'size' of a subquery 'size_1', so the model trained on a column no input could give.
        _ws.Brief("dupcols", Won().Replace("SELECT id, size, channel, won FROM deals", sql, StringComparison.Ordinal));
        var result = _ws.Cli("train", "dupcols");
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("dataset.sql", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_unique_id_exits_3_naming_a_repeated_value_and_large_distinct_ids_are_not_confused()
    {
        _ws.Sql("CREATE TABLE IF NOT EXISTS deals_twice AS SELECT * FROM deals UNION ALL SELECT * FROM deals WHERE id = 7");
        _ws.Brief("dupids", Won().Replace("FROM deals", "FROM deals_twice", StringComparison.Ordinal));
        var result = _ws.Cli("train", "dupids");
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("'dataset.id' names 'id', but it is not unique: '7' is on more than one row", result.Stderr, StringComparison.Ordinal);

        _ws.Sql("CREATE TABLE IF NOT EXISTS deals_text_ids AS SELECT 'D-' || CAST(id % 399 AS VARCHAR) AS id, size, channel, won FROM deals");
        _ws.Brief("dupids_text", Won().Replace("FROM deals", "FROM deals_text_ids", StringComparison.Ordinal));
        var text = _ws.Cli("train", "dupids_text");
        Assert.True(text.ExitCode == 3, text.ToString());
        Assert.Contains("'D-0' is on more than one row", text.Stderr, StringComparison.Ordinal);

        // 100000000 + id: float32 (how feature columns are held) cannot tell these apart, yet each is its own id.
        _ws.Sql("CREATE TABLE IF NOT EXISTS deals_big_ids AS SELECT CAST(id AS BIGINT) + 100000000 AS id, size, channel, won FROM deals");
        _ws.Brief("bigids", Won().Replace("FROM deals", "FROM deals_big_ids", StringComparison.Ordinal));
        var big = _ws.Cli("train", "bigids");
        Assert.True(big.ExitCode == 0, big.ToString());
    }

    private const string TextLabelSql = "SELECT id, size, channel, CASE WHEN won = 1 THEN 'won' ELSE 'lost' END AS outcome FROM deals";

    [Fact]
    public void A_text_label_other_than_yes_no_needs_dataset_positive()
    {
        _ws.Brief("text_label", Brief(TextLabelSql, "outcome", "size / 100.0"));
        var result = _ws.Cli("train", "text_label");
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("the label 'outcome' holds the texts 'lost' and 'won'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("e.g. 'positive: won'", result.Stderr, StringComparison.Ordinal);

        _ws.Brief("text_label_bad", Brief(TextLabelSql, "outcome", "size / 100.0", extra: "  positive: wonn"));
        var bad = _ws.Cli("train", "text_label_bad");
        Assert.True(bad.ExitCode == 3, bad.ToString());
        Assert.Contains("'dataset.positive' is 'wonn', but the label 'outcome' holds only 'lost' and 'won'", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_verdict_names_the_positive_class_and_a_rule_scored_backwards()
    {
        // size / 100 ranks won deals high: with positive 'won' it is a fair rule, with positive 'lost' it is backwards.
        _ws.Brief("positive_won", Brief(TextLabelSql, "outcome", "size / 100.0", extra: "  positive: won"));
        var won = _ws.Cli("train", "positive_won", "--json");
        Assert.True(won.ExitCode == 0, won.ToString());
        var wonVerdict = won.Json().GetProperty("verdict").GetString()!;
        Assert.Contains(", positive class 'won'; the bar was auc >= 0.7", wonVerdict, StringComparison.Ordinal);
        Assert.DoesNotContain("backwards", wonVerdict, StringComparison.Ordinal);
        Assert.True(won.Json().GetProperty("metrics").GetProperty("business_baseline").GetProperty("auc").GetDouble() > 0.9, won.Stdout);

        _ws.Brief("positive_lost", Brief(TextLabelSql, "outcome", "size / 100.0", extra: "  positive: lost"));
        var lost = _ws.Cli("train", "positive_lost", "--json");
        Assert.True(lost.ExitCode == 0, lost.ToString());
        var lostVerdict = lost.Json().GetProperty("verdict").GetString()!;
        Assert.Contains(", positive class 'lost'; the bar was auc >= 0.7", lostVerdict, StringComparison.Ordinal);
        Assert.EndsWith(" — the rule scores below 0.5 AUC: is it written backwards?", lostVerdict, StringComparison.Ordinal);
        Assert.True(lost.Json().GetProperty("metrics").GetProperty("business_baseline").GetProperty("auc").GetDouble() < 0.1, lost.Stdout);
        var schema = LeanML.Features.FeatureSchema.FromJson(File.ReadAllText(_ws.RunFile(lost.Json().GetProperty("run_id").GetString()!, "schema.json")));
        Assert.Equal(["won", "lost"], schema.Classes);
    }

    [Fact]
    public void A_0_1_rule_has_no_logloss_it_is_n_a_and_null_in_json()
    {
        _ws.Brief("rule01", Won("CASE WHEN size > 50 THEN 1 ELSE 0 END", "logloss", "logloss <= 0.6"));
        var result = _ws.Cli("train", "rule01", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(JsonValueKind.Null, json.GetProperty("metrics").GetProperty("business_baseline").GetProperty("logloss").ValueKind);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("metrics").GetProperty("test").GetProperty("logloss").ValueKind);
        Assert.Contains("against the rule 'rule' (n/a: the rule gives no probabilities)", json.GetProperty("verdict").GetString(), StringComparison.Ordinal);

        var show = _ws.Cli("show", json.GetProperty("run_id").GetString()!);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("business baseline logloss: n/a (the rule gives no probabilities)", show.Stdout, StringComparison.Ordinal);
        Assert.Contains(show.Stdout.Split('\n'), l => l.StartsWith("* logloss", StringComparison.Ordinal) && l.Contains(" n/a ", StringComparison.Ordinal));

        // A rule giving probabilities keeps its log loss.
        _ws.Brief("rule_p", Won("size / 100.0", "logloss", "logloss <= 0.6"));
        var scored = _ws.Cli("train", "rule_p", "--json");
        Assert.Equal(JsonValueKind.Number, scored.Json().GetProperty("metrics").GetProperty("business_baseline").GetProperty("logloss").ValueKind);
    }

    [Fact]
    public void Promoting_a_run_that_missed_its_bar_asks_for_force_and_says_why()
    {
        _ws.Brief("missed", Won(doneWhen: "auc >= 0.999"));
        var train = _ws.Cli("train", "missed", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        var run = train.Json().GetProperty("run_id").GetString()!;
        Assert.StartsWith("not yet: ", train.Json().GetProperty("verdict").GetString(), StringComparison.Ordinal);

        var refused = _ws.Cli("promote", run);
        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.Contains($"run {run} did not meet its project's bar, so it is not promoted: \"not yet: auc ", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("pass --force", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_ws.Cli("runs", "missed", "--json").Json().GetProperty("runs").EnumerateArray(), r => r.GetProperty("production").GetBoolean());

        var forced = _ws.Cli("promote", run, "--force", "--json");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(run, forced.Json().GetProperty("run_id").GetString());
    }
}
