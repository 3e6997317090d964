using System.Diagnostics;
using System.Globalization;
using System.Text;
using LeanML.Examples;
using LeanML.Storage;
using LeanML.Transforms;

namespace LeanML.Bench;

/// <summary>
/// Build scenario: planning a <c>leanml build</c> — reading transforms/*.sql and their YAML, finding each one's
/// references in its SQL, checking them against a real DuckDB warehouse's catalog, ordering by dependencies — for the
/// example company's transforms and for a generated project of 200 transforms (layers of CTEs, joins, comments and
/// strings over 10 raw tables). Target: each plan ≤ 1 s. Median of 5 runs after one warm-up.
/// Usage: build [TRANSFORMS] (default 200).
/// </summary>
internal static class BuildBench
{
    private const int RawTables = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var dir = Directory.CreateTempSubdirectory("leanml-bench-build-").FullName;
        try
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"build planning: the example's transforms and a generated project of {count} transforms; {Environment.ProcessorCount} cores"));
            var example = Path.Combine(dir, "example");
            ExampleCompany.Write(example, new ExampleCompanyOptions(Customers: 10), CancellationToken.None);
            var generated = Path.Combine(dir, "generated");
            Generate(generated, count);

            await using var warehouse = await Database.OpenAsync(Storage.DuckDb.DuckDbEngine.Instance, Storage.DuckDb.DuckDbEngine.ConnectionString(Path.Combine(dir, "w.duckdb")), StoreKind.Warehouse).ConfigureAwait(false);
            foreach (var table in new[] { "stripe_subscriptions", "stripe_payments", "hubspot_contacts", "helpdesk_tickets", "product_usage_weekly", "plans" }
                         .Concat(Enumerable.Range(0, RawTables).Select(i => $"raw_{i}")))
            {
                await using var cmd = warehouse.Command($"CREATE TABLE {SqlNames.Quote(table)} (id BIGINT)");
                await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            Console.WriteLine($"{"project",-24} {"transforms",10} {"SQL KiB",8} {"plan s (median)",16} {"target s",9} {"plan/target",12}");
            foreach (var (name, root) in new[] { ("example company", example), ($"generated ({count})", generated) })
            {
                var builder = new TransformBuilder(warehouse);
                var times = new List<double>();
                var transforms = 0;
                for (var run = 0; run < 6; run++)
                {
                    var clock = Stopwatch.StartNew();
                    var project = TransformProject.Load(root);
                    var plan = await builder.PlanAsync(project, [], []).ConfigureAwait(false);
                    clock.Stop();
                    transforms = plan.Order.Count;
                    if (run > 0)
                    {
                        times.Add(clock.Elapsed.TotalSeconds);
                    }
                }

                var kib = Directory.GetFiles(Path.Combine(root, "transforms"), "*.sql").Sum(f => new FileInfo(f).Length) / 1024.0;
                var median = times.Order().ElementAt(times.Count / 2);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-24} {transforms,10} {kib,8:0.0} {median,16:0.0000} {1.0,9:0.0} {median / 1.0,12:0.0000}"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Transform i reads two or three earlier transforms (or raw tables for the first layer), through CTEs, joins,
    // subqueries, comments and strings that mention other names, with tests on each; deterministic.
    private static void Generate(string root, int count)
    {
        var dir = Path.Combine(root, "transforms");
        Directory.CreateDirectory(dir);
        var random = new Random(20);
        for (var i = 0; i < count; i++)
        {
            string Input() => i < 10 || random.Next(4) == 0 ? $"raw_{random.Next(RawTables)}" : $"t_{random.Next(Math.Max(0, i - 30), i):D3}";
            var (a, b, c) = (Input(), Input(), Input());
            var sql = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"-- materialized: {(i % 3 == 0 ? "table" : "view")}")
                .AppendLine(CultureInfo.InvariantCulture, $"-- transform {i}: reads {a}, {b} and {c} (FROM t_999 in a comment is not a reference)")
                .AppendLine(CultureInfo.InvariantCulture, $"WITH base AS (SELECT id, 'FROM not_a_table' AS note FROM {a}),")
                .AppendLine(CultureInfo.InvariantCulture, $"  other (id) AS (SELECT id FROM {b} WHERE EXTRACT(year FROM DATE '2026-01-01') = 2026),")
                .AppendLine("  /* a block comment JOIN nothing */ agg AS MATERIALIZED (SELECT id, COUNT(*) AS n FROM base GROUP BY id)")
                .AppendLine("SELECT b.id, a.n, o.id AS other_id")
                .AppendLine("FROM base b")
                .AppendLine("JOIN agg a ON a.id = b.id")
                .AppendLine("LEFT JOIN other o ON o.id = b.id")
                .AppendLine(CultureInfo.InvariantCulture, $"WHERE EXISTS (SELECT 1 FROM \"{c}\" x WHERE x.id IS NOT DISTINCT FROM b.id)")
                .AppendLine(CultureInfo.InvariantCulture, $"  AND b.id IN (SELECT id FROM (SELECT id FROM {a}) AS s)");
            File.WriteAllText(Path.Combine(dir, $"t_{i:D3}.sql"), sql.ToString());
            File.WriteAllText(Path.Combine(dir, $"t_{i:D3}.yaml"), """
                columns:
                  - name: id
                    tests: [unique, not_null]
                  - name: n
                    tests:
                      - accepted_range: {min: 1}
                tests:
                  - row_count: {min: 0}
                """);
        }
    }
}
