using System.Diagnostics;
using System.Globalization;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using DuckDB.NET.Data;
using LeanML.Storage.DuckDb;

namespace LeanML.IntegrationTests.Training;

/// <summary>A temporary workspace (DuckDB warehouse) for training tests: tables made with SQL, briefs written as files, the CLI run in it.</summary>
public sealed class TrainingWorkspace : IDisposable
{
    private readonly TempDir _dir = new();

    public TrainingWorkspace()
    {
        File.WriteAllText(_dir.Combine("leanml.yaml"), "warehouse:\n  provider: duckdb\n");
        Directory.CreateDirectory(_dir.Combine(".leanml"));
    }

    public string Root => _dir.Path;

    public LeanML.Workspace.Workspace Workspace => LeanML.Workspace.Workspace.Open(Root);

    public void Sql(string sql, params (string Name, object? Value)[] parameters)
    {
        // Opened and closed at once: DuckDB lets one process hold the file, and the CLI runs as another.
        using var connection = new DuckDBConnection(DuckDbEngine.ConnectionString(Workspace.WarehousePath));
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Bind(name, value);
        }

        cmd.ExecuteNonQuery();
    }

    public void Brief(string project, string yaml)
    {
        Directory.CreateDirectory(_dir.Combine("projects", project));
        File.WriteAllText(_dir.Combine("projects", project, "project.yaml"), yaml);
    }

    public string RunFile(string runId, string name) => _dir.Combine(".leanml", "runs", runId, name);

    public CliResult Cli(params string[] args) => Infrastructure.Cli.Run(Root, args);

    public CliResult CliWithEnvironment(IDictionary<string, string> environment, params string[] args)
    {
        var psi = Infrastructure.Cli.StartInfo(Root, args);
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(5));
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Loads the Telco churn CSV into telco_customer_churn with the snake_case names ingestion produces; blank cells are NULL.</summary>
    public void LoadTelco()
    {
        string[] columns =
        [
            "customer_id", "gender", "senior_citizen", "partner", "dependents", "tenure", "phone_service", "multiple_lines",
            "internet_service", "online_security", "online_backup", "device_protection", "tech_support", "streaming_tv",
            "streaming_movies", "contract", "paperless_billing", "payment_method", "monthly_charges", "total_charges", "churn",
        ];
        var types = new Dictionary<string, string> { ["senior_citizen"] = "BIGINT", ["tenure"] = "BIGINT", ["monthly_charges"] = "DOUBLE", ["total_charges"] = "DOUBLE" };
        using var connection = new DuckDBConnection(DuckDbEngine.ConnectionString(Workspace.WarehousePath));
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE TABLE telco_customer_churn ({string.Join(", ", columns.Select(c => $"{c} {types.GetValueOrDefault(c, "VARCHAR")}"))})";
            create.ExecuteNonQuery();
        }

        using var appender = connection.CreateAppender("telco_customer_churn");
        // The file has no quoted commas, so a plain split reads it; TotalCharges has 11 single-space cells (NULL).
        foreach (var line in File.ReadLines(Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv")).Skip(1))
        {
            var cells = line.Split(',');
            var row = appender.CreateRow();
            for (var i = 0; i < columns.Length; i++)
            {
                var cell = cells[i].Trim();
                _ = cell.Length == 0 ? row.AppendNullValue()
                    : types.TryGetValue(columns[i], out var t) ? (t == "BIGINT" ? row.AppendValue((long?)long.Parse(cell, CultureInfo.InvariantCulture)) : row.AppendValue((double?)double.Parse(cell, CultureInfo.InvariantCulture)))
                    : row.AppendValue(cell);
            }

            row.EndRow();
        }
    }

    public const string TelcoBrief = """
        name: churn
        question: Which customers will cancel next month?
        decision: Customer success calls the 50 highest-risk customers every Monday.
        stage: modeling
        task: binary
        dataset:
          sql: |
            SELECT customer_id, gender, senior_citizen, partner, dependents, tenure, phone_service, multiple_lines,
                   internet_service, online_security, online_backup, device_protection, tech_support, streaming_tv,
                   streaming_movies, contract, paperless_billing, payment_method, monthly_charges, total_charges,
                   CASE WHEN churn = 'Yes' THEN 1 ELSE 0 END AS churned
            FROM telco_customer_churn
          id: customer_id
          label: churned
        baseline:
          name: month-to-month customers
          sql: CASE WHEN contract = 'Month-to-month' THEN 1.0 ELSE 0.0 END
        metric: auc
        done_when: auc >= 0.80 and lift >= 0.05
        """;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
