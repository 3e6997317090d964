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
    public async Task Schema_takes_leanmls_own_type_names_for_their_families_and_engine_names_exactly()
    {
        await using var w = await OpenFreshAsync();
        await LoadAsync(w, Write("s.csv", "id,n,price,paid,flag,day,at,name\n1,5,2.5,$3.10,true,2026-01-02,2026-01-02 10:00:00,x\n"), "s");
        // The names the test uses are the ones ingest gave (what describe shows), checked here rather than assumed.
        var loaded = (await new IngestLogStore(w).ColumnsAsync("s")).ToDictionary(c => c.Name, c => c.Type.Name());
        Assert.Equal("integer real money boolean date timestamp text", string.Join(" ", new[] { "n", "price", "paid", "flag", "day", "at", "name" }.Select(c => loaded[c])));
        // Every integer, decimal, floating, time-zone and character type both warehouses spell alike, in a table LeanML did not load.
        await using (var make = w.Command("""
            CREATE TABLE t AS SELECT CAST(1 AS SMALLINT) a, CAST(1 AS INTEGER) b, CAST(1 AS BIGINT) c, CAST(1.5 AS DECIMAL(10,2)) d,
              CAST(1.5 AS REAL) e, CAST(1.5 AS DOUBLE PRECISION) f, CAST('2026-01-01 00:00:00+00' AS TIMESTAMP WITH TIME ZONE) g,
              CAST('2026-01-01' AS TIMESTAMP) h, CAST('x' AS VARCHAR(10)) i, CAST('x' AS CHAR(3)) j, CAST('x' AS TEXT) k, CAST(1 = 1 AS BOOLEAN) l
            """))
        {
            await make.ExecuteNonQueryAsync();
        }

        var duck = w.Engine.Name == "duckdb";
        if (duck)
        {
            await using var more = w.Command("CREATE TABLE u AS SELECT CAST(12345678901234567890 AS HUGEINT) a, CAST(1 AS UTINYINT) b, CAST(1 AS UBIGINT) c, CAST(1 AS TINYINT) d, TIMESTAMP_NS '2026-01-01 00:00:00' e");
            await more.ExecuteNonQueryAsync();
        }

        async Task<DataTestResult> SchemaAsync(string relation, string columns)
        {
            Write($"sources/{relation}.yaml", $"table: {relation}\ntests:\n  - schema: {{columns: {{{columns}}}}}\n");
            var run = await new DataTestService(w, new FixedTime(Now)).RunAsync(TransformProject.Load(Ws.Root), relation, null);
            File.Delete(Path.Combine(Ws.Root, "sources", relation + ".yaml"));
            return Assert.Single(run.Results);
        }

        (string Relation, string Columns)[] passing =
        [
            ("s", "id: integer, n: integer, price: real, paid: money, flag: boolean, day: date, at: timestamp, name: text"),
            ("s", "paid: real"),
            ("t", "a: integer, b: integer, c: integer, d: real, e: real, f: real, g: timestamp, h: timestamp, i: text, j: text, k: text, l: boolean"),
            ("t", "d: money"),
            // An engine's exact names still match as before, under either warehouse's spelling.
            ("s", "id: bigint, n: int8, price: double, name: varchar, at: timestamp without time zone"),
            ("t", "a: smallint, b: int4, c: bigint, d: numeric, f: double precision, g: timestamptz, h: timestamp, i: character varying, l: bool"),
        ];
        if (duck)
        {
            passing = [.. passing, ("u", "a: integer, b: integer, c: integer, d: integer, e: timestamp"), ("u", "a: hugeint, b: utinyint")];
        }

        foreach (var (relation, columns) in passing)
        {
            var r = await SchemaAsync(relation, columns);
            Assert.True(r.Status == DataTestStatus.Pass, $"{relation} {{{columns}}}: {r.Message}");
        }

        foreach (var (relation, columns, column) in new[]
        {
            ("s", "price: integer", "price"), ("s", "name: real", "name"), ("s", "id: text", "id"), ("s", "at: date", "at"),
            ("s", "id: double", "id"), ("s", "price: bigint", "price"), ("t", "g: timestamp without time zone", "g"),
            ("t", "a: boolean", "a"), ("t", "i: integer", "i"), ("t", "c: int4", "c"), ("s", "name: boolean", "name"),
        })
        {
            var r = await SchemaAsync(relation, columns);
            Assert.True(r.Status == DataTestStatus.Fail, $"{relation} {{{columns}}}: {r.Status} {r.Message}");
            Assert.Equal(column, r.Examples.Single()["column"]);
        }
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
