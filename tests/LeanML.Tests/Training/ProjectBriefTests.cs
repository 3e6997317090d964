using LeanML.Training;

namespace LeanML.Tests.Training;

public sealed class ProjectBriefTests
{
    private const string Good = """
        name: churn
        stage: modeling
        task: binary
        dataset:
          sql: SELECT * FROM customers
          id: customer_id
          label: churned
        baseline:
          name: month-to-month customers
          sql: CASE WHEN contract = 'Month-to-month' THEN 1.0 ELSE 0.0 END
        metric: precision_at_50
        done_when: auc >= 0.80 and lift >= 0.05
        """;

    private static LeanMLInputException Bad(string text) =>
        Assert.Throws<LeanMLInputException>(() => ProjectBrief.Parse("churn", "projects/churn/project.yaml", text));

    [Fact]
    public void A_good_brief_parses()
    {
        var brief = ProjectBrief.Parse("churn", "projects/churn/project.yaml", Good);
        Assert.Equal("binary", brief.Task);
        Assert.Equal("churned", brief.Dataset.Label);
        Assert.Equal("customer_id", brief.Dataset.Id);
        Assert.Equal("precision_at_50", brief.Metric);
        Assert.Equal(50, ProjectBrief.PrecisionAtK(brief.Metric));
        Assert.Equal(64, brief.Hash.Length);
    }

    [Fact]
    public void A_misspelt_task_names_the_line_and_suggests_binary()
    {
        var ex = Bad(Good.Replace("task: binary", "task: binery", StringComparison.Ordinal));
        Assert.Equal(3, ex.Line);
        Assert.Equal("task", ex.Field);
        Assert.Contains("projects/churn/project.yaml:3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'binary'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_suggests_the_closest_valid_one()
    {
        var ex = Bad(Good.Replace("metric:", "metrik:", StringComparison.Ordinal));
        Assert.Equal(11, ex.Line);
        Assert.Contains("unknown key 'metrik'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'metric'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_inside_dataset_is_located()
    {
        var ex = Bad(Good.Replace("  label: churned", "  lable: churned", StringComparison.Ordinal));
        Assert.Equal(7, ex.Line);
        Assert.Contains("'dataset.lable'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'label'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_key_says_what_to_add()
    {
        var ex = Bad(Good.Replace("done_when: auc >= 0.80 and lift >= 0.05", "", StringComparison.Ordinal));
        Assert.Contains("'done_when' is missing", ex.Message, StringComparison.Ordinal);
        var label = Bad(Good.Replace("  label: churned\n", "", StringComparison.Ordinal));
        Assert.Contains("'dataset.label' is missing", label.Message, StringComparison.Ordinal);
        Assert.Contains("under 'dataset'", label.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_done_when_naming_an_unknown_metric_is_located_with_a_suggestion()
    {
        var ex = Bad(Good.Replace("done_when: auc >= 0.80", "done_when: acu >= 0.80", StringComparison.Ordinal));
        Assert.Equal(12, ex.Line);
        Assert.Equal("done_when", ex.Field);
        Assert.Contains("'acu'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'auc'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_of_another_task_lists_the_valid_ones()
    {
        var ex = Bad(Good.Replace("metric: precision_at_50", "metric: rmse", StringComparison.Ordinal));
        Assert.Contains("not a binary metric", ex.Message, StringComparison.Ordinal);
        Assert.Contains("auc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_baseline_is_required()
    {
        var ex = Bad(Good.Replace("baseline:\n  name: month-to-month customers\n  sql: CASE WHEN contract = 'Month-to-month' THEN 1.0 ELSE 0.0 END\n", "", StringComparison.Ordinal));
        Assert.Contains("'baseline' is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dataset_positive_is_read_for_a_binary_task_and_refused_for_another()
    {
        var brief = ProjectBrief.Parse("churn", "projects/churn/project.yaml", Good.Replace("  label: churned\n", "  label: churned\n  positive: affair\n", StringComparison.Ordinal));
        Assert.Equal("affair", brief.Dataset.Positive);
        var ex = Bad(Good.Replace("  label: churned\n", "  label: churned\n  positive: affair\n", StringComparison.Ordinal)
            .Replace("task: binary", "task: multiclass", StringComparison.Ordinal).Replace("precision_at_50", "accuracy", StringComparison.Ordinal)
            .Replace("auc >= 0.80 and lift >= 0.05", "accuracy >= 0.8", StringComparison.Ordinal));
        Assert.Equal("dataset.positive", ex.Field);
        Assert.Contains("task: multiclass has none", ex.Message, StringComparison.Ordinal);
    }
}
