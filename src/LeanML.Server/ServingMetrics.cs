using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace LeanML.Server;

/// <summary>Request counters by route and status and a latency histogram, rendered in Prometheus text format.</summary>
public sealed class ServingMetrics
{
    /// <summary>Upper bounds of the latency buckets, in seconds (Prometheus histogram 'le').</summary>
    private static readonly double[] Bounds = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly ConcurrentDictionary<(string Route, int Status), StrongBox<long>> _requests = new();
    private readonly long[] _buckets = new long[Bounds.Length + 1];
    private long _count;
    private long _sumTicks;

    /// <summary>Records one finished request.</summary>
    public void Record(string route, int status, TimeSpan elapsed)
    {
        var box = _requests.GetOrAdd((route, status), static _ => new StrongBox<long>());
        Interlocked.Increment(ref box.Value);
        var seconds = elapsed.TotalSeconds;
        var b = 0;
        while (b < Bounds.Length && seconds > Bounds[b])
        {
            b++;
        }

        Interlocked.Increment(ref _buckets[b]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumTicks, elapsed.Ticks);
    }

    /// <summary>The Prometheus text exposition (version 0.0.4) of every metric, with the prediction log counters.</summary>
    public string Render(long logged, long dropped, long failed, long rowsScored, long unseenCategories, long missingFeatures)
    {
        var s = new StringBuilder();
        s.Append("# HELP leanml_http_requests_total HTTP requests by route and status.\n# TYPE leanml_http_requests_total counter\n");
        foreach (var ((route, status), box) in _requests.OrderBy(kv => kv.Key.Route, StringComparer.Ordinal).ThenBy(kv => kv.Key.Status))
        {
            s.Append(CultureInfo.InvariantCulture, $"leanml_http_requests_total{{route=\"{Escape(route)}\",status=\"{status}\"}} {Interlocked.Read(ref box.Value)}\n");
        }

        s.Append("# HELP leanml_http_request_duration_seconds HTTP request latency.\n# TYPE leanml_http_request_duration_seconds histogram\n");
        long cumulative = 0;
        for (var b = 0; b < Bounds.Length; b++)
        {
            cumulative += Interlocked.Read(ref _buckets[b]);
            s.Append(CultureInfo.InvariantCulture, $"leanml_http_request_duration_seconds_bucket{{le=\"{Bounds[b].ToString(CultureInfo.InvariantCulture)}\"}} {cumulative}\n");
        }

        var count = Interlocked.Read(ref _count);
        s.Append(CultureInfo.InvariantCulture, $"leanml_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}\n");
        s.Append(CultureInfo.InvariantCulture, $"leanml_http_request_duration_seconds_sum {TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks)).TotalSeconds.ToString("R", CultureInfo.InvariantCulture)}\n");
        s.Append(CultureInfo.InvariantCulture, $"leanml_http_request_duration_seconds_count {count}\n");
        Counter(s, "leanml_predictions_total", "Rows scored over HTTP.", rowsScored);
        Counter(s, "leanml_unseen_categories_total", "Category values never seen in training, scored as missing.", unseenCategories);
        Counter(s, "leanml_missing_features_total", "Features a row left out that training never saw missing, scored as missing.", missingFeatures);
        Counter(s, "leanml_predictions_logged_total", "Predictions written to the prediction log.", logged);
        Counter(s, "leanml_predictions_dropped_total", "Predictions not logged because the log queue was full.", dropped);
        Counter(s, "leanml_predictions_log_failed_total", "Predictions not logged because the database refused the batch.", failed);
        return s.ToString();
    }

    private static void Counter(StringBuilder s, string name, string help, long value) =>
        s.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
