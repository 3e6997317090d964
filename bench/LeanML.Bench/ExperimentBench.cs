using LeanML.Storage.Sqlite;
using System.Diagnostics;
using System.Globalization;
using LeanML.Experiments;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.Bench;

/// <summary>
/// <c>experiment</c>: analysis time of 10,000,000 events over 1,000,000 assigned units on SQLite, against a pandas + scipy
/// script computing the same per-unit aggregates and per-variant statistics from the same data (exported to CSV).
/// Options: --units N (default 1,000,000), --events-per-unit K (default 10), --keep (leave the data folder).
/// </summary>
internal static class ExperimentBench
{
    private const string Yaml = """
        name: bench
        variants:
          - {name: control, weight: 0.5}
          - {name: model, weight: 0.5}
        primary: retained
        guardrails: [refund_rate]
        metrics:
          retained: {event: renewed, kind: proportion}
          revenue: {event: payment, kind: mean}
          refund_rate: {event: refund, kind: proportion, direction: decrease, margin: 0.01}
          avg_order: {kind: ratio, numerator: payment, denominator: order}
        cuped: true
        pre_days: 14
        mde: 0.01
        start: 2026-10-01
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var units = BenchData.Option(args, "--units", 1_000_000);
        var perUnit = BenchData.Option(args, "--events-per-unit", 10);
        var dir = Directory.CreateTempSubdirectory("leanml-bench-exp-").FullName;
        try
        {
            var db = Path.Combine(dir, "state.db");
            var definition = ExperimentDefinition.Parse("bench.yaml", Yaml);
            Console.WriteLine($"experiment bench: {units:N0} units, {units * (long)perUnit:N0} events, SQLite at {db}");
            var clock = Stopwatch.StartNew();
            await using (var w = await Database.OpenAsync(SqliteEngine.Instance, SqliteEngine.ConnectionString(db), StoreKind.State))
            {
                await GenerateAsync(w, definition, units, perUnit);
                await ExportAsync(w, dir);
            }

            Console.WriteLine($"  data generated and exported in {clock.Elapsed.TotalSeconds:0.0} s (not timed below)");
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            var record = new ExperimentRecord("bench", "bench", definition.Start!.Value, null);
            var times = new List<double>();
            var cpu = new List<double>();
            ExperimentAnalysis? analysis = null;
            for (var run = 0; run < 3; run++)
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                clock.Restart();
                await using var w = await Database.OpenAsync(SqliteEngine.Instance, SqliteEngine.ConnectionString(db), StoreKind.State);
                analysis = await ExperimentAnalyzer.AnalyzeAsync(w, definition, record);
                times.Add(clock.Elapsed.TotalSeconds);
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
            }

            // The same analysis on the DuckDB warehouse's analytic copy: the first refresh copies everything, then 3 runs.
            var ws = WorkspaceInitializer.Create(Path.Combine(dir, "ws"));
            File.Move(db, ws.StatePath, overwrite: true);
            clock.Restart();
            await using (await Warehouse.OpenAsync(ws))
            {
            }

            var copySeconds = clock.Elapsed.TotalSeconds;
            var duckTimes = new List<double>();
            ExperimentAnalysis? duckAnalysis = null;
            for (var run = 0; run < 3; run++)
            {
                clock.Restart();
                await using var w = await Warehouse.OpenForAnalysisAsync(ws);
                duckAnalysis = await ExperimentAnalyzer.AnalyzeAsync(w, definition, record);
                duckTimes.Add(clock.Elapsed.TotalSeconds);
            }

            Console.WriteLine($"  LeanML decision: {analysis!.Sentence}");
            Console.WriteLine($"  same on DuckDB:  {(duckAnalysis!.Sentence == analysis.Sentence ? "yes" : "NO: " + duckAnalysis.Sentence)}");
            var retained = analysis.Metrics[0];
            Console.WriteLine($"  LeanML retained means: {string.Join(", ", retained.Variants.Select(v => $"{v.Variant} {v.Mean:0.000000} (n={v.Units})"))}; p = {retained.Comparisons[0].PValue:G6}");
            var revenue = analysis.Metrics.First(m => m.Metric == "revenue");
            Console.WriteLine($"  LeanML revenue means:  {string.Join(", ", revenue.Variants.Select(v => $"{v.Variant} {v.Mean:0.000000}"))}; CUPED lift {revenue.Comparisons[0].Lift:0.000000}, p = {revenue.Comparisons[0].PValue:G6}");

            var script = Path.Combine(dir, "reference.py");
            await File.WriteAllTextAsync(script, PythonReference);
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(dir);
            psi.ArgumentList.Add(Ms(definition.Start!.Value).ToString(CultureInfo.InvariantCulture));
            psi.ArgumentList.Add(Ms(definition.Start!.Value.AddDays(-definition.PreDays)).ToString(CultureInfo.InvariantCulture));
            using var python = Process.Start(psi)!;
            var output = await python.StandardOutput.ReadToEndAsync();
            await python.WaitForExitAsync();
            Console.Write(output);
            var reference = output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length >= 2 && p[0] == "SECONDS").ToDictionary(p => p[1], p => double.Parse(p[2], CultureInfo.InvariantCulture));

            var leanml = times.Min();
            Console.WriteLine();
            Console.WriteLine($"LeanML on the SQLite state store, from disk: wall first {times[0]:0.00} s, best of 3 {leanml:0.00} s; CPU time of the best run {cpu[times.IndexOf(leanml)]:0.00} s over {Environment.ProcessorCount} cores; load average now {LoadAverage()}");
            Console.WriteLine($"LeanML on the DuckDB warehouse: first copy of the events into it {copySeconds:0.00} s (once; later opens copy only new rows), analysis best of 3 {duckTimes.Min():0.00} s (target <= 2 s), ratio SQLite / DuckDB {leanml / duckTimes.Min():0.0}x");
            if (reference.TryGetValue("compute", out var compute) && reference.TryGetValue("load", out var load))
            {
                Console.WriteLine($"pandas + scipy: compute {compute:0.00} s (data already in memory; CPU {reference.GetValueOrDefault("compute_cpu"):0.00} s), load CSV {load:0.00} s, total {compute + load:0.00} s");
                Console.WriteLine($"ratio pandas compute / LeanML = {compute / leanml:0.00}x; pandas total / LeanML = {(compute + load) / leanml:0.00}x");
            }

            return python.ExitCode;
        }
        finally
        {
            if (!args.Contains("--keep"))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dir, true);
            }
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    /// <summary>
    /// Units u0000000…: assigned by the real hash; each has K events (ordered by unit, as a log would be loaded):
    /// renewed (after the start for 20 % of control and 22 % of model; in the pre-period for 15 %), payments and orders
    /// around the start, and a refund for 5 %.
    /// </summary>
    private static async Task GenerateAsync(Database w, ExperimentDefinition definition, int units, int perUnit)
    {
        var start = Ms(definition.Start!.Value);
        var day = 86_400_000L;
        await using (var tx = await w.Connection.BeginTransactionAsync())
        {
            await using var insert = w.Command($"INSERT INTO {w.Engine.Meta("experiments")} (name, salt, created_at_ms) VALUES ('bench', 'bench', {start})", tx);
            await insert.ExecuteNonQueryAsync();
            await using var assign = w.Command($"INSERT INTO {w.Engine.Meta("assignments")} (experiment, unit, variant, assigned_at_ms) VALUES ('bench', @u, @v, {start})", tx);
            var u = assign.CreateParameter();
            u.ParameterName = "@u";
            assign.Parameters.Add(u);
            var v = assign.CreateParameter();
            v.ParameterName = "@v";
            assign.Parameters.Add(v);
            for (var i = 0; i < units; i++)
            {
                var unit = $"u{i:D7}";
                u.Value = unit;
                v.Value = definition.VariantFor(unit).Name;
                await assign.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        // The events in one INSERT … SELECT so generation stays quick; SQLite's random() drives the values.
        await using (var tx = await w.Connection.BeginTransactionAsync())
        {
            await using var events = w.Command($"""
                WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < {perUnit - 1})
                INSERT INTO {w.Engine.Meta("events")} (id, unit, name, value, time_ms)
                SELECT unit || '-' || j, unit, name,
                       CASE name WHEN 'payment' THEN (abs(random()) % 10000) / 100.0 + (CASE WHEN variant = 'model' THEN 0.5 ELSE 0 END) ELSE 1 END,
                       CASE WHEN name = 'renewed' AND j = 0 THEN (CASE WHEN abs(random()) % 100 < (CASE WHEN variant = 'model' THEN 22 ELSE 20 END) THEN {start} + {day} ELSE {start} - 30 * {day} END)
                            WHEN name = 'renewed' THEN {start} - 2 * {day}
                            WHEN j % 3 = 0 THEN {start} - (abs(random()) % (10 * {day}))
                            ELSE {start} + (abs(random()) % (20 * {day})) END
                FROM (
                  SELECT a.unit AS unit, a.variant AS variant, k.j AS j,
                         CASE WHEN k.j = 0 THEN 'renewed'
                              WHEN k.j = 1 THEN (CASE abs(random()) % 20 WHEN 0 THEN 'refund' WHEN 1 THEN 'renewed' WHEN 2 THEN 'renewed' WHEN 3 THEN 'renewed' ELSE 'order' END)
                              WHEN k.j % 2 = 0 THEN 'payment'
                              ELSE 'order' END AS name
                  FROM {w.Engine.Meta("assignments")} a, k
                  WHERE a.experiment = 'bench'
                  ORDER BY a.unit, k.j)
                """, tx);
            events.CommandTimeout = 0;
            await events.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }

        await using var analyze = w.Command("ANALYZE");
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task ExportAsync(Database w, string dir)
    {
        foreach (var (file, sql) in new[]
        {
            ("assignments.csv", $"SELECT unit, variant FROM {w.Engine.Meta("assignments")} WHERE experiment = 'bench'"),
            ("events.csv", $"SELECT unit, name, value, time_ms FROM {w.Engine.Meta("events")}"),
        })
        {
            await using var writer = new StreamWriter(Path.Combine(dir, file));
            await using var cmd = w.Command(sql);
            await using var reader = await cmd.ExecuteReaderAsync();
            await writer.WriteLineAsync(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)));
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (i > 0)
                    {
                        writer.Write(',');
                    }

                    writer.Write(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
                }

                writer.Write('\n');
            }
        }
    }

    /// <summary>The reference: the same per-unit aggregates (post and pre period), per-variant moments, Welch tests and CUPED in pandas + scipy.</summary>
    private const string PythonReference = """
        import sys, time
        import numpy as np, pandas as pd
        from scipy import stats
        d, start, pre = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
        t0 = time.perf_counter()
        a = pd.read_csv(f"{d}/assignments.csv", dtype={"unit": str, "variant": str})
        e = pd.read_csv(f"{d}/events.csv", dtype={"unit": str, "name": str, "value": float, "time_ms": np.int64})
        t1 = time.perf_counter(); c1 = time.process_time()
        e = e[e["name"].isin(["renewed", "payment", "refund", "order"]) & (e["time_ms"] >= pre)]
        e = e.assign(period=np.where(e["time_ms"] >= start, "post", "pre"))
        g = e.groupby(["unit", "name", "period"])["value"].agg(["count", "sum"]).unstack(["name", "period"], fill_value=0)
        u = a.set_index("unit").join(g, how="left").fillna(0)
        def col(stat, name, period):
            key = (stat, name, period)
            return u[key] if key in u.columns else pd.Series(0.0, index=u.index)
        out = {}
        treated = (u["variant"] == "model").to_numpy()
        def welch(y):
            return stats.ttest_ind(y[treated], y[~treated], equal_var=False)
        def cuped(y, x):
            theta = np.cov(y, x)[0, 1] / np.var(x, ddof=1) if np.var(x) > 0 else 0.0
            return y - theta * (x - x.mean())
        retained = (col("count", "renewed", "post") > 0).astype(float).to_numpy()
        retained_pre = (col("count", "renewed", "pre") > 0).astype(float).to_numpy()
        revenue = col("sum", "payment", "post").to_numpy()
        revenue_pre = col("sum", "payment", "pre").to_numpy()
        refund = (col("count", "refund", "post") > 0).astype(float).to_numpy()
        refund_pre = (col("count", "refund", "pre") > 0).astype(float).to_numpy()
        orders = col("sum", "order", "post").to_numpy()
        for name, y, x in [("retained", retained, retained_pre), ("revenue", revenue, revenue_pre), ("refund_rate", refund, refund_pre)]:
            r = welch(cuped(y, x))
            out[name] = (y[~treated].mean(), y[treated].mean(), r.pvalue)
        # ratio metric with the delta method
        def ratio(n, dd):
            mn, md = n.mean(), dd.mean()
            c = np.cov(n, dd)
            return n.sum() / dd.sum(), (c[0, 0] / md**2 - 2 * c[0, 1] * mn / md**3 + mn**2 * c[1, 1] / md**4) / len(n)
        rc, vc = ratio(revenue[~treated], orders[~treated]); rt, vt = ratio(revenue[treated], orders[treated])
        t2 = time.perf_counter(); c2 = time.process_time()
        print(f"  pandas retained means: control {out['retained'][0]:.6f}, model {out['retained'][1]:.6f} (n={(~treated).sum()}/{treated.sum()}); CUPED p = {out['retained'][2]:.6g}")
        print(f"  pandas revenue means:  control {out['revenue'][0]:.6f}, model {out['revenue'][1]:.6f}; CUPED p = {out['revenue'][2]:.6g}; avg_order {rc:.6f} vs {rt:.6f}")
        print(f"SECONDS load {t1 - t0:.3f}")
        print(f"SECONDS compute {t2 - t1:.3f}")
        print(f"SECONDS compute_cpu {c2 - c1:.3f}")
        """;
}
