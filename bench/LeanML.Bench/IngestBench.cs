using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LeanML.Bench;

/// <summary>
/// Ingest scenario: a deterministic 1,000,000-row, 10-column CSV (integers, reals, dates, timestamps, categories) loaded
/// by LeanML's CLI into the DuckDB warehouse (type inference, quarantine, lineage, the ingest log), against DuckDB's own
/// read_csv through the same library (typed by DuckDB's sniffer, no quarantine, no lineage; timed in this process, so
/// without a process start) and, when LEANML_BENCH_SQLITE_CLI names the CLI of the previous release, today's SQLite
/// build. LeanML and the previous build are separate processes measured by /usr/bin/time (wall time, peak memory).
/// Usage: ingest [ROWS] [--runs N] (the tools alternate N times, default 3; medians are compared).
/// </summary>
internal static class IngestBench
{
    private static readonly string[] Categories = ["books", "garden", "toys", "kitchen", "sports", "music", "office", "beauty"];
    private static readonly string[] Countries = ["GB", "DE", "FR", "NL", "ES", "IT", "US", "CA", "AU", "IE", "PT", "BE", "SE", "NO", "DK", "FI", "AT", "CH", "PL", "CZ"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = BenchData.Positional(args) is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 1_000_000;
        var runs = BenchData.Option(args, "--runs", 3);
        var sqliteCli = Environment.GetEnvironmentVariable("LEANML_BENCH_SQLITE_CLI") is { Length: > 0 } p ? p : null;
        var dir = Directory.CreateTempSubdirectory("leanml-bench-ingest-").FullName;
        try
        {
            var csv = Path.Combine(dir, "orders.csv");
            Generate(csv, rows);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingest: {rows:N0} rows x 10 columns, {new FileInfo(csv).Length / 1048576.0:0.0} MiB, {Environment.ProcessorCount} cores"));
            Console.WriteLine("LeanML: " + string.Join(' ', BenchData.CliCommand()));
            Console.WriteLine(sqliteCli is null ? "previous SQLite build: not measured (set LEANML_BENCH_SQLITE_CLI to its CLI)" : "previous SQLite build: " + sqliteCli);

            // This machine's speed drifts by up to 20% between identical runs, so the tools take turns, each into a
            // fresh database, and the medians are compared.
            var leanmlRuns = new List<Measurement>();
            var duckRuns = new List<Measurement>();
            var sqliteRuns = new List<Measurement>();
            for (var i = 0; i < runs; i++)
            {
                var ws = Path.Combine(dir, "ws" + i);
                await MeasureAsync(BenchData.CliCommand("init", ws)).ConfigureAwait(false);
                // Each tool starts with no dirty pages of the one before still being written back (its fsyncs would wait on them).
                await MeasureAsync(["sync"]).ConfigureAwait(false);
                leanmlRuns.Add(await MeasureAsync(BenchData.CliCommand("ingest", csv, "--workspace", ws, "--json")).ConfigureAwait(false));
                await MeasureAsync(["sync"]).ConfigureAwait(false);
                duckRuns.Add(ReadCsvInDuckDb(csv, Path.Combine(dir, $"duck{i}.duckdb")));
                var line = string.Create(CultureInfo.InvariantCulture, $"run {i + 1}: LeanML {leanmlRuns[i].Seconds:0.00} s, DuckDB read_csv {duckRuns[i].Seconds:0.00} s");
                if (sqliteCli is not null)
                {
                    var old = Path.Combine(dir, "old" + i);
                    await MeasureAsync([sqliteCli, "init", old]).ConfigureAwait(false);
                    await MeasureAsync(["sync"]).ConfigureAwait(false);
                    sqliteRuns.Add(await MeasureAsync([sqliteCli, "ingest", csv, "--workspace", old, "--json"]).ConfigureAwait(false));
                    line += string.Create(CultureInfo.InvariantCulture, $", previous SQLite build {sqliteRuns[i].Seconds:0.00} s");
                    Directory.Delete(old, true);
                }

                Console.WriteLine(line);
                Directory.Delete(ws, true);
                File.Delete(Path.Combine(dir, $"duck{i}.duckdb"));
            }

            var leanml = Median(leanmlRuns);
            var duck = Median(duckRuns);
            Console.WriteLine();
            Console.WriteLine($"{"tool (median of " + runs + " runs)",-30} {"wall s",8} {"rows/s",12} {"peak MB",8} {"LeanML/x",9}");
            Print("LeanML ingest into DuckDB", leanml, rows, leanml);
            Print("DuckDB read_csv (in-process)", duck, rows, leanml);
            if (sqliteRuns.Count > 0)
            {
                Print("previous build (SQLite)", Median(sqliteRuns), rows, leanml);
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio LeanML / DuckDB read_csv: {leanml.Seconds / duck.Seconds:0.00} (target <= 1.3); LeanML peak {leanmlRuns.Max(m => m.PeakMb):0} MB (target <= 300 MB)"));
            if (sqliteRuns.Count > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio LeanML / previous SQLite build: {leanml.Seconds / Median(sqliteRuns).Seconds:0.00} (target <= 1.0)"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    // DuckDB's own typed load of the file, through the library LeanML uses (peak memory is not measured in-process).
    internal static Measurement ReadCsvInDuckDb(string csv, string db)
    {
        var clock = Stopwatch.StartNew();
        using (var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={db}"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"CREATE TABLE orders AS SELECT * FROM read_csv('{csv.Replace("'", "''", StringComparison.Ordinal)}')";
            cmd.ExecuteNonQuery();
        }

        return new Measurement(clock.Elapsed.TotalSeconds, double.NaN);
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

    internal sealed record Measurement(double Seconds, double PeakMb);
}
