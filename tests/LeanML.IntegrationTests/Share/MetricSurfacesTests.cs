using System.Globalization;
using System.Text;
using LeanML.Experiments;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Reports;
using LeanML.Runs;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Share;

/// <summary>
/// One metric, defined once, gives the same number through every surface: <c>leanml metric</c>, a report's live
/// number and an experiment's per-variant value (its units as the entities, its window as the time range); and live
/// numbers of runs equal the run registry. On DuckDB + SQLite and on PostgreSQL.
/// </summary>
public abstract class MetricSurfacesTests : IAsyncLifetime
{
    protected readonly TempDir Dir = new();

    private static readonly DateTime WindowStart = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    // The payments: 400 customers, 0-5 payments each between 2026-09-01 and 2026-11-29, one in ten failed.
    private static readonly List<(string Customer, DateTime PaidAt, double Amount, string Status, string Plan)> Payments = Generate();

    protected abstract string SettingsYaml { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        Dir.Dispose();
        return Task.CompletedTask;
    }

    private static List<(string, DateTime, double, string, string)> Generate()
    {
        var random = new Random(20261206);
        var list = new List<(string, DateTime, double, string, string)>();
        for (var c = 0; c < 400; c++)
        {
            var plan = c % 3 == 0 ? "pro" : "basic";
            for (var k = random.Next(6); k > 0; k--)
            {
                var at = new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(90 * 24 * 60));
                list.Add(($"c{c}", at, Math.Round(10 + (random.NextDouble() * 90), 2), random.Next(10) == 0 ? "failed" : "paid", plan));
            }
        }

