using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LeanML.Bench;

/// <summary>
/// Ingest scenario: a deterministic 1,000,000-row, 10-column CSV (integers, reals, dates, categories) loaded by
/// LeanML's CLI (type inference, quarantine, lineage), by the sqlite3 shell's .import (untyped text, no inference) and by
/// pandas read_csv + to_sql, each a separate process measured by /usr/bin/time (wall time and peak resident memory).
/// The shell runs twice: in its default rollback-journal mode (the target's reference) and in WAL mode, the warehouse's.
/// Usage: ingest [ROWS] [--runs N] (LeanML and the shell alternate N times, default 3; medians are compared).
/// </summary>
internal static class IngestBench
{
    private static readonly string[] Categories = ["books", "garden", "toys", "kitchen", "sports", "music", "office", "beauty"];
    private static readonly string[] Countries = ["GB", "DE", "FR", "NL", "ES", "IT", "US", "CA", "AU", "IE", "PT", "BE", "SE", "NO", "DK", "FI", "AT", "CH", "PL", "CZ"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = BenchData.Positional(args) is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 1_000_000;
        var runs = BenchData.Option(args, "--runs", 3);
        var dir = Directory.CreateTempSubdirectory("leanml-bench-ingest-").FullName;
        try
        {
            var csv = Path.Combine(dir, "orders.csv");
            Generate(csv, rows);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingest: {rows:N0} rows x 10 columns, {new FileInfo(csv).Length / 1048576.0:0.0} MiB, {Environment.ProcessorCount} cores"));

            // This machine's speed drifts by up to 20% between identical runs, so LeanML and the shell take turns,
            // each into a fresh database, and the medians are compared.
            Console.WriteLine("LeanML: " + string.Join(' ', BenchData.CliCommand()));
            var leanmlRuns = new List<Measurement>();
            var shellRuns = new List<Measurement>();
            var walRuns = new List<Measurement>();
            for (var i = 0; i < runs; i++)
            {
                var ws = Path.Combine(dir, "ws" + i);
                await MeasureAsync(BenchData.CliCommand("init", ws)).ConfigureAwait(false);
                // Each tool starts with no dirty pages of the one before still being written back (its fsyncs would wait on them).
                await MeasureAsync(["sync"]).ConfigureAwait(false);
                leanmlRuns.Add(await MeasureAsync(BenchData.CliCommand("ingest", csv, "--workspace", ws, "--json")).ConfigureAwait(false));
                await MeasureAsync(["sync"]).ConfigureAwait(false);
                shellRuns.Add(await MeasureAsync(["sqlite3", Path.Combine(dir, $"shell{i}.db"), ".mode csv", $".import {csv} orders"]).ConfigureAwait(false));
                // The shell again, in the journal mode DESIGN.md prescribes for the warehouse (WAL: every page is
                // written to the log, then copied into the database), to show what that mode costs by itself.
                await MeasureAsync(["sync"]).ConfigureAwait(false);
                walRuns.Add(await MeasureAsync(["sqlite3", Path.Combine(dir, $"wal{i}.db"), "PRAGMA journal_mode=WAL;", "PRAGMA synchronous=NORMAL;", ".mode csv", $".import {csv} orders"]).ConfigureAwait(false));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}: LeanML {leanmlRuns[i].Seconds:0.00} s, sqlite3 shell {shellRuns[i].Seconds:0.00} s (WAL {walRuns[i].Seconds:0.00} s), ratio {leanmlRuns[i].Seconds / shellRuns[i].Seconds:0.00}"));
                Directory.Delete(ws, true);
                File.Delete(Path.Combine(dir, $"shell{i}.db"));
                File.Delete(Path.Combine(dir, $"wal{i}.db"));
            }

            var pandas = await MeasureAsync(["/usr/bin/python3", "-c",
                "import sys, sqlite3, pandas as pd\n" +
                "df = pd.read_csv(sys.argv[1])\n" +
                "con = sqlite3.connect(sys.argv[2])\n" +
                "df.to_sql('orders', con, index=False)\n" +
                "con.commit()\n", csv, Path.Combine(dir, "pandas.db")]).ConfigureAwait(false);

            var leanml = Median(leanmlRuns);
            var shell = Median(shellRuns);
            var wal = Median(walRuns);
            Console.WriteLine();
            Console.WriteLine($"{"tool (median of " + runs + " runs)",-26} {"wall s",8} {"rows/s",12} {"peak MB",8} {"LeanML/x",9}");
            Print("LeanML ingest (typed)", leanml, rows, leanml);
            Print("sqlite3 shell .import", shell, rows, leanml);
            Print("  same, in WAL mode", wal, rows, leanml);
            Print("pandas read_csv+to_sql", pandas, rows, leanml);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio LeanML / sqlite3 shell: {leanml.Seconds / shell.Seconds:0.00} (target <= 1.0; against the shell in WAL mode {leanml.Seconds / wal.Seconds:0.00}); LeanML / pandas: {leanml.Seconds / pandas.Seconds:0.00}; LeanML peak {leanmlRuns.Max(m => m.PeakMb):0} MB (target < 300 MB)"));
            return 0;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    // The run of median wall time (with its own peak memory).
    private static Measurement Median(List<Measurement> runs) => runs.OrderBy(m => m.Seconds).ElementAt(runs.Count / 2);

    private static void Print(string name, Measurement m, int rows, Measurement leanml) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-26} {m.Seconds,8:0.00} {rows / m.Seconds,12:N0} {m.PeakMb,8:0} {leanml.Seconds / m.Seconds,9:0.00}"));

    // Deterministic: the same seed gives the same bytes on every machine.
    private static void Generate(string path, int rows)
    {
        var random = new Random(20261129);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.Write("order_id,customer_id,order_date,category,country,quantity,unit_price,discount,shipped_at,rating\n");
        var start = new DateTime(2023, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            var date = start.AddDays(random.Next(730));
            var shipped = date.AddMinutes(random.Next(60 * 24 * 5));
            w.Write(string.Create(CultureInfo.InvariantCulture,
                $"{i + 1},{random.Next(1, 50_000)},{date:yyyy-MM-dd},{Categories[random.Next(Categories.Length)]},{Countries[random.Next(Countries.Length)]},{random.Next(1, 20)},{random.Next(100, 50_000) / 100.0},{random.Next(0, 30) / 100.0},{shipped:yyyy-MM-dd HH:mm:ss},{random.Next(1, 6)}\n"));
        }
    }

    // One process (program and arguments) under /usr/bin/time: wall time and peak resident memory.
    private static async Task<Measurement> MeasureAsync(string[] command)
    {
        var psi = new ProcessStartInfo("/usr/bin/time") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-f");
        psi.ArgumentList.Add("LEANML_BENCH %e %M");
        foreach (var a in command)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        await stdout.ConfigureAwait(false);
        var line = stderr.Split('\n').LastOrDefault(l => l.StartsWith("LEANML_BENCH ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"{command[0]} failed (exit {process.ExitCode}): {stderr}");
        }

        var parts = line.Split(' ');
        return new Measurement(double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture) / 1024.0);
    }

    private sealed record Measurement(double Seconds, double PeakMb);
}
