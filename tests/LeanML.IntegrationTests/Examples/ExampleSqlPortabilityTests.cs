using System.Globalization;
using LeanML.Examples;
using LeanML.Ingestion;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Training;
using LeanML.Workspace;

namespace LeanML.IntegrationTests.Examples;

/// <summary>
/// The example company's project SQL is written once, in the subset DuckDB and PostgreSQL both accept: loaded by
/// 'leanml ingest' into each warehouse, it gives the same rows with the same features.
/// </summary>
public sealed class ExampleSqlPortabilityTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly DuckDbProvider _duckdb = new();
    private readonly PostgresProvider _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _duckdb.DisposeAsync();
        await _postgres.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_churn_dataset_is_the_same_on_duckdb_and_postgresql()
    {
        var (duck, duckBefore) = await DatasetAsync(_duckdb, "duckdb");
        var (pg, pgBefore) = await DatasetAsync(_postgres, "postgres");

        // The brief now reads the transform churn_features: the same columns and rows, value for value, as the
        // dataset SQL the brief held before the transforms (Fixtures/churn-before-transforms/dataset.sql), on both.
        AssertSame(duckBefore, duck);
        AssertSame(pgBefore, pg);
        AssertSame(duck, pg);

        // The label and the rule's column take both values: the rows are real customers, not an empty join.
        var churned = duck.Columns.ToList().IndexOf("churned");
        Assert.Equal(2, duck.Rows.Select(row => row[churned]).Distinct().Count());
    }

    private static void AssertSame((IReadOnlyList<string> Columns, List<object?[]> Rows) expected, (IReadOnlyList<string> Columns, List<object?[]> Rows) actual)
    {
        Assert.Equal(expected.Columns, actual.Columns);
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        Assert.InRange(expected.Rows.Count, 400, 800);   // the active customers of 1,000 at the snapshot
        for (var r = 0; r < expected.Rows.Count; r++)
        {
            for (var c = 0; c < expected.Columns.Count; c++)
            {
                var (a, b) = (expected.Rows[r][c], actual.Rows[r][c]);
                var where = $"row {r} ({expected.Rows[r][0]}), column {expected.Columns[c]}";
                if (a is double or long && b is double or long)
                {
                    // Whole numbers exactly; averages and ratios to the last bits of a double.
                    Assert.True(Math.Abs(Convert.ToDouble(a, CultureInfo.InvariantCulture) - Convert.ToDouble(b, CultureInfo.InvariantCulture)) <= 1e-9 * Math.Max(1, Math.Abs(Convert.ToDouble(a, CultureInfo.InvariantCulture))), $"{where}: {a} vs {b}");
                }
                else
                {
                    Assert.True(Equals(a, b), $"{where}: {a ?? "NULL"} vs {b ?? "NULL"}");
                }
            }
        }
    }

    // The example company written into its own workspace, loaded by ingest (with its adapters) into a fresh database, its transforms
    // built, and its dataset query run there; beside it, the dataset SQL of the brief before the transforms.
    private async Task<((IReadOnlyList<string> Columns, List<object?[]> Rows) Now, (IReadOnlyList<string> Columns, List<object?[]> Rows) Before)> DatasetAsync(IWarehouseProvider provider, string name)
    {
        var ws = WorkspaceInitializer.Create(_dir.Combine(name));
        ExampleCompany.Write(ws, new ExampleCompanyOptions(Customers: 1000), CancellationToken.None);
        await using var warehouse = await Database.OpenAsync(provider.Engine, await provider.CreateDatabaseAsync(), StoreKind.Warehouse);
        // As 'leanml ingest data/' loads it: raw tables, and through the adapters the canonical tables the transforms read.
        await LeanML.Sources.SourceIngestService.IngestAsync(warehouse, ws, new IngestRequest([ws.DataDir]), LeanML.Sources.SourceOptions.Default);
        var build = await new LeanML.Transforms.TransformBuilder(warehouse).BuildAsync(LeanML.Transforms.TransformProject.Load(ws.Root), [], [], null);
        Assert.All(build.Transforms, t => Assert.True(t.Status == LeanML.Transforms.BuildStatus.Built, $"{t.Name}: {t.Status} {t.Message}"));
        var before = await QueryAsync(warehouse, File.ReadAllText(Path.Combine(Repo.Root, "tests/LeanML.IntegrationTests/Fixtures/churn-before-transforms/dataset.sql")));
        return (await QueryAsync(warehouse, ProjectBrief.Load(ws, "churn").Dataset.Sql), before);
    }

    private static async Task<(IReadOnlyList<string> Columns, List<object?[]> Rows)> QueryAsync(Database warehouse, string sql)
    {
        await using var cmd = warehouse.Connection.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            // A NUMERIC (PostgreSQL's SUM and AVG of integers) compared as the double it is used as; Plain would keep
            // every digit of it for display.
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i) is decimal m ? (double)m : WarehouseCatalog.Plain(reader.GetValue(i)))]);
        }

        return (columns, rows);
    }
}
