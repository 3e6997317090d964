using LeanML.Ingestion;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Transforms;
using LeanML.Workspace;

namespace LeanML.IntegrationTests.Transforms;

/// <summary>
/// Every kind of data test passes on clean data and fails on a planted case, with the failing rows counted and shown;
/// on a source (sources/NAME.yaml), on DuckDB and PostgreSQL.
/// </summary>
public abstract class DataTestKindsTests<TProvider> : WarehouseTestBase<TProvider>, IDisposable
    where TProvider : IWarehouseProvider, new()
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    protected DataTestKindsTests() => Ws = WorkspaceInitializer.Create(_dir.Combine("ws"));

    protected Workspace.Workspace Ws { get; }

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(Ws.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task LoadAsync(Database w, string file, string table) =>
        await IngestService.IngestFileAsync(w, Ws, file, new IngestRequest([file]) { Mode = IngestMode.Replace, Table = table });

    private const string Yaml = """
        path: data/orders_export.csv
        table: orders
        columns:
          - name: id
            tests: [unique, not_null]
          - name: status
            tests:
              - not_null
              - accepted_values: {values: [paid, refunded, failed]}
          - name: customer_id
            tests:
              - relationships: {to: customers, field: id}
          - name: amount
            tests:
              - accepted_range: {min: 0, max: 1000}
              - accepted_range: {max: 500, severity: warn}
        tests:
          - row_count: {min: 1, max: 5}
          - row_count_change: {max_percent: 10}
          - expression: "id <= 5"
          - schema: {columns: {id: bigint, amount: double, channel: text}}
        freshness: {column: created_at, warn_after: 2d, error_after: 7d}
        """;

    [Fact]
    public async Task Every_kind_passes_on_clean_data_and_fails_on_a_planted_case()
    {
        await using var w = await OpenFreshAsync();
        Write("sources/orders.yaml", Yaml);
        await LoadAsync(w, Write("data/customers.csv", "id,name\n10,Ana\n11,Ben\n12,Cy\n"), "customers");
        await LoadAsync(w, Write("data/orders_export.csv", """
            id,customer_id,status,amount,channel,created_at
            1,10,paid,20.5,web,2026-11-28 10:00:00
            2,11,paid,99.0,web,2026-11-29 10:00:00
            3,10,refunded,5.0,phone,2026-11-29 12:00:00
            4,12,paid,1000,web,2026-11-30 08:00:00
            5,11,failed,0,web,2026-11-30 09:00:00

            """), "orders");
        var service = new DataTestService(w, new FixedTime(Now));
        var clean = await service.RunAsync(TransformProject.Load(Ws.Root), "orders", null);
        Assert.Equal(12, clean.Results.Count);
        Assert.All(clean.Results.Where(r => r.Severity == "error"), r => Assert.True(r.Status == DataTestStatus.Pass, $"{r.Test}: {r.Message}"));
        var warn = Assert.Single(clean.Results, r => r.Severity == "warn");
        Assert.Equal((DataTestStatus.Warn, 1L), (warn.Status, warn.FailingRows));   // 1000 > 500, reported only
        Assert.Equal(0, clean.Failed);

        // The planted export: a duplicate id, a missing and an unknown status, an orphan customer, amounts out of
        // range, a sixth row (+20%), the channel column gone, and nothing newer than 2026-11-10.
        await LoadAsync(w, Write("data/orders_planted.csv", """
            id,customer_id,status,amount,created_at
            1,10,paid,20.5,2026-11-08 10:00:00
            1,11,paid,99.0,2026-11-09 10:00:00
            3,10,,5.0,2026-11-09 12:00:00
            4,99,paid,1000,2026-11-10 08:00:00
            5,11,void,-3,2026-11-10 09:00:00
            6,12,paid,1500,2026-11-10 09:30:00

            """), "orders");
        var planted = await service.RunAsync(TransformProject.Load(Ws.Root), "orders", null);
        var byTest = planted.Results.GroupBy(r => r.Test).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal(DataTestStatus.Pass, byTest["not_null(id)"].Status);
        var expected = new Dictionary<string, long>
        {
            ["unique(id)"] = 1, ["not_null(status)"] = 1, ["accepted_values(status)"] = 1, ["relationships(customer_id)"] = 1,
            ["accepted_range(amount)"] = 2, ["row_count"] = 1, ["row_count_change"] = 1, ["expression"] = 1, ["schema"] = 1, ["freshness(created_at)"] = 1,
        };
        foreach (var (test, failing) in expected)
        {
            Assert.True(byTest[test].Status == DataTestStatus.Fail, $"{test}: {byTest[test].Status} {byTest[test].Message}");
            Assert.Equal(failing, byTest[test].FailingRows);
        }

        Assert.Equal(10, planted.Failed);
        Assert.Equal((object?)1L, byTest["unique(id)"].Examples.Single()["id"]);
        Assert.Equal((object?)2L, byTest["unique(id)"].Examples.Single()["occurrences"]);
        Assert.Equal((object?)99L, byTest["relationships(customer_id)"].Examples.Single()["customer_id"]);
        Assert.Equal("void", byTest["accepted_values(status)"].Examples.Single()["status"]);
        Assert.Equal([-3.0, 1500.0], byTest["accepted_range(amount)"].Examples.Select(e => Convert.ToDouble(e["amount"], System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.Equal("channel", byTest["schema"].Examples.Single()["column"]);
        Assert.Contains("previously 5", byTest["row_count_change"].Observed, StringComparison.Ordinal);
        Assert.Contains("2026-11-10T09:30:00", byTest["freshness(created_at)"].Observed, StringComparison.Ordinal);

        // Every result of both runs is kept, newest first, with its examples.
        var history = await service.HistoryAsync("orders", 100);
        Assert.Equal(24, history.Count);
        Assert.Equal(planted.RunId, history[0].RunId);
        Assert.Equal((object?)99L, history.First(h => h.Test == "relationships(customer_id)").Examples.Single()["customer_id"]);
    }

    [Fact]
    public async Task A_test_that_cannot_run_is_an_error_naming_its_file_and_line()
    {
        await using var w = await OpenFreshAsync();
        Write("sources/customers.yaml", "columns:\n  - name: no_such_column\n    tests: [not_null]\n");
        await LoadAsync(w, Write("data/customers.csv", "id,name\n10,Ana\n"), "customers");
        var run = await new DataTestService(w).RunAsync(TransformProject.Load(Ws.Root), null, null);
        var r = Assert.Single(run.Results);
        Assert.Equal(DataTestStatus.Error, r.Status);
        Assert.Contains("sources/customers.yaml, line 3", r.Message, StringComparison.Ordinal);
    }
}

public sealed class DuckDbDataTestKindsTests : DataTestKindsTests<DuckDbProvider>;

public sealed class PostgresDataTestKindsTests : DataTestKindsTests<PostgresProvider>;
