using System.Globalization;
using LeanML.Ingestion;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Transforms;
using LeanML.Workspace;

namespace LeanML.IntegrationTests.Transforms;

/// <summary>Building transforms: order, shadow and swap, skipping, failures that keep the previous version; on DuckDB and PostgreSQL.</summary>
public abstract class TransformBuildTests<TProvider> : WarehouseTestBase<TProvider>, IDisposable
    where TProvider : IWarehouseProvider, new()
{
    private readonly TempDir _dir = new();

    protected TransformBuildTests() => Ws = WorkspaceInitializer.Create(_dir.Combine("ws"));

    protected Workspace.Workspace Ws { get; }

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(Ws.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private Task<BuildResult> BuildAsync(Database w, params string[] names) =>
        new TransformBuilder(w).BuildAsync(TransformProject.Load(Ws.Root), names, [], null);

    private async Task LoadTelcoAsync(Database w) =>
        await IngestService.IngestFileAsync(w, Ws, Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv"), new IngestRequest([Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv")]));

    private static async Task<object?> ScalarAsync(Database w, string sql)
    {
        await using var cmd = w.Command(sql);
        return WarehouseCatalog.Plain(await cmd.ExecuteScalarAsync() ?? DBNull.Value);
    }

    private static async Task<long> CountAsync(Database w, string sql) => Convert.ToInt64(await ScalarAsync(w, sql), CultureInfo.InvariantCulture);

    // Three transforms over the real telco file: a view, a table reading it, a view reading both (files named so that
    // alphabetical order is not dependency order).
    private void WriteTelcoTransforms()
    {
        Write("transforms/z_contracts.sql", "SELECT customer_id, contract, monthly_charges FROM telco_customer_churn -- a comment naming FROM fake_table\n");
        Write("transforms/m_by_contract.sql", "-- materialized: table\nSELECT contract, COUNT(*) AS customers, AVG(monthly_charges) AS avg_monthly FROM z_contracts GROUP BY contract\n");
        Write("transforms/a_report.sql", """
            WITH totals AS (SELECT SUM(customers) AS n FROM m_by_contract)
            SELECT b.contract, b.customers, 'FROM not_a_table' AS note, CAST(b.customers AS DOUBLE PRECISION) / t.n AS share
            FROM m_by_contract b, totals t
            WHERE b.contract IN (SELECT DISTINCT contract FROM "z_contracts")
            """);
    }

    [Fact]
    public async Task Builds_in_dependency_order_and_the_results_are_right()
    {
        await using var w = await OpenFreshAsync();
        await LoadTelcoAsync(w);
        WriteTelcoTransforms();
        var result = await BuildAsync(w);
        Assert.Equal(["z_contracts", "m_by_contract", "a_report"], result.Transforms.Select(t => t.Name));
        Assert.All(result.Transforms, t => Assert.Equal(BuildStatus.Built, t.Status));
        Assert.Equal("table", result.Transforms[1].Materialized);
        // Golden values from /usr/bin/python3 pandas: d.Contract.value_counts() = Month-to-month 3875, Two year 1695, One year 1473;
        // d.groupby('Contract').MonthlyCharges.mean()['One year'] = 65.048608.
        Assert.Equal(3875L, await CountAsync(w, "SELECT customers FROM a_report WHERE contract = 'Month-to-month'"));
        Assert.Equal(1695L, await CountAsync(w, "SELECT customers FROM a_report WHERE contract = 'Two year'"));
        Assert.Equal(65.048608, Convert.ToDouble(await ScalarAsync(w, "SELECT avg_monthly FROM m_by_contract WHERE contract = 'One year'"), CultureInfo.InvariantCulture), 5);
        Assert.Equal(3875.0 / 7043, Convert.ToDouble(await ScalarAsync(w, "SELECT share FROM a_report WHERE contract = 'Month-to-month'"), CultureInfo.InvariantCulture), 9);
        Assert.Equal("BASE TABLE", await ScalarAsync(w, "SELECT table_type FROM information_schema.tables WHERE table_name = 'm_by_contract'"));
        Assert.Equal("VIEW", await ScalarAsync(w, "SELECT table_type FROM information_schema.tables WHERE table_name = 'a_report'"));
        Assert.Equal(0L, await CountAsync(w, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE '%leanml_shadow%'"));
    }

    [Fact]
    public async Task Unchanged_transforms_are_skipped_and_a_change_rebuilds_it_and_what_reads_it()
    {
        await using var w = await OpenFreshAsync();
        await LoadTelcoAsync(w);
        WriteTelcoTransforms();
        await BuildAsync(w);
        var again = await BuildAsync(w);
        Assert.All(again.Transforms, t => Assert.Equal(BuildStatus.Skipped, t.Status));

        Write("transforms/m_by_contract.sql", "-- materialized: table\nSELECT contract, COUNT(*) AS customers, MAX(monthly_charges) AS avg_monthly FROM z_contracts GROUP BY contract\n");
        var changed = await BuildAsync(w);
        Assert.Equal([BuildStatus.Skipped, BuildStatus.Built, BuildStatus.Built], changed.Transforms.Select(t => t.Status));

        // A new load of a table a transform reads rebuilds it (and what reads it).
        var extra = _dir.Combine("telco_customer_churn.csv");
        File.WriteAllLines(extra, File.ReadLines(Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv")).Take(11));
        await IngestService.IngestFileAsync(w, Ws, extra, new IngestRequest([extra]) { Mode = IngestMode.Append, Table = "telco_customer_churn" });
        var reloaded = await BuildAsync(w);
        Assert.All(reloaded.Transforms, t => Assert.Equal(BuildStatus.Built, t.Status));
        Assert.Equal(7053L, await CountAsync(w, "SELECT SUM(customers) FROM a_report"));
    }

    [Fact]
    public async Task A_failing_blocking_test_keeps_the_previous_version_and_views_reading_it_keep_working()
    {
        await using var w = await OpenFreshAsync();
        await LoadTelcoAsync(w);
        Write("transforms/short_contracts.sql", "SELECT customer_id, contract FROM telco_customer_churn WHERE contract <> 'Two year'\n");
        Write("transforms/short_contracts.yaml", """
            columns:
              - name: contract
                tests:
                  - accepted_values: {values: [Month-to-month, One year]}
              - name: customer_id
                tests: [unique, not_null]
            """);
        Write("transforms/short_count.sql", "SELECT COUNT(*) AS n FROM short_contracts\n");
        var first = await BuildAsync(w);
        Assert.All(first.Transforms, t => Assert.Equal(BuildStatus.Built, t.Status));
        Assert.Equal(5348L, await CountAsync(w, "SELECT n FROM short_count"));   // pandas: (d.Contract != 'Two year').sum() = 5348

        Write("transforms/short_contracts.sql", "SELECT customer_id, contract FROM telco_customer_churn\n");
        var failed = await BuildAsync(w);
        var sc = failed.Transforms.Single(t => t.Name == "short_contracts");
        Assert.Equal(BuildStatus.Failed, sc.Status);
        var test = sc.Tests.Single(t => t.Kind == "accepted_values");
        Assert.Equal((DataTestStatus.Fail, 1695L), (test.Status, test.FailingRows));   // pandas: (d.Contract == 'Two year').sum()
        Assert.Equal(10, test.Examples.Count);
        Assert.All(test.Examples, e => Assert.Equal("Two year", e["contract"]));
        Assert.Equal(BuildStatus.Blocked, failed.Transforms.Single(t => t.Name == "short_count").Status);
        Assert.Equal(5348L, await CountAsync(w, "SELECT n FROM short_count"));
        Assert.Equal(5348L, await CountAsync(w, "SELECT COUNT(*) FROM short_contracts"));

        // A passing change is swapped in under the view that reads it, which still works and sees the new rows.
        Write("transforms/short_contracts.sql", "SELECT customer_id, contract FROM telco_customer_churn WHERE contract = 'Month-to-month'\n");
        var fixedBuild = await BuildAsync(w, "short_contracts");
        Assert.Equal(BuildStatus.Built, fixedBuild.Transforms.Single().Status);
        Assert.Equal(3875L, await CountAsync(w, "SELECT n FROM short_count"));

        var history = await new DataTestService(w).HistoryAsync("short_contracts", 100);
        Assert.Equal(9, history.Count);   // three tests in each of three builds, every result kept
        Assert.Single(history, h => h.Status == DataTestStatus.Fail);
    }

    [Fact]
    public async Task A_cycle_and_a_reference_to_nothing_name_their_files()
    {
        await using var w = await OpenFreshAsync();
        await LoadTelcoAsync(w);
        Write("transforms/ghost.sql", "SELECT *\nFROM telco_customer_churn t\nJOIN no_such_table n ON n.id = t.customer_id\n");
        var missing = await Assert.ThrowsAsync<LeanMLInputException>(() => BuildAsync(w));
        Assert.Equal(("transforms/ghost.sql", 3), (missing.File, missing.Line));
        Assert.Contains("no_such_table", missing.Message, StringComparison.Ordinal);
        File.Delete(Path.Combine(Ws.Root, "transforms/ghost.sql"));

        Write("transforms/first.sql", "SELECT * FROM second\n");
        Write("transforms/second.sql", "SELECT * FROM third\n");
        Write("transforms/third.sql", "SELECT * FROM first\n");
        var cycle = await Assert.ThrowsAsync<LeanMLInputException>(() => BuildAsync(w));
        Assert.Contains("transforms/first.sql -> transforms/second.sql -> transforms/third.sql -> transforms/first.sql", cycle.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(w, "SELECT COUNT(*) FROM leanml.transform_builds"));
    }

    [Fact]
    public async Task A_transform_never_replaces_a_loaded_table_and_bad_sql_keeps_the_previous_version()
    {
        await using var w = await OpenFreshAsync();
        await LoadTelcoAsync(w);
        Write("transforms/telco_customer_churn.sql", "SELECT 1 AS x\n");
        var refused = await Assert.ThrowsAsync<LeanMLInputException>(() => BuildAsync(w));
        Assert.Contains("did not build", refused.Message, StringComparison.Ordinal);
        Assert.Equal(7043L, await CountAsync(w, "SELECT COUNT(*) FROM telco_customer_churn"));
        File.Delete(Path.Combine(Ws.Root, "transforms/telco_customer_churn.sql"));

        Write("transforms/monthly.sql", "-- materialized: table\nSELECT customer_id FROM telco_customer_churn WHERE contract = 'Month-to-month'\n");
        await BuildAsync(w);
        Write("transforms/monthly.sql", "-- materialized: table\nSELECT customer_id, no_such_column FROM telco_customer_churn\n");
        var bad = await BuildAsync(w);
        Assert.Equal(BuildStatus.Error, bad.Transforms.Single().Status);
        Assert.Contains("transforms/monthly.sql", bad.Transforms.Single().Message, StringComparison.Ordinal);
        Assert.Equal(3875L, await CountAsync(w, "SELECT COUNT(*) FROM monthly"));
    }
}

public sealed class DuckDbTransformBuildTests : TransformBuildTests<DuckDbProvider>;

public sealed class PostgresTransformBuildTests : TransformBuildTests<PostgresProvider>;
