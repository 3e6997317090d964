using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeanML.Ingestion;
using LeanML.Storage;
using LeanML.Training;
using Microsoft.Data.Sqlite;

namespace LeanML.Bench;

/// <summary>
/// Training on a churn-like CSV (default 1,000,000 rows) with fixed parameters (100 rounds, max_depth 6, eta 0.3,
/// no early stopping, 2 threads): LeanML (load into the warehouse, then <see cref="TrainingService"/>) against
/// Python (pandas read_csv, categorical codes, xgb.train) in the same run.
/// </summary>
internal static class TrainBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 1 && args[0] == "--rows" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var dir = Path.Combine(Path.GetTempPath(), "leanml-bench-train-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var csv = Path.Combine(dir, "customers.csv");
            WriteCsv(csv, rows);
            Console.WriteLine($"data: {rows:N0} rows, {new FileInfo(csv).Length / 1e6:0.0} MB CSV");

            // Python first, so its page-cache advantage on the CSV is the same as ours.
            var py = RunPython(csv);

            var total = Stopwatch.StartNew();
            var ws = dir + "/ws";
            Directory.CreateDirectory(Path.Combine(ws, ".leanml"));
            await File.WriteAllTextAsync(Path.Combine(ws, "leanml.yaml"), "warehouse:\n  provider: sqlite\n").ConfigureAwait(false);
            Directory.CreateDirectory(Path.Combine(ws, "projects", "churn"));
            await File.WriteAllTextAsync(Path.Combine(ws, "projects", "churn", "project.yaml"), """
                task: binary
                dataset:
                  sql: SELECT * FROM customers
                  id: id
                  label: churned
                baseline:
                  sql: CASE WHEN plan = 'monthly' THEN 1.0 ELSE 0.0 END
                metric: auc
                done_when: auc >= 0.7
                """).ConfigureAwait(false);
            var workspace = LeanML.Workspace.Workspace.Open(ws);
            var load = Stopwatch.StartNew();
            await LoadAsync(workspace, csv).ConfigureAwait(false);
            load.Stop();

            var marks = new List<(string Line, double At)>();
            var clock = Stopwatch.StartNew();
            var report = await new TrainingService(workspace).TrainAsync("churn", 0,
                ["rounds=100", "patience=0", "max_depth=6", "eta=0.3", "nthread=2"],
                line => marks.Add((line, clock.Elapsed.TotalSeconds))).ConfigureAwait(false);
            var trainEnd = clock.Elapsed.TotalSeconds;
            total.Stop();
            var readDone = marks.First(m => m.Line.StartsWith("churn:", StringComparison.Ordinal)).At;
            var matrices = marks.First(m => m.Line.StartsWith("training on ", StringComparison.Ordinal)).At;
            var trained = marks.First(m => m.Line.StartsWith("kept ", StringComparison.Ordinal)).At;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;

            var leanTotal = total.Elapsed.TotalSeconds;
            var leanTrain = trained - matrices;
            Console.WriteLine();
            Console.WriteLine($"{"",-34} {"LeanML",10} {"Python",10} {"ratio",7}");
            Row("load (leanml ingest vs read_csv)", load.Elapsed.TotalSeconds, py.Load);
            Row("read dataset.sql into columns", readDone, 0);
            Row("split + DMatrix (LeanML: train, valid)", matrices - readDone, py.Matrices);
            Row("training (100 rounds)", leanTrain, py.Train);
            Row("end to end", leanTotal, py.Total);
            Console.WriteLine($"{"peak memory (MB)",-34} {peak,10:0} {py.PeakMb,10:0} {peak / py.PeakMb,7:0.00}");
            Console.WriteLine($"{"test AUC",-34} {report.ModelValue,10:0.0000} {py.Auc,10:0.0000} {report.ModelValue - py.Auc,7:+0.0000;-0.0000}");
            Console.WriteLine($"(LeanML also scored baselines, computed importance and wrote artifacts: {trainEnd - trained:0.00} s after training)");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Row(string name, double lean, double python) =>
        Console.WriteLine($"{name,-34} {lean,10:0.00} {(python > 0 ? python.ToString("0.00", CultureInfo.InvariantCulture) : "-"),10} {(python > 0 ? (lean / python).ToString("0.00", CultureInfo.InvariantCulture) : "-"),7}");

    private static void WriteCsv(string path, int rows)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.WriteLine("id,plan,region,tenure,monthly,support_calls,paperless,churned");
        var i = 0;
        foreach (var r in ChurnData.Generate(rows))
        {
            w.Write(string.Create(CultureInfo.InvariantCulture, $"{i++},{ChurnData.Plans[r.Plan]},{ChurnData.Regions[r.Region]},{r.Tenure},{r.Monthly},{r.Calls},{(r.Paperless == 1 ? "Yes" : "No")},{r.Churned}\n"));
        }
    }

    // The real 'leanml ingest' path: type inference, quarantine, lineage columns, one transaction.
    private static async Task LoadAsync(LeanML.Workspace.Workspace workspace, string csv)
    {
        await using var warehouse = await Warehouse.OpenAsync(workspace).ConfigureAwait(false);
        var results = await IngestService.IngestAsync(warehouse, workspace, new IngestRequest([csv]) { Table = "customers" }).ConfigureAwait(false);
        if (results.Sum(r => r.RowsQuarantined) != 0)
        {
            throw new InvalidOperationException("the benchmark CSV should load without quarantined rows");
        }
    }

    private sealed record PythonFigures(double Load, double Matrices, double Train, double Total, double Auc, double PeakMb);

    private static PythonFigures RunPython(string csv)
    {
        var script = $$"""
            import json, resource, time
            t0 = time.perf_counter()
            import numpy as np, pandas as pd, xgboost as xgb
            from sklearn.metrics import roc_auc_score
            df = pd.read_csv({{JsonSerializer.Serialize(csv)}})
            for c in ["plan", "region", "paperless"]:
                df[c] = df[c].astype("category")
            t1 = time.perf_counter()
            y = df.pop("churned").to_numpy(np.float32)
            X = df.drop(columns=["id"])
            idx = np.random.default_rng(0).permutation(len(df))
            n_train, n_valid = int(round(len(df) * 0.64)), int(round(len(df) * 0.16))
            tr, te = idx[:n_train], idx[n_train + n_valid:]
            dtrain = xgb.DMatrix(X.iloc[tr], label=y[tr], enable_categorical=True)
            dtest = xgb.DMatrix(X.iloc[te], label=y[te], enable_categorical=True)
            t2 = time.perf_counter()
            bst = xgb.train({"tree_method": "hist", "max_depth": 6, "eta": 0.3, "nthread": 2, "objective": "binary:logistic", "seed": 0}, dtrain, num_boost_round=100)
            t3 = time.perf_counter()
            auc = roc_auc_score(y[te], bst.predict(dtest))
            t4 = time.perf_counter()
            print(json.dumps({"load": t1 - t0, "matrices": t2 - t1, "train": t3 - t2, "total": t4 - t0, "auc": auc, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000}))
            """;
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(psi)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        using var doc = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var r = doc.RootElement;
        return new PythonFigures(r.GetProperty("load").GetDouble(), r.GetProperty("matrices").GetDouble(), r.GetProperty("train").GetDouble(), r.GetProperty("total").GetDouble(), r.GetProperty("auc").GetDouble(), r.GetProperty("peak_mb").GetDouble());
    }
}
