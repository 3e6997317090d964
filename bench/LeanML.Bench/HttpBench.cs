using LeanML.Runs;
using System.Diagnostics;
using System.Text.RegularExpressions;
using LeanML.Features;
using LeanML.Scoring;
using LeanML.Storage;

namespace LeanML.Bench;

/// <summary>
/// wrk (2 threads, 64 connections, 15 s after a 5 s warm-up, keep-alive, one-row bodies) against
/// POST /v1/projects/churn/predict on a workspace whose production churn model is the Telco fixture, with the
/// prediction log on. Usage: http [SECONDS] [--no-log] [--runs N] (default 3 measured runs; the median is reported).
/// With --explain it measures instead one client's request latency with and without <c>"explain": true</c> (issue 19:
/// a request with explain stays under 10x the latency of one without).
/// </summary>
internal static partial class HttpBench
{
    /// <summary>MLflow's FastAPI scoring server as published (ab, 10 concurrent, an identity model); not measurable here.</summary>
    private const double MlflowPublishedRps = 3345;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = BenchData.Positional(args) ?? "15";
        var logOn = !args.Contains("--no-log");
        var runs = BenchData.Option(args, "--runs", 3);
        var dir = BenchData.Fixtures();
        var root = Path.Combine(Path.GetTempPath(), "leanml-bench-http-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "leanml.yaml"), "warehouse:\n  provider: duckdb\n" + (logOn ? "" : "server:\n  log_sample: 0\n"));
        var workspace = LeanML.Workspace.Workspace.Open(root);
        var csv = File.ReadAllLines(Path.Combine(BenchData.Datasets, "telco-customer-churn", "Telco-Customer-Churn.csv")).Select(l => l.Split(',')).ToArray();
        var modelBytes = await File.ReadAllBytesAsync(Path.Combine(dir, "telco.model.json"));
        var schema = TelcoSchema(XGBoostModel.Load(modelBytes), csv);
        await PromoteAsync(workspace, modelBytes, schema);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // The server users run: 'leanml serve' as its own process (the CLI that ./leanml builds, natively compiled).
        using var server = await ServeProcess.StartAsync(root);
        Console.WriteLine($"server: {string.Join(' ', BenchData.CliCommand("serve"))} on {server.Url}");
        var url = server.Url + "/v1/projects/churn/predict";
        var row = string.Join(", ", schema.Features.Select(f =>
        {
            var v = csv[1][Array.IndexOf(csv[0], f.Name)];
            return f.Kind == FeatureKind.Number ? $"\\\"{f.Name}\\\": {v}" : $"\\\"{f.Name}\\\": \\\"{v}\\\"";
        }));
        if (args.Contains("--explain"))
        {
            await ExplainLatencyAsync(url, row.Replace("\\\"", "\"", StringComparison.Ordinal));
            await server.StopAsync();
            Directory.Delete(root, recursive: true);
            return 0;
        }

        var script = Path.Combine(root, "post.lua");
        await File.WriteAllTextAsync(script, $"wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = \"{{\\\"rows\\\": [{{{row}}}]}}\"\n");

        // A 5 s warm-up first, not counted: the thread pool settles (and a JIT-compiled build tiers up), as on a server
        // that has been up for more than a few seconds.
        var warmUp = await WrkAsync("5", url, script);
        Console.WriteLine($"warm-up (not counted): {RequestsPerSecond().Match(warmUp).Groups[1].Value} req/s");
        // Identical runs here differ by up to 1.5 ms in p99, so the measured part is repeated and the median run (by
        // requests/s) is the figure.
        var cpuBefore = server.CpuSeconds();
        var outputs = new List<(double Rps, string Output)>();
        for (var i = 0; i < runs; i++)
        {
            var run = await WrkAsync(seconds, url, script);
            var runRps = double.Parse(RequestsPerSecond().Match(run).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            outputs.Add((runRps, run));
            Console.WriteLine($"run {i + 1}: {runRps:N0} req/s, p50 {Percentile(run, "50")}, p99 {Percentile(run, "99")}");
        }

        // Each figure is the median of the runs' figures (a run with the median rate need not have the median p99).
        var output = outputs.OrderBy(o => o.Rps).ElementAt(runs / 2).Output;
        Console.WriteLine(output);
        var rps = outputs.Select(o => o.Rps).Order().ElementAt(runs / 2);
        string MedianLatency(string p) => outputs.Select(o => Percentile(o.Output, p)).OrderBy(Milliseconds).ElementAt(runs / 2);
        var requests = outputs.Sum(o => o.Rps * double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine($"server during the measured runs: {(server.CpuSeconds() - cpuBefore) / requests * 1e6:0.0} µs of CPU per request; peak memory {server.PeakMegabytes():0} MB");

        // The same server's GET /healthz: the ceiling of Kestrel + wrk on this machine at this moment (the box is shared).
        var ceiling = await WrkAsync(seconds, server.Url + "/healthz", null);
        var ceilingRps = double.Parse(RequestsPerSecond().Match(ceiling).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // Stopped as a user stops it (SIGTERM); its last line counts what the prediction log stored and dropped.
        var stopped = await server.StopAsync();
        var non2xx = outputs.Sum(o => Non2xx().Match(o.Output) is { Success: true } m ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
        Console.WriteLine($"http: LeanML median of {runs} runs {rps:N0} req/s (p50 {MedianLatency("50")}, p99 {MedianLatency("99")}, non-2xx {non2xx} in all, prediction log {(logOn ? "on" : "off")}); " +
            $"server: {stopped}");
        Console.WriteLine($"ceiling: GET /healthz on the same server {ceilingRps:N0} req/s (p99 {Percentile(ceiling, "99")}); predict reaches {rps / ceilingRps:P0} of it");
        Console.WriteLine($"reference: MLflow scoring server published {MlflowPublishedRps:N0} req/s (not measured here: no MLflow install); ratio {rps / MlflowPublishedRps:0.0}x");
        Directory.Delete(root, recursive: true);
        return 0;
    }

    // One client, one request at a time over a kept-alive connection, the two bodies taking turns so that both see the
    // same machine: the p50 and p95 of each and their ratio.
    private static async Task ExplainLatencyAsync(string url, string row)
    {
        using var client = new HttpClient();
        var plain = "{\"rows\": [{" + row + "}]}";
        var explained = "{\"rows\": [{" + row + "}], \"explain\": true}";
        async Task<double> PostAsync(string body)
        {
            var start = Stopwatch.GetTimestamp();
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(url, content);
            var text = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (!response.IsSuccessStatusCode || (body == explained && !text.Contains("\"contributions\"", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"predict answered {(int)response.StatusCode}: {text}");
            }

            return elapsed;
        }

        for (var i = 0; i < 500; i++)
        {
            await PostAsync(plain);
            await PostAsync(explained);
        }

        const int N = 3000;
        var without = new double[N];
        var with = new double[N];
        for (var i = 0; i < N; i++)
        {
            without[i] = await PostAsync(plain);
            with[i] = await PostAsync(explained);
        }

        Array.Sort(without);
        Array.Sort(with);
        double P(double[] sorted, double q) => sorted[(int)Math.Ceiling(q * sorted.Length) - 1];
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"predict over HTTP, one Telco row, {N} requests each in turns on one connection: without explain p50 {P(without, 0.5):0} us, p95 {P(without, 0.95):0} us; with \"explain\": true p50 {P(with, 0.5):0} us, p95 {P(with, 0.95):0} us"));
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"ratio with/without explain: p50 {P(with, 0.5) / P(without, 0.5):0.00}x, p95 {P(with, 0.95) / P(without, 0.95):0.00}x (target < 10x)"));
    }

    /// <summary>A running 'leanml serve' child process on a free loopback port.</summary>
    private sealed class ServeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _stderr;

        private ServeProcess(Process process, string url)
        {
            _process = process;
            Url = url;
            _stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
        }

        public string Url { get; }

        public static async Task<ServeProcess> StartAsync(string workspace)
        {
            var psi = new ProcessStartInfo(BenchData.CliCommand()[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in BenchData.CliCommand("serve", "--workspace", workspace, "--port", "0")[1..])
            {
                psi.ArgumentList.Add(a);
            }

            // It says where it listens on stderr, with its other status lines.
            var process = Process.Start(psi)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var said = new System.Text.StringBuilder();
            while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
            {
                said.AppendLine(line);
                if (Regex.Match(line, @"listening on (http://\S+)") is { Success: true } m)
                {
                    return new ServeProcess(process, m.Groups[1].Value);
                }
            }

            throw new InvalidOperationException("leanml serve ended before listening: " + said);
        }

        /// <summary>User plus system CPU time of the server so far (from /proc).</summary>
        public double CpuSeconds()
        {
            var fields = File.ReadAllText($"/proc/{_process.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // After the command name: state is field 3, utime and stime are fields 14 and 15 (proc(5)); clock ticks of 1/100 s.
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
        }

        /// <summary>The server's peak resident memory so far (VmHWM in /proc).</summary>
        public double PeakMegabytes() =>
            File.ReadLines($"/proc/{_process.Id}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
                .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0).First();

        /// <summary>Sends SIGTERM, waits for the exit and returns the server's last stderr line ("stopped; ...").</summary>
        public async Task<string> StopAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await _process.WaitForExitAsync();
            var last = (await _stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            return _process.ExitCode == 0 ? last : throw new InvalidOperationException($"leanml serve exited {_process.ExitCode}: {last}");
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }

    private static async Task<string> WrkAsync(string seconds, string url, string? script)
    {
        var psi = new ProcessStartInfo("wrk") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-t2", "-c64", $"-d{seconds}s", "--latency" })
        {
            psi.ArgumentList.Add(a);
        }

        if (script is not null)
        {
            psi.ArgumentList.Add("-s");
            psi.ArgumentList.Add(script);
        }

        psi.ArgumentList.Add(url);
        using var wrk = Process.Start(psi)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return output;
    }

    // wrk prints latencies as e.g. 812.00us, 1.71ms or 1.02s.
    private static double Milliseconds(string latency) =>
        latency.EndsWith("us", StringComparison.Ordinal) ? double.Parse(latency[..^2], System.Globalization.CultureInfo.InvariantCulture) / 1000
        : latency.EndsWith("ms", StringComparison.Ordinal) ? double.Parse(latency[..^2], System.Globalization.CultureInfo.InvariantCulture)
        : latency.EndsWith('s') ? double.Parse(latency[..^1], System.Globalization.CultureInfo.InvariantCulture) * 1000
        : double.NaN;

    private static string Percentile(string output, string p) =>
        Regex.Match(output, $@"^\s+{p}%\s+(\S+)", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value : "?";

    internal static FeatureSchema TelcoSchema(XGBoostModel model, string[][] csv)
    {
        var features = model.FeatureNames.Select((name, i) =>
        {
            var col = Array.IndexOf(csv[0], name);
            var values = csv.Skip(1).Select(r => r[col]).ToArray();
            var missing = values.Any(string.IsNullOrWhiteSpace);
            return model.FeatureTypes[i] == "c"
                ? new FeatureSpec(name, FeatureKind.Category, [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct().Order(StringComparer.Ordinal)], missing)
                : new FeatureSpec(name, FeatureKind.Number, null, missing);
        }).ToArray();
        return new FeatureSchema("binary", "customerID", "Churn", ["No", "Yes"], features);
    }

    private static async Task PromoteAsync(LeanML.Workspace.Workspace workspace, byte[] model, FeatureSchema schema)
    {
        const string RunId = "01BENCHHTTP0000000000000000";
        // The state store first: it refuses to start empty in a workspace that already has run folders.
        await using var state = await StateStore.OpenAsync(workspace);
        var dir = RunArtifacts.RunDir(workspace, RunId);
        var m = await RunArtifacts.WriteAsync(dir, RunArtifacts.Model, model);
        var s = await RunArtifacts.WriteAsync(dir, RunArtifacts.Schema, System.Text.Encoding.UTF8.GetBytes(schema.ToJson()));
        var runs = new RunStore(state);
        var run = new TrainingRunRecord(RunId, "churn", DateTimeOffset.UtcNow, "binary", "auc", null, null, null, true, "bench", 1, "bench",
            new Dictionary<string, string> { [RunArtifacts.Model] = m, [RunArtifacts.Schema] = s }, "{}");
        await runs.InsertAsync(run);
        await runs.PromoteAsync(run, "bench");
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();
}
