using System.Diagnostics;
using System.Globalization;
using System.Text;
using LeanML.IntegrationTests.Infrastructure;
using DuckDB.NET.Data;
using LeanML.Storage.DuckDb;

namespace LeanML.IntegrationTests.Ingestion;

/// <summary>The ingestion verbs run as real CLI processes: --json documents, exit codes, a kill and a Ctrl-C mid-load.</summary>
public sealed class IngestCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public IngestCliTests()
    {
        var r = Infrastructure.Cli.Run(_dir.Path, "init", "ws");
        Assert.Equal(0, r.ExitCode);
    }

    private string Ws => _dir.Combine("ws");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private CliResult Run(params string[] args) => Infrastructure.Cli.Run(Ws, args);

    private string Data(string name, string text)
    {
        var path = Path.Combine(Ws, "data", name);
        File.WriteAllText(path, text);
        return path;
    }

    private long Scalar(string sql)
    {
        // Read-only and closed at once: another process (the CLI) may open the warehouse next.
        using var connection = new DuckDBConnection(DuckDbEngine.ConnectionString(Path.Combine(Ws, ".leanml", "warehouse.duckdb"), readOnly: true));
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("quarantine")]
    [InlineData("tables")]
    [InlineData("describe")]
    [InlineData("sql")]
    public void Every_ingestion_verb_has_help_with_an_example(string verb)
    {
        var r = Run(verb, "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Examples:", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"leanml {verb}", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_tables_describe_sql_and_quarantine_speak_json()
    {
        Data("payments.csv", "id,amount,created\n1,$10.00,2024-01-05\n2,oops\n3,\"$2,000.00\",2024-01-07\n");
        var ingest = Run("ingest", "data/", "--json");
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        var file = ingest.Json().GetProperty("files")[0];
        Assert.Equal("payments", file.GetProperty("table").GetString());
        Assert.Equal((3, 2, 1), (file.GetProperty("rows_read").GetInt32(), file.GetProperty("rows_loaded").GetInt32(), file.GetProperty("rows_quarantined").GetInt32()));
        Assert.Equal("money", file.GetProperty("columns")[1].GetProperty("type").GetString());
        // Load ids are numbers in order: the workspace's first load is load 1.
        var loadId = file.GetProperty("load_id").GetString()!;
        Assert.Equal("1", loadId);

        var again = Run("ingest", "data/payments.csv");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already loaded", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("(load 1)", again.Stdout, StringComparison.Ordinal);

        var tables = Run("tables", "--json").Json().GetProperty("tables")[0];
        Assert.Equal(("payments", 2), (tables.GetProperty("name").GetString(), tables.GetProperty("rows").GetInt32()));

        var describe = Run("describe", "payments", "--json").Json();
        var amount = describe.GetProperty("columns")[1];
        Assert.Equal(("amount", "USD", 2010.0), (amount.GetProperty("name").GetString(), amount.GetProperty("unit").GetString(), amount.GetProperty("mean").GetDouble() * 2));

        var sql = Run("sql", "SELECT id, amount FROM payments ORDER BY id", "--json").Json();
        Assert.Equal(2000.0, sql.GetProperty("rows")[1][1].GetDouble());
        var csv = Run("sql", "SELECT id, created FROM payments ORDER BY id", "--csv");
        Assert.Equal("id,created\n1,2024-01-05\n3,2024-01-07\n", csv.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal));

        var list = Run("quarantine", "--json").Json().GetProperty("loads")[0];
        Assert.Equal(loadId, list.GetProperty("load_id").GetString());
        var rows = Run("quarantine", loadId, "--json").Json().GetProperty("rows");
        Assert.Equal((3, "2,oops"), (rows[0].GetProperty("line").GetInt32(), rows[0].GetProperty("raw").GetString()));
        Assert.Contains("expected 3 fields, found 2", Run("quarantine", loadId).Stdout, StringComparison.Ordinal);
        Assert.Equal(loadId, Run("sql", "SELECT DISTINCT _load_id FROM payments", "--csv").Stdout.Split('\n')[1].Trim());
    }

    [Fact]
    public void Bad_input_exits_3_with_the_file_named()
    {
        var path = Data("all_bad.csv", "a,b\n1\n2\n");
        var r = Run("ingest", path);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("all_bad.csv", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("no row could be loaded", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, Run("ingest", "data/missing.csv").ExitCode);
        Assert.Equal(3, Run("describe", "nope").ExitCode);
        Assert.Equal(3, Run("sql", "SELEC 1").ExitCode);
        Assert.Equal(2, Run("ingest", "x.csv", "--mode", "merge").ExitCode);
    }

    [Fact]
    public async Task Killing_the_process_mid_load_leaves_the_table_and_the_log_as_they_were()
    {
        Data("events.csv", "id,value,day\n1,0.5,2024-01-01\n2,1.5,2024-01-02\n");
        Assert.Equal(0, Run("ingest", "data/events.csv").ExitCode);
        var big = BigCsv("events_big.csv", 4_000_000);

        // kill -9 at several moments: as the load starts writing, with some row groups written, with many.
        foreach (var megabytes in new[] { 0, 3, 8 })
        {
            using var process = Process.Start(Infrastructure.Cli.StartInfo(Ws, "ingest", big, "--table", "events"))!;
            var killedWhileRunning = await WaitForWritesThenAsync(process, () => process.Kill(entireProcessTree: true), megabytes);
            await process.WaitForExitAsync();
            Assert.True(killedWhileRunning, $"the load finished before it could be killed at {megabytes} MB; make the file bigger");

            // A full scan of every table: the previous state, whole.
            Assert.Equal(2, Scalar("SELECT COUNT(*) FROM events"));
            Assert.Equal(2, Scalar("SELECT CAST(SUM(value) AS BIGINT) FROM events"));
            Assert.Equal(1, Scalar("SELECT COUNT(*) FROM leanml.ingest_log"));
            Assert.Equal(3, Scalar("SELECT COUNT(*) FROM leanml.columns"));
        }

        // The warehouse is intact: the same file loads fully afterwards.
        var again = Run("ingest", "data/events_big.csv", "--table", "events", "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(4_000_002, Scalar("SELECT COUNT(*) FROM events"));
    }

    [Fact]
    public async Task Ctrl_c_rolls_the_load_back_and_says_so()
    {
        Data("clicks.csv", "id,value,day\n1,0.5,2024-01-01\n");
        Assert.Equal(0, Run("ingest", "data/clicks.csv").ExitCode);
        var big = BigCsv("clicks_big.csv", 4_000_000);

        using var process = Process.Start(Infrastructure.Cli.StartInfo(Ws, "ingest", big, "--table", "clicks"))!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var interrupted = await WaitForWritesThenAsync(process, megabytes: 4, act: () =>
        {
            using var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        });
        await process.WaitForExitAsync();
        Assert.True(interrupted, "the load finished before it could be interrupted; make the file bigger");

        var err = await stderr;
        await stdout;
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("rolled back", err, StringComparison.Ordinal);
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM clicks"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM leanml.ingest_log"));
    }

    [Fact]
    public async Task A_load_killed_before_its_canonical_mapping_is_finished_by_the_next_command()
    {
        // On DuckDB a Stripe export's canonical mapping runs right after the raw load commits. Killed between the two,
        // the raw load is there with its mapping kept in the log; the next command maps it before anything reads.
        var path = Path.Combine(Ws, "data", "stripe_big.csv");
        const int rows = 300_000;
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
        {
            w.Write("id,Created (UTC),Amount,Amount Refunded,Currency,Fee,Status,Customer ID,Customer Email,Captured,Card Brand,Invoice ID\n");
            for (var i = 0; i < rows; i++)
            {
                w.Write(string.Create(CultureInfo.InvariantCulture, $"ch_{i},2024-03-{i % 28 + 1:00} 09:14,{i % 500 + 1}.50,0.00,usd,1.72,Paid,cus_{i % 1000},c{i % 1000}@example.com,true,Visa,in_{i}\n"));
            }
        }

        var start = Infrastructure.Cli.StartInfo(Ws, "ingest", path);
        start.Environment["LEANML_INGEST_PHASES"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var killed = false;
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            // Printed right after the load's commit, before the mapping (about a second for these rows).
            if (line.StartsWith("ingest phases: after load", StringComparison.Ordinal))
            {
                process.Kill(entireProcessTree: true);
                killed = true;
                break;
            }
        }

        await process.WaitForExitAsync();
        await stdout;
        Assert.True(killed, "the load never reported its commit");

        // As the kill left it: the raw rows and their log row committed, the canonical table empty, the mapping pending.
        Assert.Equal(rows, Scalar("SELECT COUNT(*) FROM stripe_big"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM payments"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM leanml.ingest_log WHERE after_commit IS NOT NULL"));

        // Any command that opens the warehouse finishes it first, a read-only one included.
        var tables = Run("tables");
        Assert.True(tables.ExitCode == 0, tables.ToString());
        Assert.Equal(rows, Scalar("SELECT COUNT(*) FROM payments"));
        Assert.Equal(rows, Scalar("SELECT COUNT(DISTINCT source_id) FROM payments"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM leanml.ingest_log WHERE after_commit IS NOT NULL"));

        // The same export again changes nothing.
        var again = Run("ingest", path);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already loaded", again.Stdout + again.Stderr, StringComparison.Ordinal);
        Assert.Equal(rows, Scalar("SELECT COUNT(*) FROM payments"));
    }

    [Fact]
    public void A_canonical_mapping_that_fails_keeps_the_load_says_so_and_finishes_once_mended()
    {
        const string header = "id,Created (UTC),Amount,Amount Refunded,Currency,Fee,Status,Customer ID,Customer Email,Captured,Card Brand,Invoice ID\n";
        Assert.Equal(0, Run("ingest", Data("stripe_a.csv", header + "ch_1,2024-03-01 09:14,10.00,0.00,usd,0.59,Paid,cus_1,a@example.com,true,Visa,in_1\n")).ExitCode);
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM payments"));

        // Someone changes the canonical table by hand (another DuckDB client): its currency can no longer take text.
        using (var connection = new DuckDBConnection(DuckDbEngine.ConnectionString(Path.Combine(Ws, ".leanml", "warehouse.duckdb"), readOnly: false)))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "ALTER TABLE payments DROP COLUMN currency; ALTER TABLE payments ADD COLUMN currency INTEGER";
            cmd.ExecuteNonQuery();
        }

        // The next export's rows load; their mapping fails, and the message says what happened and what to do.
        var failed = Run("ingest", Data("stripe_b.csv", header + "ch_2,2024-03-02 10:00,20.00,0.00,usd,0.88,Paid,cus_2,b@example.com,true,Visa,in_2\nch_3,2024-03-03 11:00,30.00,0.00,eur,1.17,Paid,cus_3,c@example.com,true,Visa,in_3\n"));
        Assert.Equal(4, failed.ExitCode);
        Assert.Contains("'stripe_b'", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("tries again", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM stripe_b"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM leanml.ingest_log WHERE after_commit IS NOT NULL"));

        // The workspace stays usable: a read says once more that the mapping is pending, and works.
        var tables = Run("tables");
        Assert.True(tables.ExitCode == 0, tables.ToString());
        Assert.Contains("warning: the rows of load", tables.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Run("sql", "SELECT COUNT(*) AS n FROM stripe_b", "--json").Json().GetProperty("rows")[0][0].GetInt64());

        // Dropping the changed table (as the message says) lets the next command finish the mapping.
        using (var connection = new DuckDBConnection(DuckDbEngine.ConnectionString(Path.Combine(Ws, ".leanml", "warehouse.duckdb"), readOnly: false)))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "DROP TABLE payments";
            cmd.ExecuteNonQuery();
        }

        var mended = Run("tables");
        Assert.True(mended.ExitCode == 0, mended.ToString());
        Assert.DoesNotContain("warning:", mended.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM leanml.ingest_log WHERE after_commit IS NOT NULL"));
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM payments WHERE source_id IN ('ch_2', 'ch_3')"));
        Assert.Equal(50, Scalar("SELECT CAST(SUM(amount) AS BIGINT) FROM payments"));
    }

    [Fact]
    public void Describe_types_and_profiles_a_canonical_table_by_what_it_stores()
    {
        // payments is made by the adapter, not by ingest: no column metadata, yet its types and statistics are known.
        const string header = "id,Created (UTC),Amount,Amount Refunded,Currency,Fee,Status,Customer ID,Customer Email,Captured,Card Brand,Invoice ID\n";
        Assert.Equal(0, Run("ingest", Data("stripe_d.csv", header
            + "ch_1,2024-03-01 09:14,10.00,0.00,usd,0.59,Paid,cus_1,a@example.com,true,Visa,in_1\n"
            + "ch_2,2024-03-05 10:00,20.00,0.00,usd,0.88,Paid,cus_2,b@example.com,true,Visa,in_2\n"
            + "ch_3,2024-03-09 11:30,60.00,0.00,usd,2.04,Paid,cus_3,c@example.com,true,Visa,in_3\n")).ExitCode);
        var result = Run("describe", "payments", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var columns = result.Json().GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        var amount = columns["amount"];
        Assert.Equal("real", amount.GetProperty("type").GetString());
        // Mean and sample standard deviation of 10, 20, 60: 30 and sqrt(((-20)^2 + (-10)^2 + 30^2) / 2) = sqrt(700).
        Assert.Equal(30.0, amount.GetProperty("mean").GetDouble(), 9);
        Assert.Equal(Math.Sqrt(700), amount.GetProperty("std_dev").GetDouble(), 9);
        Assert.Equal("timestamp", columns["payment_at"].GetProperty("type").GetString());
        Assert.Equal("2024-03-01T09:14:00", columns["payment_at"].GetProperty("min").GetString());
        Assert.Equal("text", columns["currency"].GetProperty("type").GetString());
        Assert.False(columns.ContainsKey("_load_id"));

        var text = Run("describe", "payments");
        Assert.Contains("payments: 3 rows", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("_load_id", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("_load_id", Run("describe", "stripe_d").Stdout, StringComparison.Ordinal);
    }

    private string BigCsv(string name, int rows)
    {
        var path = Path.Combine(Ws, "data", name);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        w.Write("id,value,day\n");
        for (var i = 0; i < rows; i++)
        {
            w.Write(string.Create(CultureInfo.InvariantCulture, $"{i + 10},{i % 1000 / 8.0},2024-{(i % 12) + 1:00}-{(i % 28) + 1:00}\n"));
        }

        return path;
    }

    // Waits until the load holds the warehouse and its transaction has written MEGABYTES to it (pass 2 under way: DuckDB
    // writes full row groups of a large transaction into the file before its commit), then acts; false if the process
    // ended first. It watches on a thread of its own: on the thread pool, busy with the other tests, a 20 ms wait once
    // lasted past the whole load (a CI run: "finished before it could be killed at 8 MB" of a 2M-row load's ~18 MB).
    private Task<bool> WaitForWritesThenAsync(Process process, Action act, int megabytes) =>
        Task.Factory.StartNew(() => WaitForWritesThen(process, act, megabytes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private bool WaitForWritesThen(Process process, Action act, int megabytes)
    {
        var file = Path.Combine(Ws, ".leanml", "warehouse.duckdb");
        var wal = file + ".wal";
        long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
        var before = Size(file) + Size(wal);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited)
            {
                return false;
            }

            // The holder file says the load has the warehouse; then DuckDB's files grow as row groups are written.
            if (File.Exists(file + ".holder") && Size(file) + Size(wal) - before >= megabytes * 1024L * 1024)
            {
                act();
                return true;
            }

            Thread.Sleep(10);
        }

        return false;
    }
}
