using System.Globalization;
using LeanML.Experiments;
using YamlDotNet.RepresentationModel;

namespace LeanML.IntegrationTests.Examples;

/// <summary>
/// The planted structure of the default example company, checked through the churn project's own SQL on the files
/// loaded by the ingestion contract: one row per customer, a plausible churn rate, signals that really drive churn,
/// a hand-written score that beats the business rule, and an outreach experiment with its planted effect.
/// </summary>
public sealed class ExampleCompanyStructureTests(ExampleCompanyFixture fx) : IClassFixture<ExampleCompanyFixture>
{
    private static double D(object? v) => v is null ? double.NaN : Convert.ToDouble(v, CultureInfo.InvariantCulture);

    [Fact]
    public void Malformed_lines_are_quarantined_and_everything_else_loads()
    {
        // Six malformed lines are planted: two cut-short payments, a contact with an extra field, two broken JSON
        // records and a usage row with a missing field.
        Assert.Equal(2, fx.Quarantined["stripe_payments.csv"]);
        Assert.Equal(1, fx.Quarantined["hubspot_contacts.csv"]);
        Assert.Equal(2, fx.Quarantined["helpdesk_tickets.jsonl"]);
        Assert.Equal(1, fx.Quarantined["product_usage_weekly.csv"]);
        Assert.Equal(0, fx.Quarantined["stripe_subscriptions.csv"]);
        Assert.Equal(0, fx.Quarantined["experiment_events.csv"]);
        Assert.Equal(0, fx.Quarantined["experiment_units.csv"]);
        Assert.Equal(3, fx.Scalar("SELECT COUNT(*) FROM plans"));
    }

    [Fact]
    public void The_exports_carry_the_messiness_of_real_ones()
    {
        // Exact duplicated rows.
        Assert.True(fx.Scalar("SELECT COUNT(*) - COUNT(DISTINCT id) FROM stripe_payments") > 0);
        Assert.True(fx.Scalar("SELECT COUNT(*) - COUNT(DISTINCT id) FROM stripe_subscriptions") > 0);
        Assert.True(fx.Scalar("SELECT COUNT(*) - COUNT(DISTINCT id) FROM helpdesk_tickets") > 0);
        // Mixed-case categories.
        Assert.True(fx.Scalar("SELECT COUNT(DISTINCT lifecycle_stage) - COUNT(DISTINCT LOWER(lifecycle_stage)) FROM hubspot_contacts") > 0);
        Assert.True(fx.Scalar("SELECT COUNT(DISTINCT priority) - COUNT(DISTINCT LOWER(priority)) FROM helpdesk_tickets") > 0);
        // Blank cells.
        Assert.True(fx.Scalar("SELECT COUNT(*) FROM hubspot_contacts WHERE number_of_employees IS NULL") > 0);
        Assert.True(fx.Scalar("SELECT COUNT(*) FROM stripe_payments WHERE card_brand IS NULL") > 0);
        // "$1,234.50"-style cells parsed as money: every amount is one of the plan charges.
        Assert.Equal(0, fx.Scalar("SELECT COUNT(*) FROM stripe_payments WHERE amount NOT IN (49, 199, 799, 499.8, 1910.4, 7191)"));
        Assert.Equal("DOUBLE", fx.Dataset.Count > 0 ? TypeOf("stripe_payments", "amount") : "");
        // Nested JSON flattened, arrays kept as JSON text.
        Assert.True(fx.Scalar("SELECT COUNT(*) FROM helpdesk_tickets WHERE requester_email IS NOT NULL AND tags LIKE '[%'") > 0);
    }

    private string TypeOf(string table, string column)
    {
        using var command = fx.Connection.CreateCommand();
        command.CommandText = $"SELECT type FROM pragma_table_info('{table}') WHERE name = '{column}'";
        return (string)command.ExecuteScalar()!;
    }

    [Fact]
    public void The_project_sql_gives_one_row_per_customer_at_the_snapshot_with_a_plausible_label()
    {
        var rows = fx.Dataset;
        Assert.Equal(fx.Result.ActiveAtSnapshot, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => (string)r["customer_id"]!).Distinct(StringComparer.Ordinal).Count());
        var churned = rows.Count(r => D(r["churned"]) == 1);
        Assert.Equal(fx.Result.Churned, churned);
        var rate = (double)churned / rows.Count;
        Assert.InRange(rate, 0.10, 0.25);

