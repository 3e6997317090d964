using System.Diagnostics;
using System.Globalization;
using LeanML.Reports;
using LeanML.Storage;
using LeanML.Storage.Sqlite;

namespace LeanML.Bench;

/// <summary>
/// Search scenario: a generated archive of reports (default 10,000, ~400 words each) indexed into a fresh SQLite state
/// store (FTS5), then 200 one- and two-word queries timed (p50, p95), against the same queries answered by a plain
/// LIKE scan of the same table (the reference: what search costs without a full-text index). Also the no-change
/// re-index (hashing every file) that each 'leanml search' runs first.
/// Usage: search [REPORTS].
/// </summary>
internal static class SearchBench
{
    private static readonly string[] Vocabulary =
    [
        "churn", "refund", "pricing", "cohort", "retention", "invoice", "forecast", "warehouse", "segment", "outreach", "renewal",
        "discount", "upgrade", "downgrade", "ticket", "latency", "dashboard", "pipeline", "experiment", "variant", "guardrail",
        "revenue", "margin", "seats", "onboarding", "survey", "support", "annual", "monthly", "enterprise", "basic", "pro",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var dir = Directory.CreateTempSubdirectory("leanml-bench-search-").FullName;
        try
        {
            var folder = Path.Combine(dir, "reports");
            Directory.CreateDirectory(folder);
            var random = new Random(42);
            for (var i = 0; i < count; i++)
            {
                var words = string.Join(' ', Enumerable.Range(0, 400).Select(_ => Vocabulary[random.Next(Vocabulary.Length)] + (random.Next(8) == 0 ? "s" : "")));
                await File.WriteAllTextAsync(Path.Combine(folder, $"{new DateOnly(2024, 1, 1).AddDays(i % 1000):yyyy-MM-dd}-report-{i}.md"), $"""
                    ---
                    title: "Report {i}: {Vocabulary[i % Vocabulary.Length]} and {Vocabulary[(i * 7) % Vocabulary.Length]}"
                    authors: [analyst{i % 5}@acme.example]
                    tldr: "{Vocabulary[(i * 3) % Vocabulary.Length]} moved."
                    created: {new DateOnly(2024, 1, 1).AddDays(i % 1000):yyyy-MM-dd}
                    tags: [{Vocabulary[i % 7]}]
                    project: p{i % 10}
                    status: published
                    ---

                    {words}
                    """).ConfigureAwait(false);
            }

            await using var state = await Database.OpenAsync(SqliteEngine.Instance, SqliteEngine.ConnectionString(Path.Combine(dir, "state.db")), StoreKind.State).ConfigureAwait(false);
            var index = new ReportIndex(state);
            var sw = Stopwatch.StartNew();
            var first = await index.RefreshAsync(dir, folder).ConfigureAwait(false);
            var indexSeconds = sw.Elapsed.TotalSeconds;
            sw.Restart();
            await index.RefreshAsync(dir, folder).ConfigureAwait(false);
            var unchangedSeconds = sw.Elapsed.TotalSeconds;

            var queries = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? Vocabulary[random.Next(Vocabulary.Length)] : $"{Vocabulary[random.Next(Vocabulary.Length)]} {Vocabulary[random.Next(Vocabulary.Length)]}").ToList();
            var fts = new List<double>();
            var like = new List<double>();
            foreach (var q in queries.Take(5))
            {
                await index.SearchAsync(new SearchRequest(q)).ConfigureAwait(false);
            }

            foreach (var q in queries)
            {
                sw.Restart();
                var hits = await index.SearchAsync(new SearchRequest(q)).ConfigureAwait(false);
                fts.Add(sw.Elapsed.TotalMilliseconds);
                if (hits.Count == 0)
                {
                    throw new InvalidOperationException($"no hit for '{q}'");
                }
            }

            foreach (var q in queries.Take(40))
            {
                sw.Restart();
                await using var cmd = state.Command($"SELECT path, title FROM {state.Engine.Meta("reports")} WHERE {string.Join(" AND ", q.Split(' ').Select((_, k) => $"(body LIKE @w{k} OR title LIKE @w{k})"))} ORDER BY created DESC LIMIT 20");
                var words = q.Split(' ');
                for (var k = 0; k < words.Length; k++)
                {
                    cmd.Bind($"@w{k}", "%" + words[k] + "%");
                }

                await using var reader = await cmd.ExecuteReaderAsync().ConfigureAwait(false);
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                }

                like.Add(sw.Elapsed.TotalMilliseconds);
            }

            double P(List<double> xs, double p) => xs.Order().ElementAt((int)Math.Ceiling(p * xs.Count) - 1);
            Console.WriteLine($"reports                     {first.Added:N0}");
            Console.WriteLine($"index (first, all new)      {indexSeconds:0.00} s   (target <= 10 s)");
            Console.WriteLine($"re-index, nothing changed   {unchangedSeconds * 1000:0} ms");
            Console.WriteLine($"query p50 / p95 (FTS5 BM25) {P(fts, 0.5):0.0} ms / {P(fts, 0.95):0.0} ms   (target p95 <= 50 ms)");
            Console.WriteLine($"reference: LIKE scan p50 / p95 {P(like, 0.5):0.0} ms / {P(like, 0.95):0.0} ms");
            Console.WriteLine($"ratio (LIKE p95 / FTS p95)  {P(like, 0.95) / P(fts, 0.95):0.0}x");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, true);
        }
    }
}
