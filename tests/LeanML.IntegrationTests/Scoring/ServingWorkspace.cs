using LeanML.Runs;
using System.Globalization;
using LeanML.Features;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Scoring;

/// <summary>
/// A real workspace with runs made the way training records them: model.json from Python's xgboost (the parity
/// fixtures), schema.json built from the dataset, their SHA-256 in the run store, and a promotion.
/// </summary>
public sealed class ServingWorkspace : IDisposable
{
    private readonly TempDir _dir = new();

    private ServingWorkspace(string settings = "warehouse:\n  provider: duckdb\n")
    {
        File.WriteAllText(_dir.Combine("leanml.yaml"), settings);
        Workspace = LeanML.Workspace.Workspace.Open(_dir.Path);
    }

    public LeanML.Workspace.Workspace Workspace { get; }

    public string Root => _dir.Path;

    /// <summary>A workspace with its two stores made, as init makes them; <paramref name="before"/> runs first (e.g. to put .leanml elsewhere).</summary>
    public static ServingWorkspace Create(Action<ServingWorkspace>? before = null)
    {
        var ws = new ServingWorkspace();
        before?.Invoke(ws);
        LeanML.Workspace.WorkspaceInitializer.CreateStoresAsync(ws.Workspace).GetAwaiter().GetResult();
        return ws;
    }

    /// <summary>A workspace whose stores are a PostgreSQL database, named by the environment variable <paramref name="connectionEnv"/>.</summary>
    public static ServingWorkspace CreatePostgres(string connectionEnv) => new($"warehouse:\n  provider: postgres\n  connection_env: {connectionEnv}\n");

    /// <summary>The Telco CSV rows (header first), split on commas (the file has no quoted fields).</summary>
    public static string[][] TelcoRows() => CachedRows.Value;

    private static readonly Lazy<string[][]> CachedRows = new(() =>
        [.. File.ReadAllLines(Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv")).Select(l => l.Split(','))]);

    private static readonly Lazy<FeatureSchema> CachedTelcoSchema = new(MakeTelcoSchema);

    /// <summary>The schema of the telco fixture model: categories sorted as pandas sorts them (ordinal).</summary>
    public static FeatureSchema TelcoSchema() => CachedTelcoSchema.Value;

    private static FeatureSchema MakeTelcoSchema()
    {
        var rows = TelcoRows();
        var header = rows[0];
        var model = LeanML.Scoring.XGBoostModel.Load(File.ReadAllBytes(XGBoostFixtures.ModelPath("telco")));
        var names = model.FeatureNames;
        var types = model.FeatureTypes;
        var features = names.Select((name, i) =>
        {
            var col = Array.IndexOf(header, name);
            var values = rows.Skip(1).Select(r => r[col]).ToArray();
            var missing = values.Any(string.IsNullOrWhiteSpace);
            return types[i] == "c"
                ? new FeatureSpec(name, FeatureKind.Category, [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct().Order(StringComparer.Ordinal)], missing)
                : new FeatureSpec(name, FeatureKind.Number, null, missing);
        }).ToArray();
        return new FeatureSchema("binary", "customerID", "Churn", ["No", "Yes"], features);
    }

    /// <summary>The schema of the weather_multi fixture: date as a date feature, numbers, five classes.</summary>
    public static FeatureSchema WeatherSchema() => new("multiclass", null, "weather", ["drizzle", "fog", "rain", "snow", "sun"],
    [
        new FeatureSpec("date", FeatureKind.Date, null, false),
        new FeatureSpec("precipitation", FeatureKind.Number, null, false),
        new FeatureSpec("temp_max", FeatureKind.Number, null, false),
        new FeatureSpec("temp_min", FeatureKind.Number, null, false),
        new FeatureSpec("wind", FeatureKind.Number, null, false),
    ]);

    /// <summary>
    /// Writes the Telco rows into warehouse table <paramref name="table"/> as a warehouse holds them (numbers as DOUBLE,
    /// blanks as NULL); with <paramref name="integerIds"/>, customerID is the row number as a BIGINT.
    /// </summary>
    public async Task CreateTelcoTableAsync(string table, bool integerIds = false, int rowCount = int.MaxValue)
    {
        var rows = TelcoRows();
        var header = rows[0];
        var numeric = new HashSet<string>(["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"]);
        await using var warehouse = await Warehouse.OpenAsync(Workspace);
        string Type(string h) => h == "customerID" && integerIds ? warehouse.Engine.BigInt : numeric.Contains(h) ? warehouse.Engine.Real : warehouse.Engine.Text;
        await using (var create = warehouse.Command($"CREATE TABLE {SqlNames.Quote(table)} ({string.Join(", ", header.Select(h => $"{SqlNames.Quote(h)} {Type(h)}"))})"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var tx = await warehouse.Connection.BeginTransactionAsync();
        await using (var insert = warehouse.Engine.StartRowWriter(warehouse, tx, table, header.Length))
        {
            var n = 0L;
            foreach (var row in rows.Skip(1).Take(rowCount))
            {
                n++;
                await insert.WriteAsync([.. header.Select((h, i) => h == "customerID" && integerIds ? n
                    : numeric.Contains(h) ? (string.IsNullOrWhiteSpace(row[i]) ? null : (object)double.Parse(row[i], CultureInfo.InvariantCulture))
                    : row[i])], CancellationToken.None);
            }

            await insert.CompleteAsync(CancellationToken.None);
        }

        await tx.CommitAsync();
    }

    /// <summary>Records a run of a fixture model (or of <paramref name="model"/>, its bytes edited) with a schema (and optionally promotes it); returns the run id.</summary>
    public async Task<string> AddRunAsync(string project, string fixture, FeatureSchema schema, bool promote = true, string? runId = null, byte[]? model = null)
    {
        runId ??= "01RUN" + Guid.NewGuid().ToString("N")[..21].ToUpperInvariant();
        await using var warehouse = await StateStore.OpenAsync(Workspace);   // first, as training does: a store is never created after runs exist
        var dir = RunArtifacts.RunDir(Workspace, runId);
        var modelHash = await RunArtifacts.WriteAsync(dir, RunArtifacts.Model, model ?? await File.ReadAllBytesAsync(XGBoostFixtures.ModelPath(fixture)));
        var schemaHash = await RunArtifacts.WriteAsync(dir, RunArtifacts.Schema, System.Text.Encoding.UTF8.GetBytes(schema.ToJson()));
        var runs = new RunStore(warehouse);
        var run = new TrainingRunRecord(runId, project, DateTimeOffset.UtcNow, schema.Task, "auc", 0.8, 0.7, 0.1, true, "done", 1, "fp",
            new Dictionary<string, string> { [RunArtifacts.Model] = modelHash, [RunArtifacts.Schema] = schemaHash }, "{}");
        await runs.InsertAsync(run);
        if (promote)
        {
            await runs.PromoteAsync(run, "test");
        }

        return runId;
    }

    public async Task PromoteAsync(string runId)
    {
        await using var warehouse = await StateStore.OpenAsync(Workspace);
        var runs = new RunStore(warehouse);
        await runs.PromoteAsync(await runs.GetAsync(runId), "test");
    }

    /// <summary>Libxgboost's prediction for Telco CSV row i (the fixture's first 7043 rows are the CSV rows in order).</summary>
    public static float[] TelcoExpected() => [.. XGBoostFixtures.Predictions("telco").Take(7043).Select(p => p[0])];

    public static string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
