namespace LeanML.IntegrationTests.Training;

/// <summary>Run-id prefixes in a workspace with exactly one run, where any wildcard would pick it.</summary>
public sealed class RunPrefixTests
{
    [Fact]
    public void An_empty_or_wildcard_prefix_never_picks_a_run()
    {
        using var ws = new TrainingWorkspace();
        ws.Sql("CREATE TABLE t AS SELECT i AS id, i % 7 AS x, CASE WHEN i % 3 = 0 THEN 1 ELSE 0 END AS y FROM range(200) r(i)");
        ws.Brief("one", """
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
        var train = ws.Cli("train", "one", "--param", "rounds=5", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        var run = train.Json().GetProperty("run_id").GetString()!;

        foreach (var command in new[] { "show", "promote" })
        {
            var empty = ws.Cli(command, "");
            Assert.True(empty.ExitCode == 3, $"{command} \"\": {empty}");
            Assert.Contains("the run id is empty", empty.Stderr, StringComparison.Ordinal);
            foreach (var wildcard in new[] { "%", "_", "0%", run[..4] + "_", "%" + run[^4..] })
            {
                var r = ws.Cli(command, wildcard);
                Assert.True(r.ExitCode == 3, $"{command} {wildcard}: {r}");
                Assert.Contains($"no run '{wildcard}'", r.Stderr, StringComparison.Ordinal);
            }
        }

        // A real prefix still finds the run.
        Assert.Equal(run, ws.Cli("show", run[..10], "--json").Json().GetProperty("run").GetProperty("run_id").GetString());
    }
}
