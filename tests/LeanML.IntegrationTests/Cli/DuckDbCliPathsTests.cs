using System.Globalization;
using System.Text;
using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Cli;

/// <summary>
/// Every DuckDB path of the CLI, run as the executable users run (natively compiled under ./test.sh, where DuckDB.NET's
/// trimmed members would be missing if the build dropped one): the appender, the staged upsert, parameters, typed
/// reads of dates, timestamps, booleans, HUGEINT sums, decimals and lists, the catalog, Parquet out and in, training
/// reads and scoring to a table.
/// </summary>
public sealed class DuckDbCliPathsTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string Ws => _dir.Combine("ws");

    public void Dispose() => _dir.Dispose();

    private CliResult Run(params string[] args)
    {
        var r = Infrastructure.Cli.Run(Ws, args);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }

    [Fact]
    public void A_workspace_goes_through_every_duckdb_path()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "ws").ExitCode);
        var rng = new Random(3);
        var csv = new StringBuilder("deal id,Signed,Seen At,Amount,Paid,Channel,Won\n");
        for (var i = 0; i < 300; i++)
        {
            var amount = Math.Round(rng.NextDouble() * 900 + 10, 2);
            var channel = new[] { "web", "sales", "partner" }[i % 3];
            var won = amount + (channel == "sales" ? 300 : 0) + (rng.NextDouble() * 300) > 700;
            csv.Append(CultureInfo.InvariantCulture, $"d{i},2024-{(i % 12) + 1:00}-{(i % 28) + 1:00},2024-06-{(i % 28) + 1:00}T{i % 24:00}:15:00Z,\"${amount:N2}\",{(i % 2 == 0 ? "yes" : "no")},{channel},{(won ? 1 : 0)}\n");
        }

        File.WriteAllText(Path.Combine(Ws, "data", "deals.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(Ws, "data", "deals_fix.csv"), "deal id,Signed,Amount,Paid,Channel,Region\nd1,2024-02-02,\"$1,000.00\",no,web,north\nd999,2024-07-01,$5.00,yes,web,south\n");

        // The appender and the staged upsert (one update, one insert, a new column).
        Run("ingest", "data/deals.csv", "--table", "deals");
        var upsert = Run("ingest", "data/deals_fix.csv", "--table", "deals", "--mode", "upsert", "--key", "deal id", "--json").Json().GetProperty("files")[0];
        Assert.Equal((2L, 1L), (upsert.GetProperty("rows_loaded").GetInt64(), upsert.GetProperty("rows_updated").GetInt64()));

        // Typed reads: every kind of value a DuckDB query returns.
        var q = Run("sql", """
            SELECT signed, seen_at, paid = 1 AS paid, SUM(won) OVER () AS wins, CAST(amount AS DECIMAL(10, 2)) AS amount,
                   [1, 2] AS pair, region, AVG(amount) OVER () AS mean
            FROM deals WHERE deal_id = 'd1'
            """, "--json").Json();
        Assert.Equal(["DATE", "TIMESTAMP", "BOOLEAN", "HUGEINT", "DECIMAL", "LIST", "VARCHAR", "DOUBLE"], q.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        var row = q.GetProperty("rows")[0];
        Assert.Equal("2024-02-02", row[0].GetString());
        Assert.Equal("2024-06-02T01:15:00", row[1].GetString());
        Assert.False(row[2].GetBoolean());
        Assert.Equal(1000.0, row[4].GetDouble());
        Assert.Equal("[1, 2]", row[5].GetString());
        Assert.Equal("north", row[6].GetString());
        Assert.Equal(301L, Run("sql", "SELECT COUNT(*) FROM deals", "--json").Json().GetProperty("rows")[0][0].GetInt64());

        // The catalog (information_schema with parameters) and the ingest log.
        Assert.Contains("DATE", Run("describe", "deals").Stdout, StringComparison.Ordinal);
        Assert.Contains("deals_fix.csv", Run("tables").Stdout, StringComparison.Ordinal);

        // Parquet out (an in-memory DuckDB writes it) and back in (read_parquet with a parameter).
        Run("export", "deals", "--output", "deals.parquet");
        var back = Run("ingest", "deals.parquet", "--table", "deals_back", "--json").Json().GetProperty("files")[0];
        Assert.Equal(301L, back.GetProperty("rows_loaded").GetInt64());
        Assert.Equal(0L, Run("sql", "SELECT COUNT(*) FROM (SELECT deal_id, signed, seen_at, amount FROM deals EXCEPT SELECT deal_id, signed, seen_at, amount FROM deals_back) d", "--json").Json().GetProperty("rows")[0][0].GetInt64());

        // Training reads the warehouse; scoring writes a table through the appender.
        Directory.CreateDirectory(Path.Combine(Ws, "projects", "won"));
        File.WriteAllText(Path.Combine(Ws, "projects", "won", "project.yaml"), """
            name: won
            question: Which deals will close?
            decision: Call the likeliest first.
            stage: modeling
            task: binary
            dataset:
              sql: SELECT deal_id, signed, amount, channel, paid, won FROM deals WHERE won IS NOT NULL
              id: deal_id
              label: won
            baseline:
              name: big deals
              sql: CASE WHEN amount > 500 THEN 1.0 ELSE 0.0 END
            metric: auc
            done_when: auc >= 0.5
            """);
        var run = Run("train", "won", "--json").Json().GetProperty("run_id").GetString()!;
        Run("score", "won", "--input", "deals", "--output", "won_scores", "--run", run);
        var scores = Run("sql", "SELECT COUNT(*), MIN(score) >= 0 AND MAX(score) <= 1 FROM won_scores", "--json").Json().GetProperty("rows")[0];
        Assert.Equal((301L, true), (scores[0].GetInt64(), scores[1].GetBoolean()));
    }
}
