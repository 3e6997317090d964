using LeanML.Examples;
using LeanML.IntegrationTests.Infrastructure;
using DuckDB.NET.Data;
using YamlDotNet.RepresentationModel;

namespace LeanML.IntegrationTests.Examples;

/// <summary>The default example company (5,000 customers, seed 42), loaded by the contract loader and shaped by its project SQL.</summary>
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

        // The brief reads the transform churn_features (over customers_360): created here as views, in that order.
        foreach (var transform in new[] { "customers_360", "churn_features" })
        {
            using var create = Connection.CreateCommand();
            create.CommandText = $"CREATE VIEW {transform} AS {LeanML.Storage.SqlStatements.RequireOne(File.ReadAllText(_dir.Combine("transforms", transform + ".sql")))}";
            create.ExecuteNonQuery();
        }

        Project = (YamlMappingNode)yaml.Documents[0].RootNode;
        var dataset = (YamlMappingNode)Project["dataset"];
        using var command = Connection.CreateCommand();
        command.CommandText = ((YamlScalarNode)dataset["sql"]).Value!;
        using var rows = command.ExecuteReader();
        var names = Enumerable.Range(0, rows.FieldCount).Select(rows.GetName).ToList();
        while (rows.Read())
        {
            Dataset.Add(names.Select((n, i) => (n, rows.IsDBNull(i) ? null : LeanML.Ingestion.WarehouseCatalog.Plain(rows.GetValue(i)))).ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal));
        }
    }

    public string Root => _dir.Path;

    public ExampleCompanyResult Result { get; }

    public DuckDBConnection Connection { get; }

    public YamlMappingNode Project { get; }

    /// <summary>Rows quarantined per data file.</summary>
    public Dictionary<string, int> Quarantined { get; } = new(StringComparer.Ordinal);

    /// <summary>The rows of the project's dataset SQL.</summary>
    public List<Dictionary<string, object?>> Dataset { get; } = [];

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
