using System.Globalization;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.IntegrationTests.Ingestion;

namespace LeanML.IntegrationTests.Scoring;

/// <summary>
/// <c>score --input FILE</c> reads a file exactly as <c>ingest</c> does: for every real file the ingestion tests load
/// (the shared datasets and the reader fixtures), a model trained on the ingested table scores the table and the file
/// alike, on DuckDB and PostgreSQL. Every column of the table is a feature the model may split on, so a cell read
/// differently (a date's day and month, Yes/No, $1,234.50, 12,5, n/a, a header's name) changes the scores.
/// </summary>
public abstract class ReaderScoringTests<TProvider> : WarehouseTestBase<TProvider>, IAsyncLifetime
    where TProvider : IWarehouseProvider, new()
{
    private readonly TempDir _dir = new();
    private readonly string _variable = "LEANML_TEST_PG_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private string Ws => _dir.Combine("ws");

    async Task IAsyncLifetime.InitializeAsync()
    {
        Assert.Equal(0, (await Infrastructure.Cli.RunAsync(_dir.Path, "init", "ws")).ExitCode);
        if (Provider.Engine.Name == "postgres")
        {
            // A variable of this test's own, inherited by the CLI process: the workspace names it as its connection.
            Environment.SetEnvironmentVariable(_variable, await Provider.CreateDatabaseAsync());
            await File.WriteAllTextAsync(Path.Combine(Ws, "leanml.yaml"), $"warehouse:\n  provider: postgres\n  connection_env: {_variable}\n");
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Provider.DisposeAsync();
        _dir.Dispose();
    }

    public static TheoryData<string, string[]> Files() => new()
    {
        { Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv"), [] },
        { Repo.Dataset("bank-marketing/bank-full.csv"), [] },
        { Repo.Dataset("bank-marketing/bank-additional-full.csv"), [] },
        { Repo.Dataset("online-retail/online-retail.csv"), [] },
        { Repo.Dataset("vega-datasets/flights-200k.json"), [] },
        { Repo.Dataset("vega-datasets/seattle-weather.csv"), [] },
        { ReaderTests<DuckDbProvider>.Fixture("semicolon_decimal_comma.csv"), [] },
        { ReaderTests<DuckDbProvider>.Fixture("latin1.csv"), ["--encoding", "latin1"] },
        { ReaderTests<DuckDbProvider>.Fixture("orders.csv.gz"), [] },
        { ReaderTests<DuckDbProvider>.Fixture("dates_day_month_dotted.csv"), [] },
        { ReaderTests<DuckDbProvider>.Fixture("dates_day_month_slashed.csv"), ["--dayfirst"] },
        { ReaderTests<DuckDbProvider>.Fixture("notes_first.xlsx"), ["--sheet", "Deals"] },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_file_scores_as_the_table_ingest_made_of_it(string file, string[] flags)
    {
        var table = "t_" + Path.GetFileName(file).Split('.')[0].Replace('-', '_').ToLowerInvariant();
        var ingest = await RunAsync(["ingest", file, "--table", table, .. flags]);
        Assert.Contains(" 0 quarantined", ingest.Stdout, StringComparison.Ordinal);

        // Every column is a feature; the label is a function of the row, so the trees split on many columns. A fixture's
        // few rows are taken four times over (training needs ten).
        var copies = file.StartsWith(Repo.Root, StringComparison.Ordinal) ? 4 : 1;
        Directory.CreateDirectory(Path.Combine(Ws, "projects", "p"));
        await File.WriteAllTextAsync(Path.Combine(Ws, "projects", "p", "project.yaml"), $"""
            task: regression
            dataset:
              sql: SELECT t.*, _source_line * 10 + k.n AS row_key, CAST((_source_line * 10 + k.n) % 7 AS DOUBLE PRECISION) AS target FROM {table} t CROSS JOIN generate_series(1, {copies}) AS k(n)
              id: row_key
              label: target
            baseline:
              name: zero
              sql: 0.0
            metric: rmse
            done_when: rmse >= 0
            """);
        await RunAsync("train", "p", "--param", "rounds=12", "--param", "patience=0", "--param", "max_depth=4", "--param", "min_child_weight=0", "--param", "eta=0.5");
        var runs = (await RunAsync("runs", "p", "--json")).Json().GetProperty("runs");
        await RunAsync("promote", runs[0].GetProperty("id").GetString()!);

        var fromTable = Path.Combine(Ws, "from_table.csv");
        var fromFile = Path.Combine(Ws, "from_file.csv");
        await RunAsync("score", "p", "--input", table, "--output", fromTable);
        await RunAsync(["score", "p", "--input", file, "--output", fromFile, .. flags]);
        var expected = await ScoresAsync(fromTable);
        var actual = await ScoresAsync(fromFile);
        Assert.Equal(expected.Count, actual.Count);
        Assert.True(expected.Distinct().Count() > 1, "the model gives every row the same score: it splits on nothing, so the test could not fail");
        Assert.Equal(expected, actual);
    }

    private static async Task<List<string>> ScoresAsync(string output)
    {
        // The prediction is third from the end (before run_id and scored_at), whatever the id holds (it may be quoted with commas).
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Contains(lines[0].Split(',')[^3], new[] { "score", "value" });
        return [.. lines.Skip(1).Select(l => double.Parse(l.Split(',')[^3], CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal)];
    }

    private async Task<CliResult> RunAsync(params string[] args)
    {
        var r = await Infrastructure.Cli.RunAsync(Ws, args);
        Assert.True(r.ExitCode == 0, $"leanml {string.Join(' ', args)}\n{r}");
        return r;
    }
}

public sealed class DuckDbReaderScoringTests : ReaderScoringTests<DuckDbProvider>;

public sealed class PostgresReaderScoringTests : ReaderScoringTests<PostgresProvider>;
