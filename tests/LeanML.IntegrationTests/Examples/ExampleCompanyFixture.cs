using LeanML.Examples;
using LeanML.Ingestion;
using LeanML.Storage;
using LeanML.IntegrationTests.Infrastructure;
using DuckDB.NET.Data;
using YamlDotNet.RepresentationModel;

namespace LeanML.IntegrationTests.Examples;

/// <summary>
/// The default example company (5,000 customers, seed 42): its files loaded by the contract loader (the raw tables), and
/// its project dataset as LeanML shapes it (ingest through the adapters, the transforms built).
/// </summary>
public sealed class ExampleCompanyFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public ExampleCompanyFixture()
    {
        Result = ExampleCompany.Write(_dir.Path, new ExampleCompanyOptions(), CancellationToken.None);
        Connection = new DuckDBConnection($"Data Source={_dir.Combine("warehouse.duckdb")}");
        Connection.Open();
        foreach (var file in Directory.GetFiles(_dir.Combine("data")).Order(StringComparer.Ordinal))
        {
            Quarantined[Path.GetFileName(file)] = ContractLoader.Load(Connection, file);
        }

        var yaml = new YamlStream();
        using (var reader = new StreamReader(_dir.Combine("projects", "churn", "project.yaml")))
        {
            yaml.Load(reader);
        }

        Project = (YamlMappingNode)yaml.Documents[0].RootNode;

        // The brief reads the transform churn_features, over customers_360, over the canonical tables the adapters fill
        // (subscriptions, payments, customers): so the dataset comes from the files as 'leanml ingest data/' and
        // 'leanml build' shape them, into a warehouse of its own (the raw tables above stay the contract loader's).
        Dataset = DatasetAsync().GetAwaiter().GetResult();
    }

    private async Task<List<Dictionary<string, object?>>> DatasetAsync()
    {
        var ws = LeanML.Workspace.WorkspaceInitializer.Create(_dir.Combine("ws"));
        ExampleCompany.Write(ws, new ExampleCompanyOptions(), CancellationToken.None);
        await using var provider = new DuckDbProvider();
        await using var warehouse = await Database.OpenAsync(provider.Engine, await provider.CreateDatabaseAsync(), StoreKind.Warehouse);
        await LeanML.Sources.SourceIngestService.IngestAsync(warehouse, ws, new IngestRequest([ws.DataDir]), LeanML.Sources.SourceOptions.Default);
        var build = await new LeanML.Transforms.TransformBuilder(warehouse).BuildAsync(LeanML.Transforms.TransformProject.Load(ws.Root), [], [], null);
        var failed = build.Transforms.Where(t => t.Status != LeanML.Transforms.BuildStatus.Built).Select(t => $"{t.Name}: {t.Status} {t.Message}").ToList();
        if (failed.Count > 0)
        {
            throw new InvalidOperationException("the example's transforms did not build: " + string.Join("; ", failed));
        }

        var dataset = (YamlMappingNode)Project["dataset"];
        await using var command = warehouse.Connection.CreateCommand();
        command.CommandText = ((YamlScalarNode)dataset["sql"]).Value!;
        await using var rows = await command.ExecuteReaderAsync();
        var names = Enumerable.Range(0, rows.FieldCount).Select(rows.GetName).ToList();
        var result = new List<Dictionary<string, object?>>();
        while (await rows.ReadAsync())
        {
            result.Add(names.Select((n, i) => (n, rows.IsDBNull(i) ? null : LeanML.Ingestion.WarehouseCatalog.Plain(rows.GetValue(i)))).ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal));
        }

        return result;
    }

    public string Root => _dir.Path;

    public ExampleCompanyResult Result { get; }

    public DuckDBConnection Connection { get; }

    public YamlMappingNode Project { get; }

    /// <summary>Rows quarantined per data file.</summary>
    public Dictionary<string, int> Quarantined { get; } = new(StringComparer.Ordinal);

    /// <summary>The rows of the project's dataset SQL.</summary>
    public List<Dictionary<string, object?>> Dataset { get; }

    public long Scalar(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(LeanML.Ingestion.WarehouseCatalog.Plain(command.ExecuteScalar()!), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Connection.Dispose();
        _dir.Dispose();
    }
}
