using System.Diagnostics;
using System.Text.Json;
using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Ingestion;

/// <summary>
/// <c>leanml describe TABLE [COLUMN] [--label COL]</c> on the Telco CSV loaded by <c>leanml ingest</c>, on DuckDB and on
/// PostgreSQL: standard deviation, quantiles, histogram and AUC alone against numpy and scikit-learn on the same CSV.
/// </summary>
public abstract class DescribeCliTests : IAsyncLifetime
{
    private static readonly Lazy<JsonElement> Reference = new(ComputeReference);

    protected TempDir Dir { get; } = new();

    private static string TelcoCsv => Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv");

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        Dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Numbers_match_numpy_and_scikit_learn_and_sort_by_auc()
    {
        var ingest = await Infrastructure.Cli.RunAsync(Dir.Path, "ingest", TelcoCsv, "--table", "telco");
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        var result = await Infrastructure.Cli.RunAsync(Dir.Path, "describe", "telco", "--label", "churn", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var doc = result.Json();
        Assert.Equal("auc", doc.GetProperty("association_kind").GetString());
        var columns = doc.GetProperty("columns").EnumerateArray().ToArray();
        var byName = columns.ToDictionary(c => c.GetProperty("name").GetString()!);
        foreach (var (name, csvName) in new[] { ("tenure", "tenure"), ("monthly_charges", "MonthlyCharges"), ("total_charges", "TotalCharges") })
        {
            var c = byName[name];
            var expected = Reference.Value.GetProperty(csvName);
            Assert.Equal(expected.GetProperty("std").GetDouble(), c.GetProperty("std_dev").GetDouble(), 1e-9);
            var q = c.GetProperty("quantiles");
            var names = new[] { "p1", "p5", "p25", "p50", "p75", "p95", "p99" };
            for (var i = 0; i < names.Length; i++)
            {
                Assert.Equal(expected.GetProperty("q")[i].GetDouble(), q.GetProperty(names[i]).GetDouble(), 1e-9);
            }

            var bins = c.GetProperty("histogram").EnumerateArray().ToArray();
            Assert.Equal(expected.GetProperty("hist").EnumerateArray().Select(h => h.GetInt64()), bins.Select(b => b.GetProperty("count").GetInt64()));
            Assert.Equal(expected.GetProperty("edges")[0].GetDouble(), bins[0].GetProperty("low").GetDouble(), 1e-9);
            Assert.Equal(expected.GetProperty("auc").GetDouble(), c.GetProperty("association").GetDouble(), 1e-9);
        }

        // Strongest association first: tenure (AUC 0.26 alone: long-standing customers stay) before monthly charges.
        var order = columns.Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.True(order.IndexOf("tenure") < order.IndexOf("monthly_charges"));
        var strengths = columns.Where(c => c.GetProperty("association").ValueKind == JsonValueKind.Number).Select(c => Math.Abs(c.GetProperty("association").GetDouble() - 0.5)).ToArray();
        Assert.Equal(strengths.OrderDescending(), strengths);
    }

    [Fact]
    public async Task One_column_in_full_and_an_unknown_column_named()
    {
        var ingest = await Infrastructure.Cli.RunAsync(Dir.Path, "ingest", TelcoCsv, "--table", "telco");
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        var one = await Infrastructure.Cli.RunAsync(Dir.Path, "describe", "telco", "tenure");
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Contains("quantiles p1 ", one.Stdout, StringComparison.Ordinal);
        Assert.Equal(10, one.Stdout.Split('\n').Count(l => l.TrimStart().StartsWith('[')));
        var bad = await Infrastructure.Cli.RunAsync(Dir.Path, "describe", "telco", "tenur");
        Assert.Equal(3, bad.ExitCode);
        Assert.Contains("no column 'tenur'", bad.Stderr, StringComparison.Ordinal);
    }

    // numpy 1.x / scikit-learn on the CSV itself (TotalCharges blanks as missing; AUC for Churn == "Yes").
    private static JsonElement ComputeReference()
    {
        const string Script = """
            import json, sys
            import numpy as np, pandas as pd
            from sklearn.metrics import roc_auc_score
            df = pd.read_csv(sys.argv[1])
            df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce")
            out = {}
            for col in ["tenure", "MonthlyCharges", "TotalCharges"]:
                x = df[col].astype(float); m = x.notna(); xv = x[m].to_numpy()
                counts, edges = np.histogram(xv, bins=10)
                out[col] = dict(std=float(np.std(xv, ddof=1)), q=[float(v) for v in np.quantile(xv, [.01, .05, .25, .5, .75, .95, .99])],
                                hist=[int(c) for c in counts], edges=[float(e) for e in edges], auc=float(roc_auc_score((df["Churn"][m] == "Yes").astype(int), xv)))
            print(json.dumps(out))
            """;
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(TelcoCsv);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }
}

/// <summary>On the DuckDB warehouse.</summary>
public sealed class DuckDbDescribeCliTests : DescribeCliTests
{
    public override Task InitializeAsync()
    {
        File.WriteAllText(Dir.Combine("leanml.yaml"), "warehouse:\n  provider: duckdb\n");
        return Task.CompletedTask;
    }
}

/// <summary>On a PostgreSQL warehouse of its own database.</summary>
public sealed class PostgresDescribeCliTests : DescribeCliTests
{
    private readonly PostgresProvider _pg = new();
    private readonly string _variable = "LEANML_TEST_DESCRIBE_PG_" + Guid.NewGuid().ToString("N")[..8];

    public override async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, await _pg.CreateDatabaseAsync());
        File.WriteAllText(Dir.Combine("leanml.yaml"), $"warehouse:\n  provider: postgres\n  connection_env: {_variable}\n");
    }

    public override async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _pg.DisposeAsync();
        await base.DisposeAsync();
    }
}