        return list;
    }

    private async Task<LeanML.Workspace.Workspace> SetUpAsync()
    {
        File.WriteAllText(Dir.Combine("leanml.yaml"), SettingsYaml);
        var csv = new StringBuilder("customer_id,paid_at,amount,status,plan\n");
        foreach (var p in Payments)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{p.Customer},{p.PaidAt:yyyy-MM-dd HH:mm:ss},{p.Amount.ToString(CultureInfo.InvariantCulture)},{p.Status},{p.Plan}\n");
        }

        File.WriteAllText(Dir.Combine("payments.csv"), csv.ToString());
        Directory.CreateDirectory(Dir.Combine("metrics"));
        File.WriteAllText(Dir.Combine("metrics", "revenue.yaml"), """
            name: revenue
            label: Revenue
            type: sum
            table: payments
            expression: amount
            entity: customer_id
            time: paid_at
            grains: [month]
            filters: ["status <> 'failed'"]
            dimensions: [plan]
            format: money
            """);
        Directory.CreateDirectory(Dir.Combine("experiments"));
        File.WriteAllText(Dir.Combine("experiments", "outreach.yaml"), """
            name: outreach
            unit: customer
            start: 2026-10-01
            variants:
              - {name: control, weight: 0.5}
              - {name: model, weight: 0.5}
            primary: revenue
            metrics:
              revenue: {metric: revenue}
            """);
        // Customers c0..c299 are in the experiment; c300..c399 are not.
        File.WriteAllText(Dir.Combine("units.csv"), "unit\n" + string.Join("\n", Enumerable.Range(0, 300).Select(i => $"c{i}")) + "\n");
        foreach (var args in new[] { new[] { "ingest", "payments.csv" }, ["experiment", "create", "outreach"], ["experiment", "assign", "outreach", "--input", "units.csv"] })
        {
            var r = await Infrastructure.Cli.RunAsync(Dir.Path, args);
            Assert.True(r.ExitCode == 0, r.ToString());
        }

        return LeanML.Workspace.Workspace.Open(Dir.Path);
    }

    private static string VariantOf(string unit) => VariantAssignment.Choose(VariantAssignment.Bucket("outreach", unit), [0.5, 0.5]) == 0 ? "control" : "model";

    [Fact]
    public async Task One_metric_is_the_same_number_through_the_cli_a_report_and_the_experiment()
    {
        var ws = await SetUpAsync();
        Directory.CreateDirectory(Dir.Combine("reports"));
        File.WriteAllText(Dir.Combine("reports", "2026-12-06-revenue.md"), """
            ---
            title: Revenue
            authors: [ana@acme.example]
            tldr: Revenue per customer by arm.
            created: 2026-12-06
            ---
            Control {{ metric revenue experiment=outreach variant=control }}, model {{ metric revenue experiment=outreach variant=model }}.
            October {{ metric revenue month=2026-10 }}.
            """);

        // Independently: per variant, the paid amounts from the window's start of the variant's units, over its units.
        var units = Enumerable.Range(0, 300).Select(i => $"c{i}").GroupBy(VariantOf).ToDictionary(g => g.Key, g => g.ToHashSet());
        double Expected(string variant) => Payments.Where(p => units[variant].Contains(p.Customer) && p.PaidAt >= WindowStart && p.Status != "failed").Sum(p => p.Amount) / units[variant].Count;
        var october = Payments.Where(p => p.PaidAt.Month == 10 && p.Status != "failed").Sum(p => p.Amount);

        var analysis = await Infrastructure.Cli.RunAsync(Dir.Path, "experiment", "analyze", "outreach", "--json");
        Assert.True(analysis.ExitCode is 0 or 1, analysis.ToString());
        var arms = analysis.Json().GetProperty("metrics")[0].GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("variant").GetString()!, v => v.GetProperty("mean").GetDouble());

        var rendered = await new ReportService(ws).RenderAsync("2026-12-06-revenue.md");
        foreach (var (variant, i) in new[] { ("control", 0), ("model", 1) })
        {
            var cli = await Infrastructure.Cli.RunAsync(Dir.Path, "metric", "revenue", "--experiment", "outreach", "--variant", variant, "--json");
            Assert.True(cli.ExitCode == 0, cli.ToString());
            var row = cli.Json().GetProperty("rows")[0];
            Assert.Equal(Expected(variant), row.GetProperty("value").GetDouble(), 9);
            Assert.Equal(units[variant].Count, row.GetProperty("entities").GetInt64());
            Assert.Equal(Expected(variant), arms[variant], 9);
            Assert.Equal(Expected(variant), rendered.Numbers[i].Value!.Value, 9);
            Assert.True(cli.Json().GetProperty("per_entity").GetBoolean());
        }

        var months = await Infrastructure.Cli.RunAsync(Dir.Path, "metric", "revenue", "--grain", "month", "--json");
        Assert.True(months.ExitCode == 0, months.ToString());
        var doc = months.Json();
        var oct = doc.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("period").GetString() == "2026-10-01");
        Assert.Equal(october, oct.GetProperty("value").GetDouble(), 6);
        Assert.Equal(october, rendered.Numbers[2].Value!.Value, 6);

        // Each number carries the definition's hash and the data's as-of (the ingest of 'payments').
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Dir.Combine("metrics", "revenue.yaml"))));
        Assert.Equal(hash, doc.GetProperty("definition_hash").GetString());
        Assert.All(rendered.Numbers, n => Assert.Equal(hash, n.DefinitionHash));
        await using var warehouse = await Warehouse.OpenAsync(ws, readOnly: true);
        var loaded = (await new LeanML.Ingestion.IngestLogStore(warehouse).ListAsync("payments")).Single().FinishedAt;
        Assert.Equal(loaded, doc.GetProperty("as_of").GetDateTimeOffset());
        Assert.All(rendered.Numbers, n => Assert.Equal(loaded, n.AsOf));
        Assert.Contains($"definition {hash[..12]}", rendered.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", rendered.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_numbers_equal_the_run_registry_and_an_unknown_reference_names_its_line()
    {
        File.WriteAllText(Dir.Combine("leanml.yaml"), SettingsYaml);
        var ws = LeanML.Workspace.Workspace.Open(Dir.Path);
        var details = """{"metrics": {"test": {"auc": 0.8123, "logloss": 0.4321}}}""";
        await using (var state = await StateStore.OpenAsync(ws))
        {
            var store = new RunStore(state);
            await store.InsertAsync(new TrainingRunRecord("01JOLDER0000000000000000AA", "churn", DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture), "binary", "auc", 0.70, 0.6, 0.1, false, "not yet", 1, "f", new Dictionary<string, string>(), details));
            await store.InsertAsync(new TrainingRunRecord("01JNEWER0000000000000000BB", "churn", DateTimeOffset.Parse("2026-12-01T00:00:00Z", CultureInfo.InvariantCulture), "binary", "auc", 0.8123, 0.7015, 0.1108, true, "done", 1, "f", new Dictionary<string, string>(), details));
        }

        Directory.CreateDirectory(Dir.Combine("reports"));
        const string front = "---\ntitle: Verdict\nauthors: [ana]\ntldr: x\ncreated: 2026-12-06\n---\n";
        File.WriteAllText(Dir.Combine("reports", "2026-12-06-verdict.md"), front + "AUC {{ run 01JOLDER auc }}, latest {{ run churn:latest auc }} lift {{ run churn:latest lift }} logloss {{ run 01JNEWER0000000000000000BB logloss }}\n");
        var rendered = await new ReportService(ws).RenderAsync("reports/2026-12-06-verdict.md");
        Assert.Equal([0.70, 0.8123, 0.1108, 0.4321], rendered.Numbers.Select(n => n.Value!.Value));
        Assert.Equal("run 01JNEWER0000000000000000BB", rendered.Numbers[1].Source);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T00:00:00Z", CultureInfo.InvariantCulture), rendered.Numbers[1].AsOf);
        Assert.StartsWith("AUC 0.7", rendered.Markdown.Split('\n')[6], StringComparison.Ordinal);
        Assert.Contains("_(run 01JOLDER0000000000000000AA, as of 2026-11-01 00:00 UTC)_", rendered.Markdown.Split('\n')[6], StringComparison.Ordinal);

        File.WriteAllText(Dir.Combine("reports", "2026-12-06-wrong.md"), front + "\nAUC {{ run 01JNOSUCHRUN auc }}\n");
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => new ReportService(ws).RenderAsync("2026-12-06-wrong.md"));
        Assert.Equal(8, ex.Line);
        Assert.Equal("reports/2026-12-06-wrong.md", ex.File);
        Assert.Contains("unknown reference", ex.Message, StringComparison.Ordinal);

        File.WriteAllText(Dir.Combine("reports", "2026-12-06-metric.md"), front + "{{ run churn:latest precision }}\n");
        var missing = await Assert.ThrowsAsync<LeanMLInputException>(() => new ReportService(ws).RenderAsync("2026-12-06-metric.md"));
        Assert.Equal(7, missing.Line);
        Assert.Contains("no metric 'precision'", missing.Message, StringComparison.Ordinal);
    }
}

public sealed class DuckDbMetricSurfacesTests : MetricSurfacesTests
{
    protected override string SettingsYaml => "";
}

public sealed class PostgresMetricSurfacesTests : MetricSurfacesTests
{
    private readonly PostgresProvider _pg = new();
    private readonly string _variable = "LEANML_TEST_ARCHIVE_PG_" + Guid.NewGuid().ToString("N")[..8];

    protected override string SettingsYaml => $"warehouse:\n  provider: postgres\n  connection_env: {_variable}\n";

    public override async Task InitializeAsync() => Environment.SetEnvironmentVariable(_variable, await _pg.CreateDatabaseAsync());

    public override async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _pg.DisposeAsync();
        await base.DisposeAsync();
    }
}
