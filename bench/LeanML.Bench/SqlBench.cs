using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;

namespace LeanML.Bench;

/// <summary>
/// SQL scenario: the feature queries a data scientist writes (a GROUP BY over two columns, a window function, a join of
/// events to customers) over the same deterministic data in the DuckDB warehouse and in SQLite (the previous
/// warehouse), each query timed in-process on each engine (best of 2 runs) and the answers compared.
/// Usage: sql [ROWS...] (default 1000000 10000000 events; 100,000 customers).
/// </summary>
internal static class SqlBench
{
    private const int Customers = 100_000;

    private static readonly (string Name, string DuckDb, string Sqlite)[] Queries =
    [
        ("group by 2 columns",
            "SELECT COUNT(*), SUM(total) FROM (SELECT customer % 100 AS segment, day, SUM(amount) AS total FROM events GROUP BY segment, day) g",
            "SELECT COUNT(*), SUM(total) FROM (SELECT customer % 100 AS segment, day, SUM(amount) AS total FROM events GROUP BY segment, day) g"),
        ("window (7-event sums)",
            "SELECT COUNT(*), SUM(s) FROM (SELECT SUM(amount) OVER (PARTITION BY customer ORDER BY day, id ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS s FROM events) w",
            "SELECT COUNT(*), SUM(s) FROM (SELECT SUM(amount) OVER (PARTITION BY customer ORDER BY day, id ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS s FROM events) w"),
        ("join events to customers",
            "SELECT COUNT(*), SUM(n), SUM(total) FROM (SELECT c.plan, COUNT(*) AS n, SUM(e.amount) AS total FROM events e JOIN customers c ON c.id = e.customer GROUP BY c.plan) j",
            "SELECT COUNT(*), SUM(n), SUM(total) FROM (SELECT c.plan, COUNT(*) AS n, SUM(e.amount) AS total FROM events e JOIN customers c ON c.id = e.customer GROUP BY c.plan) j"),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
        if (sizes.Count == 0)
        {
            sizes = [1_000_000, 10_000_000];
        }

        var dir = Directory.CreateTempSubdirectory("leanml-bench-sql-").FullName;
        try
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sql: {Customers:N0} customers; events {string.Join(", ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))}; {Environment.ProcessorCount} cores"));
            Console.WriteLine($"{"query",-26} {"events",12} {"DuckDB s",9} {"SQLite s",9} {"ratio",7}  answers");
            foreach (var rows in sizes)
            {
                var duckPath = Path.Combine(dir, $"w{rows}.duckdb");
                var sqlitePath = Path.Combine(dir, $"w{rows}.db");
                await using var duck = new DuckDBConnection($"Data Source={duckPath}");
                await duck.OpenAsync().ConfigureAwait(false);
                await ExecuteAsync(duck, $"""
                    CREATE TABLE customers AS SELECT i AS id, ['basic', 'pro', 'team', 'enterprise'][(i % 4) + 1] AS plan FROM range({Customers}) t(i);
                    CREATE TABLE events AS SELECT i AS id, (i * 7919) % {Customers} AS customer, (i % 1000) / 10.0 AS amount,
                                                  CAST(DATE '2024-01-01' + CAST(i % 365 AS INTEGER) AS DATE) AS day
                                           FROM range({rows}) t(i);
                    """).ConfigureAwait(false);
                await using var sqlite = new SqliteConnection($"Data Source={sqlitePath};Pooling=False");
                await sqlite.OpenAsync().ConfigureAwait(false);
                await ExecuteAsync(sqlite, $"""
                    PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
                    CREATE TABLE customers (id INTEGER, plan TEXT);
                    CREATE TABLE events (id INTEGER, customer INTEGER, amount REAL, day TEXT);
                    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {Customers - 1})
                      INSERT INTO customers SELECT i, CASE i % 4 WHEN 0 THEN 'basic' WHEN 1 THEN 'pro' WHEN 2 THEN 'team' ELSE 'enterprise' END FROM n;
                    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {rows - 1})
                      INSERT INTO events SELECT i, (i * 7919) % {Customers}, (i % 1000) / 10.0, date('2024-01-01', '+' || (i % 365) || ' days') FROM n;
                    """).ConfigureAwait(false);

                foreach (var (name, duckSql, sqliteSql) in Queries)
                {
                    var (duckSeconds, duckAnswer) = await TimeAsync(duck, duckSql).ConfigureAwait(false);
                    var (sqliteSeconds, sqliteAnswer) = await TimeAsync(sqlite, sqliteSql).ConfigureAwait(false);
                    var same = duckAnswer == sqliteAnswer ? "equal" : $"DIFFER: {duckAnswer} vs {sqliteAnswer}";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-26} {rows,12:N0} {duckSeconds,9:0.000} {sqliteSeconds,9:0.000} {sqliteSeconds / duckSeconds,7:0.0}x  {same}"));
                }
            }

            Console.WriteLine("ratio = SQLite time / DuckDB time (expected >= 20x for these analytical queries).");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, true);
        }
    }

    // Best of two runs (the first also warms the page cache); the answer rounded so both engines' sums compare.
    private static async Task<(double Seconds, string Answer)> TimeAsync(DbConnection connection, string sql)
    {
        var best = double.MaxValue;
        var answer = "";
        for (var run = 0; run < 2; run++)
        {
            var clock = Stopwatch.StartNew();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.CommandTimeout = 0;
            await using var reader = await cmd.ExecuteReaderAsync().ConfigureAwait(false);
            await reader.ReadAsync().ConfigureAwait(false);
            answer = string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToDouble(reader.GetValue(i) is System.Numerics.BigInteger b ? (double)b : reader.GetValue(i), CultureInfo.InvariantCulture).ToString("0.###E+0", CultureInfo.InvariantCulture)));
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return (best, answer);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
