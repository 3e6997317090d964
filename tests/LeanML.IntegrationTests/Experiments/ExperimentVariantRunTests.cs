using LeanML.IntegrationTests.Training;

namespace LeanML.IntegrationTests.Experiments;

/// <summary>'experiment create' checks each variant's run: it exists and belongs to the project under test.</summary>
public sealed class ExperimentVariantRunTests
{
    private static string Yaml(string project, string run) => $"""
        name: outreach
        project: {project}
        unit: customer
        variants:
          - {"{"}name: control, weight: 0.5{"}"}
          - {"{"}name: model, weight: 0.5, run: {run}{"}"}
        primary: retained
        metrics:
          retained: {"{"}event: renewed, kind: proportion{"}"}
        """;

    [Fact]
    public void A_variant_run_of_another_project_or_of_none_is_refused_and_a_run_of_the_project_is_accepted()
    {
        using var ws = new TrainingWorkspace();
        ws.Sql("CREATE TABLE t AS SELECT i AS id, i % 7 AS x, CASE WHEN i % 3 = 0 THEN 1 ELSE 0 END AS y FROM range(200) r(i)");
        foreach (var project in new[] { "churn", "upsell" })
        {
            ws.Brief(project, """
                task: binary
                dataset:
                  sql: SELECT id, x, y FROM t
                  id: id
                  label: y
                baseline:
                  sql: x / 7.0
                metric: auc
                done_when: auc >= 0.5
                """);
        }

        var churnRun = ws.Cli("train", "churn", "--param", "rounds=5", "--json").Json().GetProperty("run_id").GetString()!;
        var upsellRun = ws.Cli("train", "upsell", "--param", "rounds=5", "--json").Json().GetProperty("run_id").GetString()!;
        Directory.CreateDirectory(Path.Combine(ws.Root, "experiments"));
        var file = Path.Combine(ws.Root, "experiments", "outreach.yaml");

        // Before: created, and the server then logged "names run ... of project 'upsell'" every second, forever.
        File.WriteAllText(file, Yaml("churn", upsellRun));
        var foreign = ws.Cli("experiment", "create", "outreach");
        Assert.True(foreign.ExitCode == 3, foreign.ToString());
        Assert.Contains($"variant 'model' names run {upsellRun}, which belongs to project 'upsell', but the experiment tests project 'churn'", foreign.Stderr, StringComparison.Ordinal);
        Assert.Contains("outreach.yaml", foreign.Stderr, StringComparison.Ordinal);

        File.WriteAllText(file, Yaml("churn", "01NOSUCHRUN"));
        var missing = ws.Cli("experiment", "create", "outreach");
        Assert.True(missing.ExitCode == 3, missing.ToString());
        Assert.Contains("names run '01NOSUCHRUN', which does not exist", missing.Stderr, StringComparison.Ordinal);

        File.WriteAllText(file, Yaml("churn", upsellRun).Replace("project: churn\n", "", StringComparison.Ordinal));
        var none = ws.Cli("experiment", "create", "outreach");
        Assert.True(none.ExitCode == 3, none.ToString());
        Assert.Contains("Add 'project: upsell'", none.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, ws.Cli("experiment", "list", "--json").Json().GetArrayLength());   // nothing was created
        File.WriteAllText(file, Yaml("churn", churnRun[..12]));
        var ok = ws.Cli("experiment", "create", "outreach");
        Assert.True(ok.ExitCode == 0, ok.ToString());
    }
}
