using System.Globalization;
using System.Text;
using LeanML.IntegrationTests.Infrastructure;
using CliProcess = LeanML.IntegrationTests.Infrastructure.Cli;

namespace LeanML.IntegrationTests.Experiments;

/// <summary>The <c>leanml experiment</c> verbs run as the real CLI process.</summary>
public sealed class ExperimentCliTests
{
    private const string Yaml = """
        name: outreach
        unit: customer
        variants:
          - {name: control, weight: 0.5}
          - {name: model, weight: 0.5}
        primary: retained
        guardrails: [refund_rate]
        metrics:
          retained: {event: renewed, kind: proportion}
          refund_rate: {event: refund, kind: proportion, direction: decrease, margin: 0.05}
        mde: 0.05
        start: 2026-10-01
        """;

    private static TempDir Workspace(string yaml = Yaml)
    {
        var dir = new TempDir();
        Assert.Equal(0, CliProcess.Run(dir.Path, "init", ".").ExitCode);
        File.WriteAllText(dir.Combine("experiments", "outreach.yaml"), yaml);
        return dir;
    }

    /// <summary>Units 0..1999; a unit renews when (i·7919 mod 100) is below its variant's rate (in %), refunds when (i·104729 mod 100) &lt; 3.</summary>
    private static string Events(Dictionary<string, string> variants, int controlRate, int modelRate)
    {
        var sb = new StringBuilder("id,unit,name,value,time\n");
        foreach (var (unit, variant) in variants)
        {
            var i = int.Parse(unit[5..], CultureInfo.InvariantCulture);
            if (i * 7919 % 100 < (variant == "model" ? modelRate : controlRate))
            {
                sb.Append(CultureInfo.InvariantCulture, $"r{i},{unit},renewed,1,2026-10-0{1 + (i % 9)}T12:00:00Z\n");
            }

            if (i * 104729 % 100 < 3)
            {
                sb.Append(CultureInfo.InvariantCulture, $"f{i},{unit},refund,1,2026-10-05T00:00:00Z\n");
            }
        }

        return sb.ToString();
    }

