using LeanML.Storage;
using System.Text.Json;
using LeanML.Experiments;
using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Experiments;

/// <summary>Sticky assignment, idempotent events and the SQL aggregation, on SQLite and PostgreSQL alike.</summary>
public abstract class ExperimentStoreTests<TProvider> : WarehouseTestBase<TProvider>
    where TProvider : IWarehouseProvider, new()
{
    protected override StoreKind Store => StoreKind.State;

    internal static string ExperimentYaml(double control = 0.5, string extra = "") => $"""
        name: outreach
        unit: customer
        variants:
          - {"{"}name: control, weight: {control.ToString(System.Globalization.CultureInfo.InvariantCulture)}{"}"}
          - {"{"}name: model, weight: {(1 - control).ToString(System.Globalization.CultureInfo.InvariantCulture)}{"}"}
        primary: retained
        guardrails: [refund_rate]
        metrics:
          retained: {"{"}event: renewed, kind: proportion{"}"}
          revenue: {"{"}event: payment, kind: mean{"}"}
          refund_rate: {"{"}event: refund, kind: proportion, direction: decrease, margin: 0.01{"}"}
          avg_order: {"{"}kind: ratio, numerator: payment, denominator: order{"}"}
        start: 2026-10-01
        mde: 0.02
        {extra}
        """;

    internal static LeanML.Workspace.Workspace Workspace(TempDir dir, string yaml)
    {
        File.WriteAllText(dir.Combine("leanml.yaml"), "");
        Directory.CreateDirectory(dir.Combine("experiments"));
        File.WriteAllText(dir.Combine("experiments", "outreach.yaml"), yaml);
        return LeanML.Workspace.Workspace.Open(dir.Path);
    }

    [Fact]
    public async Task Assignment_is_sticky_across_weight_changes()
    {
        using var dir = new TempDir();
        var ws = Workspace(dir, ExperimentYaml());
        await using var w = await OpenFreshAsync();
        var service = new ExperimentService(ws, w);
        await service.CreateAsync("outreach");
        var units = Enumerable.Range(0, 1000).Select(i => $"cust-{i}").ToList();
        var first = await service.AssignAsync("outreach", units);
        Assert.All(first, a => Assert.True(a.New));
        Assert.All(first, a => Assert.Equal(a.Variant, VariantAssignment.Choose(VariantAssignment.Bucket("outreach", a.Unit), [0.5, 0.5]) == 0 ? "control" : "model"));

        File.WriteAllText(dir.Combine("experiments", "outreach.yaml"), ExperimentYaml(control: 0.1));
        var again = await service.AssignAsync("outreach", units);
        Assert.Equal(first.Select(a => a.Variant), again.Select(a => a.Variant));
        Assert.All(again, a => Assert.False(a.New));
        Assert.Equal(first.Select(a => a.AssignedAt), again.Select(a => a.AssignedAt));

        // New units follow the new weights: 90 % model, within 5 standard errors of 1000 binomial draws.
        var fresh = await service.AssignAsync("outreach", Enumerable.Range(1000, 1000).Select(i => $"cust-{i}").ToList());
        var share = fresh.Count(a => a.Variant == "model") / 1000.0;
        Assert.InRange(share, 0.9 - (5 * Math.Sqrt(0.09 / 1000)), 0.9 + (5 * Math.Sqrt(0.09 / 1000)));
        var counts = (await service.ShowAsync("outreach")).Units;
        Assert.Equal(2000, counts.Values.Sum());
    }

    [Fact]
    public async Task Stopped_experiment_keeps_answering_for_its_units_and_refuses_new_ones()
    {
        using var dir = new TempDir();
        var ws = Workspace(dir, ExperimentYaml());
        await using var w = await OpenFreshAsync();
        var service = new ExperimentService(ws, w);
        await service.CreateAsync("outreach");
        var a = (await service.AssignAsync("outreach", ["cust-1"]))[0];
        Assert.Null(await service.RunningForProjectAsync("churn"));
        File.WriteAllText(dir.Combine("experiments", "outreach.yaml"), "project: churn\n" + ExperimentYaml());
        Assert.Equal("outreach", (await service.RunningForProjectAsync("churn"))?.Name);
        var stopped = await service.StopAsync("outreach");
        Assert.Null(await service.RunningForProjectAsync("churn"));
        Assert.Equal("stopped", stopped.Status);
        Assert.Equal(a.Variant, (await service.AssignAsync("outreach", ["cust-1"]))[0].Variant);
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => service.AssignAsync("outreach", ["cust-2"]));
        Assert.Contains("stopped", ex.Message, StringComparison.Ordinal);
        var again = await Assert.ThrowsAsync<LeanMLInputException>(() => service.CreateAsync("outreach"));
        Assert.Contains("already created", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_are_idempotent_and_bad_ones_are_rejected_with_index_and_reason()
    {
        await using var w = await OpenFreshAsync();
        var store = new EventStore(w);
        using var body = JsonDocument.Parse("""
            [
              {"id": "e1", "unit": "cust-1", "name": "renewed", "value": 1, "time": "2026-11-22T10:00:00Z"},
              {"id": "e2", "unit": "cust-2", "name": "payment", "value": "12.5", "time": "2026-11-22T11:00:00+02:00"},
              {"id": "e3", "unit": "cust-3", "name": "payment", "value": "lots", "time": "2026-11-22T10:00:00Z"},
              {"id": "e4", "unit": "", "name": "payment", "time": "2026-11-22T10:00:00Z"},
              {"id": "e5", "unit": "cust-5", "name": "payment", "time": "yesterday"},
              42,
              {"id": "e1", "unit": "cust-1", "name": "renewed", "value": 1, "time": "2026-11-22T10:00:00Z"}
            ]
            """);
        var result = await store.AddJsonAsync(body.RootElement);
        Assert.Equal(7, result.Received);
        Assert.Equal(2, result.Accepted);
        Assert.Equal(1, result.Duplicates);
        Assert.Equal([2, 3, 4, 5], result.Rejected.Select(r => r.Index));
        Assert.Contains("'value' is 'lots'", result.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'unit' is missing", result.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("'time' is 'yesterday'", result.Rejected[2].Reason, StringComparison.Ordinal);
        Assert.Contains("not an object", result.Rejected[3].Reason, StringComparison.Ordinal);

        // Sending the same batch again stores nothing more and counts the duplicates.
        var replay = await store.AddJsonAsync(body.RootElement);
        Assert.Equal(0, replay.Accepted);
        Assert.Equal(3, replay.Duplicates);
        Assert.Equal(2, await store.CountAsync());
    }

    [Fact]
    public async Task Event_files_load_with_line_numbers_for_bad_lines()
    {
        using var dir = new TempDir();
        await using var w = await OpenFreshAsync();
        var store = new EventStore(w);
        var csv = dir.Combine("events.csv");
        File.WriteAllText(csv, "id,unit,name,value,time\na1,cust-1,renewed,1,2026-11-01T00:00:00Z\na2,cust-2,payment,\"1,5\",2026-11-01\na3,cust-3,payment,9.5,2026-11-02T08:00:00Z\n");
        var r = await store.LoadFileAsync(csv);
        Assert.Equal(2, r.Accepted);
        Assert.Equal(3, Assert.Single(r.Rejected).Index);
        var jsonl = dir.Combine("events.jsonl");
        File.WriteAllText(jsonl, "{\"id\": \"a1\", \"unit\": \"cust-1\", \"name\": \"renewed\", \"time\": \"2026-11-01T00:00:00Z\"}\nnot json\n{\"id\": \"b1\", \"unit\": \"cust-9\", \"name\": \"refund\", \"value\": 3, \"time\": \"2026-11-03T00:00:00Z\"}\n");
        var j = await store.LoadFileAsync(jsonl);
        Assert.Equal(1, j.Accepted);
        Assert.Equal(1, j.Duplicates);
        Assert.Equal(2, Assert.Single(j.Rejected).Index);
        Assert.Contains("not valid JSON", j.Rejected[0].Reason, StringComparison.Ordinal);
        var bad = dir.Combine("bad.csv");
        File.WriteAllText(bad, "id,unit,value\n");
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => store.LoadFileAsync(bad));
        Assert.Contains("name, time", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sql_aggregation_counts_every_assigned_unit_and_only_events_in_the_period()
    {
        using var dir = new TempDir();
        var ws = Workspace(dir, ExperimentYaml(extra: "cuped: true\npre_days: 7"));
        await using var w = await OpenFreshAsync();
        var service = new ExperimentService(ws, w);
        await service.CreateAsync("outreach");
        var units = Enumerable.Range(0, 40).Select(i => $"u{i}").ToList();
        var assigned = (await service.AssignAsync("outreach", units)).ToDictionary(a => a.Unit, a => a.Variant);

        // Planted: unit i renews twice after the start when i % 3 == 0 (counts once), pays i+1 after the start and 2i in the pre-period,
        // orders 2 times; an event 8 days before the start (outside pre_days) and an event of an unassigned unit are ignored.
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var events = new List<EventInput>();
        var n = 0;
        void Add(string unit, string name, double value, DateTimeOffset t) => events.Add(new EventInput(n, $"ev{n++}", unit, name, value.ToString(System.Globalization.CultureInfo.InvariantCulture), t.ToString("O")));
        for (var i = 0; i < 40; i++)
        {
            var u = $"u{i}";
            if (i % 3 == 0)
            {
                Add(u, "renewed", 1, start.AddDays(1));
                Add(u, "renewed", 1, start.AddDays(2));
            }

            Add(u, "payment", i + 1, start.AddHours(5));
            Add(u, "payment", 2 * i, start.AddDays(-3));
            Add(u, "order", 1, start.AddDays(3));
            Add(u, "order", 1, start.AddDays(4));
            Add(u, "payment", 1000, start.AddDays(-8));
            Add(u, "page_view", 7, start.AddDays(1));   // an event no metric reads, named inside the metrics' name range
            if (i % 4 == 0)
            {
                Add(u, "renewed", 1, start.AddDays(-1));
            }
        }

        Add("stranger", "payment", 5000, start.AddDays(1));
        var load = await new EventStore(w).AddAsync(events);
        Assert.Equal(events.Count, load.Accepted);

        var definition = service.Definition("outreach");
        var (sums, unknown) = await ExperimentAnalyzer.AggregateAsync(w, definition, start, null, start.AddDays(-7));
        Assert.Empty(unknown);
        foreach (var variant in new[] { "control", "model" })
        {
            var mine = Enumerable.Range(0, 40).Where(i => assigned[$"u{i}"] == variant).ToList();
            var retained = mine.Select(i => i % 3 == 0 ? 1.0 : 0).ToList();
            var preRetained = mine.Select(i => i % 4 == 0 ? 1.0 : 0).ToList();
            var revenue = mine.Select(i => i + 1.0).ToList();
            var preRevenue = mine.Select(i => 2.0 * i).ToList();
            AssertSums(Expected(retained, preRetained), sums[variant][0]);
            AssertSums(Expected(revenue, preRevenue), sums[variant][1]);
            AssertSums(Expected(mine.Select(_ => 0.0).ToList(), mine.Select(_ => 0.0).ToList()), sums[variant][2]);
            AssertSums(Expected(revenue, mine.Select(_ => 2.0).ToList()), sums[variant][3]);
        }

        // The same sums when the unit range is split into slices summed on parallel connections (SQLite).
        var (sliced, _) = await ExperimentAnalyzer.AggregateAsync(w, definition, start, null, start.AddDays(-7), default, partitionThreshold: 1);
        foreach (var variant in sums.Keys)
        {
            for (var j = 0; j < definition.Metrics.Count; j++)
            {
                AssertSums(sums[variant][j], sliced[variant][j]);
            }
        }

        var analysis = await service.AnalyzeAsync("outreach", w);
        Assert.Equal(ExperimentDecision.NotEnoughData, analysis.Decision);
        Assert.Equal(start, analysis.Start);
        Assert.Equal(start.AddDays(-7), analysis.PreStart);
        Assert.True(analysis.Metrics[0].Cuped);
        Assert.Equal(40, analysis.Metrics[0].Variants.Sum(v => v.Units));
    }

    private static MomentSums Expected(List<double> y, List<double> x) =>
        new(y.Count, y.Sum(), y.Sum(v => v * v), x.Sum(), x.Sum(v => v * v), y.Select((v, i) => v * x[i]).Sum());

    private static void AssertSums(MomentSums expected, MomentSums actual)
    {
        Assert.Equal(expected.N, actual.N);
        Assert.Equal(expected.Y, actual.Y, 9);
        Assert.Equal(expected.YY, actual.YY, 9);
        Assert.Equal(expected.X, actual.X, 9);
        Assert.Equal(expected.XX, actual.XX, 9);
        Assert.Equal(expected.XY, actual.XY, 9);
    }
}

public sealed class SqliteExperimentStoreTests : ExperimentStoreTests<SqliteProvider>
{
    [Fact]
    public async Task Split_of_100000_units_matches_the_weights_within_sampling_error()
    {
        using var dir = new TempDir();
        var ws = Workspace(dir, ExperimentYaml(control: 0.3));
        await using var w = await OpenFreshAsync();
        var service = new ExperimentService(ws, w);
        await service.CreateAsync("outreach");
        var units = Enumerable.Range(0, 100_000).Select(i => $"cust-{i}").ToList();
        await service.AssignAsync("outreach", units);
        var counts = (await service.ShowAsync("outreach")).Units;
        // Binomial(100000, 0.3): sd = sqrt(100000·0.3·0.7) = 144.9; accept 4 sd (p ≈ 6e-5 of a false alarm).
        Assert.InRange(counts["control"], 30_000 - (4 * 144.9), 30_000 + (4 * 144.9));
        Assert.Equal(100_000, counts["control"] + counts["model"]);
        // Same chi-square the analysis uses: no sample-ratio mismatch on a fair split.
        Assert.False(ExperimentStatistics.SampleRatio(["control", "model"], [counts["control"], counts["model"]], [0.3, 0.7]).Flagged);
    }
}

public sealed class PostgresExperimentStoreTests : ExperimentStoreTests<PostgresProvider>;