        // Every join found its source: plan prices from the workbook, CRM data, usage.
        Assert.All(rows, r => Assert.NotNull(r["monthly_price"]));
        Assert.True(rows.Count(r => r["industry"] is not null) > 0.9 * rows.Count);
        Assert.True(rows.Count(r => r["logins_last_4w"] is not null) > 0.95 * rows.Count);

        var dataset = (YamlMappingNode)fx.Project["dataset"];
        Assert.Equal("customer_id", ((YamlScalarNode)dataset["id"]).Value);
        Assert.Equal("churned", ((YamlScalarNode)dataset["label"]).Value);
    }

    [Fact]
    public void The_project_and_experiment_files_use_the_design_formats()
    {
        static string[] Keys(YamlMappingNode node) => [.. node.Children.Keys.Select(k => ((YamlScalarNode)k).Value!)];
        Assert.Equal(
            ["name", "question", "decision", "owner", "stakeholders", "stage", "due", "task", "dataset", "baseline", "metric", "done_when", "assumptions", "hypotheses"],
            Keys(fx.Project));
        Assert.Equal(["sql", "id", "label", "exclude"], Keys((YamlMappingNode)fx.Project["dataset"]));
        Assert.Equal(["name", "sql"], Keys((YamlMappingNode)fx.Project["baseline"]));
        Assert.Equal("binary", ((YamlScalarNode)fx.Project["task"]).Value);
        Assert.Equal("auc >= 0.75 and lift >= 0.05", ((YamlScalarNode)fx.Project["done_when"]).Value);

        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(fx.Root, "experiments", "churn-outreach.yaml")))
        {
            yaml.Load(reader);
        }

        var experiment = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal(
            ["name", "project", "unit", "start", "variants", "primary", "guardrails", "metrics", "cuped", "pre_days", "alpha", "power", "mde"],
            Keys(experiment));
        Assert.Equal("churn-outreach", ((YamlScalarNode)experiment["name"]).Value);
        var variants = ((YamlSequenceNode)experiment["variants"]).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal(["control", "call-top-risk"], variants.Select(v => ((YamlScalarNode)v["name"]).Value));
        Assert.All(variants, v => Assert.Equal("0.5", ((YamlScalarNode)v["weight"]).Value));
        var refund = (YamlMappingNode)((YamlMappingNode)experiment["metrics"])["refund_rate"];
        Assert.Equal("decrease", ((YamlScalarNode)refund["direction"]).Value);
        Assert.Equal("0.01", ((YamlScalarNode)refund["margin"]).Value);
    }

    [Fact]
    public void Customers_with_failed_payments_or_falling_usage_churn_more_often()
    {
        var rows = fx.Dataset;
        static double Rate(IEnumerable<Dictionary<string, object?>> group) => group.Average(r => D(r["churned"]));

        var failed = Rate(rows.Where(r => D(r["failed_payments_90d"]) > 0));
        var paid = Rate(rows.Where(r => D(r["failed_payments_90d"]) == 0));
        Assert.True(failed > 1.5 * paid, $"failed payments {failed:0.000} vs none {paid:0.000}");

        var falling = Rate(rows.Where(r => D(r["login_trend"]) < 0.7));
        var steady = Rate(rows.Where(r => D(r["login_trend"]) >= 0.9));
        Assert.True(falling > 1.5 * steady, $"falling usage {falling:0.000} vs steady {steady:0.000}");

        var urgent = Rate(rows.Where(r => D(r["urgent_tickets_90d"]) > 0));
        var calm = Rate(rows.Where(r => D(r["urgent_tickets_90d"]) == 0));
        Assert.True(urgent > 1.3 * calm, $"urgent tickets {urgent:0.000} vs none {calm:0.000}");

        var basic = Rate(rows.Where(r => (string?)r["plan"] == "basic"));
        var enterprise = Rate(rows.Where(r => (string?)r["plan"] == "enterprise"));
        Assert.True(basic > enterprise, $"basic {basic:0.000} vs enterprise {enterprise:0.000}");
    }

    [Fact]
    public void A_score_over_the_signals_beats_the_monthly_billing_rule()
    {
        var rows = fx.Dataset;
        var labels = rows.Select(r => D(r["churned"]) == 1).ToArray();
        var baseline = rows.Select(r => (string?)r["billing_interval"] == "month" ? 1.0 : 0.0).ToArray();
        var score = rows.Select(r =>
            (D(r["billing_interval"] is "month" ? 1 : 0) * 0.9)
            + (D(r["tenure_days"]) < 180 ? 1.0 : D(r["tenure_days"]) < 365 ? 0.5 : 0)
            + (0.75 * Math.Min(D(r["failed_payments_90d"]), 3))
            + (0.3 * Math.Min(D(r["tickets_90d"]), 6)) + (0.55 * Math.Min(D(r["urgent_tickets_90d"]), 3))
            + (double.IsNaN(D(r["login_trend"])) ? 0 : 2.5 * Math.Max(0, 1 - D(r["login_trend"])))
            + ((string?)r["plan"] switch { "basic" => 0.6, "enterprise" => -0.6, _ => 0 })).ToArray();

        var baselineAuc = Auc(baseline, labels);
        var scoreAuc = Auc(score, labels);
        Assert.InRange(baselineAuc, 0.55, 0.70);
        Assert.True(scoreAuc >= 0.75 && scoreAuc >= baselineAuc + 0.1, $"score auc {scoreAuc:0.000} vs baseline {baselineAuc:0.000}");
    }

    /// <summary>ROC AUC as the Mann–Whitney statistic, ties counted half.</summary>
    internal static double Auc(double[] scores, bool[] labels)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = (i + j) / 2.0 + 1;
            }

            i = j + 1;
        }

        double positives = labels.Count(l => l), negatives = labels.Length - positives;
        var rankSum = Enumerable.Range(0, labels.Length).Where(i => labels[i]).Sum(i => ranks[i]);
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    [Fact]
    public void The_outreach_experiment_follows_live_assignment_and_carries_the_planted_effect()
    {
        using var command = fx.Connection.CreateCommand();
        command.CommandText = """
            SELECT u.unit, u.variant,
                   COALESCE(MAX(CASE WHEN e.name = 'renewed' AND e.time >= '2026-11-02' THEN 1 ELSE 0 END), 0),
                   COALESCE(MAX(CASE WHEN e.name = 'refund' AND e.time >= '2026-11-02' THEN 1 ELSE 0 END), 0),
                   CAST(COALESCE(MIN(e.time), TIMESTAMP '2026-11-02') AS VARCHAR), CAST(COALESCE(MAX(e.time), TIMESTAMP '2026-11-02') AS VARCHAR)
            FROM experiment_units u LEFT JOIN experiment_events e ON e.unit = u.unit
            GROUP BY u.unit, u.variant
            """;
        var arms = new[] { new List<(bool Retained, bool Refund)>(), new List<(bool Retained, bool Refund)>() };
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var unit = reader.GetString(0);
                var variant = VariantAssignment.Choose(VariantAssignment.Bucket("churn-outreach", unit), [0.5, 0.5]);
                Assert.Equal(variant == 0 ? "control" : "call-top-risk", reader.GetString(1));
                arms[variant].Add((Convert.ToInt64(reader.GetValue(2)) == 1, Convert.ToInt64(reader.GetValue(3)) == 1));
                Assert.True(string.CompareOrdinal(reader.GetString(4), "2026-10-19") >= 0, reader.GetString(4));
                Assert.True(string.CompareOrdinal(reader.GetString(5), "2026-11-30") < 0, reader.GetString(5));
            }
        }

        Assert.Equal(fx.Result.ExperimentUnits, arms[0].Count + arms[1].Count);
        Assert.Equal(0, fx.Scalar("SELECT COUNT(*) FROM experiment_events WHERE unit NOT IN (SELECT unit FROM experiment_units)"));
        Assert.InRange((double)arms[0].Count / (arms[0].Count + arms[1].Count), 0.47, 0.53);
        double Share(int arm, Func<(bool Retained, bool Refund), bool> f) => (double)arms[arm].Count(f) / arms[arm].Count;

        var control = Share(0, u => u.Retained);
        var treated = Share(1, u => u.Retained);
        var lift = treated - control;
        var se = Math.Sqrt((control * (1 - control) / arms[0].Count) + (treated * (1 - treated) / arms[1].Count));
        Assert.InRange(lift, 0.03, 0.07);
        Assert.True(lift / se > 3, $"retention lift {lift:0.000} is only {lift / se:0.0} standard errors");

        // Refunds do not depend on the variant: well inside the guardrail's 0.01 margin.
        Assert.InRange(Share(1, u => u.Refund) - Share(0, u => u.Refund), -0.006, 0.006);
    }
}