    private static Dictionary<string, string> Assign(TempDir dir)
    {
        File.WriteAllLines(dir.Combine("call-list.csv"), ["customer,name", .. Enumerable.Range(0, 2000).Select(i => $"cust-{i},Customer {i}")]);
        var assign = CliProcess.Run(dir.Path, "experiment", "assign", "outreach", "--input", "call-list.csv", "--output", "split.csv");
        Assert.True(assign.ExitCode == 0, assign.ToString());
        return File.ReadAllLines(dir.Combine("split.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => p[1]);
    }

    [Fact]
    public void Events_and_assignments_are_queryable_in_the_warehouse_and_join_its_tables()
    {
        // The server and 'ingest --events' write the state store; the warehouse keeps an analytic copy that any
        // warehouse query sees up to date, joined with the user's tables in one SQL statement.
        using var dir = Workspace();
        Assert.Equal(0, CliProcess.Run(dir.Path, "experiment", "create", "outreach").ExitCode);
        var variants = Assign(dir);
        File.WriteAllText(dir.Combine("events.csv"), Events(variants, 40, 50));
        Assert.Equal(0, CliProcess.Run(dir.Path, "ingest", "--events", "events.csv").ExitCode);
        Assert.Equal(0, CliProcess.Run(dir.Path, "ingest", "call-list.csv", "--table", "customers").ExitCode);
        var events = File.ReadAllLines(dir.Combine("events.csv")).Length - 1;

        var counts = CliProcess.Run(dir.Path, "sql", "SELECT (SELECT COUNT(*) FROM leanml.events), (SELECT COUNT(*) FROM leanml.assignments)", "--json").Json().GetProperty("rows")[0];
        Assert.Equal((events, 2000L), (counts[0].GetInt64(), counts[1].GetInt64()));
        var joined = CliProcess.Run(dir.Path, "sql", """
            SELECT a.variant, COUNT(DISTINCT e.unit) FROM leanml.assignments a
            JOIN leanml.events e ON e.unit = a.unit AND e.name = 'renewed'
            JOIN customers c ON c.customer = a.unit
            GROUP BY a.variant ORDER BY a.variant
            """, "--json").Json().GetProperty("rows");
        // Independently: the renewing units of each variant, from the files the test wrote.
        var renewed = File.ReadAllLines(dir.Combine("events.csv")).Skip(1).Select(l => l.Split(',')).Where(p => p[2] == "renewed").Select(p => p[1]).Distinct().ToList();
        Assert.Equal(renewed.Count(u => variants[u] == "control"), joined[0][1].GetInt64());
        Assert.Equal(renewed.Count(u => variants[u] == "model"), joined[1][1].GetInt64());

        // New events reach the copy with the next query; the same file again adds nothing (idempotent on id).
        File.WriteAllText(dir.Combine("more.csv"), "id,unit,name,value,time\nx1,cust-1,renewed,1,2026-10-09T00:00:00Z\n");
        Assert.Equal(0, CliProcess.Run(dir.Path, "ingest", "--events", "more.csv").ExitCode);
        Assert.Equal(0, CliProcess.Run(dir.Path, "ingest", "--events", "events.csv").ExitCode);
        Assert.Equal(events + 1, CliProcess.Run(dir.Path, "sql", "SELECT COUNT(*) FROM leanml.events", "--json").Json().GetProperty("rows")[0][0].GetInt64());
    }

    [Fact]
    public void Planted_effect_ships_with_exit_0()
    {
        using var dir = Workspace();
        Assert.Equal(0, CliProcess.Run(dir.Path, "experiment", "create", "outreach").ExitCode);
        var split = Assign(dir);
        Assert.Equal(2000, split.Count);
        File.WriteAllText(dir.Combine("events.csv"), Events(split, controlRate: 20, modelRate: 35));
        Assert.Equal(0, CliProcess.Run(dir.Path, "experiment", "events", "events.csv").ExitCode);

        var analyze = CliProcess.Run(dir.Path, "experiment", "analyze", "outreach", "--json");
        Assert.True(analyze.ExitCode == 0, analyze.ToString());
        var json = analyze.Json();
        Assert.Equal("ship", json.GetProperty("decision").GetString());
        Assert.Equal("model", json.GetProperty("variant").GetString());
        Assert.StartsWith("ship model:", json.GetProperty("sentence").GetString(), StringComparison.Ordinal);

        var human = CliProcess.Run(dir.Path, "experiment", "analyze", "outreach");
        Assert.StartsWith("ship model:", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("retained (primary, proportion)", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("sample ratio: chi-square", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void No_effect_exits_1_and_the_single_assign_is_sticky()
    {
        using var dir = Workspace();
        Assert.Equal(0, CliProcess.Run(dir.Path, "experiment", "create", "outreach").ExitCode);
        var split = Assign(dir);
        File.WriteAllText(dir.Combine("events.csv"), Events(split, controlRate: 20, modelRate: 20));
        Assert.Equal(0, CliProcess.Run(dir.Path, "experiment", "events", "events.csv").ExitCode);
        var analyze = CliProcess.Run(dir.Path, "experiment", "analyze", "outreach", "--json");
        Assert.Equal(1, analyze.ExitCode);
        Assert.NotEqual("ship", analyze.Json().GetProperty("decision").GetString());

        var one = CliProcess.Run(dir.Path, "experiment", "assign", "outreach", "cust-7");
        Assert.Equal(split["cust-7"], one.Stdout.Trim());
        var list = CliProcess.Run(dir.Path, "experiment", "list", "--json").Json();
        Assert.Equal(2000, list[0].GetProperty("units").EnumerateObject().Sum(p => p.Value.GetInt64()));
        Assert.Equal(0, CliProcess.Run(dir.Path, "experiment", "stop", "outreach").ExitCode);
        Assert.Equal("stopped", CliProcess.Run(dir.Path, "experiment", "show", "outreach", "--json").Json().GetProperty("status").GetString());
    }

    [Fact]
    public void Plan_prints_units_and_days()
    {
        using var dir = new TempDir();
        var r = CliProcess.Run(dir.Path, "experiment", "plan", "--metric-kind", "proportion", "--baseline-rate", "0.2", "--mde", "0.02", "--daily-units", "500", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = r.Json();
        // statsmodels NormalIndPower().solve_power(0.02/sqrt((0.2·0.8+0.22·0.78)/2), alpha=.05, power=.8, ratio=1) = 6506.71 → 6,507 per variant.
        Assert.Equal([6507L, 6507L], json.GetProperty("units_per_variant").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(27, json.GetProperty("days").GetInt64());   // ceil(13014 / 500)
        var mean = CliProcess.Run(dir.Path, "experiment", "plan", "--metric-kind", "mean", "--sd", "10", "--mde", "1", "--weights", "0.3,0.7");
        // statsmodels NormalIndPower().solve_power(0.1, alpha=.05, power=.8, ratio=0.7/0.3) = 1121.27 control units; treatment 2616.29.
        Assert.StartsWith("1,122 + 2,617 = 3,739 units", mean.Stdout, StringComparison.Ordinal);
        var bad = CliProcess.Run(dir.Path, "experiment", "plan", "--metric-kind", "proportion", "--mde", "0.02");
        Assert.Equal(3, bad.ExitCode);
        Assert.Contains("--baseline-rate", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_with_three_arms_says_the_alpha_it_really_uses()
    {
        using var dir = new TempDir();
        var r = CliProcess.Run(dir.Path, "experiment", "plan", "--metric-kind", "proportion", "--baseline-rate", "0.2", "--mde", "0.02", "--weights", "0.4,0.3,0.3", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = r.Json();
        // Two treatments share alpha 0.05 (Bonferroni): each comparison is tested at 0.025, and the sentence says so.
        Assert.Equal(0.025, json.GetProperty("alpha").GetDouble(), 15);
        Assert.Contains("power at alpha 0.025 (0.05 shared by 2 treatments, Bonferroni)", json.GetProperty("sentence").GetString(), StringComparison.Ordinal);
        var two = CliProcess.Run(dir.Path, "experiment", "plan", "--metric-kind", "proportion", "--baseline-rate", "0.2", "--mde", "0.02", "--json");
        Assert.EndsWith("power at alpha 0.05.", two.Json().GetProperty("sentence").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_file_and_unknown_experiment_are_input_errors()
    {
        using var dir = Workspace(Yaml.Replace("weight: 0.5}\n  - {name: model", "weight: 0.6}\n  - {name: model", StringComparison.Ordinal));
        var create = CliProcess.Run(dir.Path, "experiment", "create", "outreach");
        Assert.Equal(3, create.ExitCode);
        Assert.Contains("outreach.yaml:4:", create.Stderr, StringComparison.Ordinal);
        Assert.Contains("sum to 1", create.Stderr, StringComparison.Ordinal);
        var unknown = CliProcess.Run(dir.Path, "experiment", "analyze", "outreech");
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("Did you mean 'outreach'?", unknown.Stderr, StringComparison.Ordinal);
    }
}
