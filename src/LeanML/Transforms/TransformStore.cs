using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeanML.Storage;

namespace LeanML.Transforms;

/// <summary>
/// Transform builds and data-test results, in the warehouse's metadata (schema <c>leanml</c>): the live version of each
/// transform is its latest build with status <c>built</c>; every test result is kept.
/// </summary>
public sealed class TransformStore(Database warehouse) : MetadataStore(warehouse)
{
    private const string BuildColumns = "build_id, transform_name, file_path, materialized, sql_hash, sql_text, fingerprint, status, row_count, started_at, finished_at, message";
    private const string ResultColumns = "run_id, relation_kind, relation_name, table_name, test_name, test_kind, column_name, severity, status, failing_rows, row_count, observed, examples, message, phase, tested_at";

    /// <summary>The latest successful build of a transform (its live version), or null when it was never built.</summary>
    public async Task<TransformBuildRecord?> LiveAsync(string transform, CancellationToken ct = default)
    {
        await using var cmd = Database.Command($"SELECT {BuildColumns} FROM {Table("transform_builds")} WHERE transform_name = @n AND status = 'built' ORDER BY id DESC LIMIT 1");
        cmd.Bind("@n", transform);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadBuild(r) : null;
    }

    /// <summary>The names LeanML has ever built a transform under (so a build never replaces a table a user loaded).</summary>
    public async Task<HashSet<string>> BuiltNamesAsync(CancellationToken ct = default)
    {
        await using var cmd = Database.Command($"SELECT DISTINCT transform_name FROM {Table("transform_builds")}");
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            names.Add(r.GetString(0));
        }

        return names;
    }

    /// <summary>Records a build (inside the swap's transaction when it swapped).</summary>
    public async Task InsertBuildAsync(TransformBuildRecord b, DbTransaction? tx, CancellationToken ct = default)
    {
        await using var cmd = Database.Command($"INSERT INTO {Table("transform_builds")} ({BuildColumns}) VALUES (@b, @n, @f, @m, @h, @s, @fp, @st, @rc, @sa, @fa, @msg)", tx);
        cmd.Bind("@b", b.BuildId);
        cmd.Bind("@n", b.Transform);
        cmd.Bind("@f", b.File);
        cmd.Bind("@m", b.Materialized);
        cmd.Bind("@h", b.SqlHash);
        cmd.Bind("@s", b.Sql);
        cmd.Bind("@fp", b.Fingerprint);
        cmd.Bind("@st", b.Status);
        cmd.Bind("@rc", b.RowCount);
        cmd.Bind("@sa", Iso(b.StartedAt));
        cmd.Bind("@fa", Iso(b.FinishedAt));
        cmd.Bind("@msg", b.Message);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Keeps test results, passed or failed, with their examples.</summary>
    public async Task InsertResultsAsync(IEnumerable<DataTestResult> results, DbTransaction? tx, CancellationToken ct = default)
    {
        foreach (var t in results)
        {
            await using var cmd = Database.Command($"INSERT INTO {Table("data_test_results")} ({ResultColumns}) VALUES (@run, @rk, @rn, @tn, @test, @kind, @col, @sev, @st, @fr, @rc, @obs, @ex, @msg, @ph, @at)", tx);
            cmd.Bind("@run", t.RunId);
            cmd.Bind("@rk", t.RelationKind);
            cmd.Bind("@rn", t.Relation);
            cmd.Bind("@tn", t.Table);
            cmd.Bind("@test", t.Test);
            cmd.Bind("@kind", t.Kind);
            cmd.Bind("@col", t.Column);
            cmd.Bind("@sev", t.Severity);
            cmd.Bind("@st", StatusName(t.Status));
            cmd.Bind("@fr", t.FailingRows);
            cmd.Bind("@rc", t.RowCount);
            cmd.Bind("@obs", t.Observed);
            cmd.Bind("@ex", ExamplesJson(t.Examples));
            cmd.Bind("@msg", t.Message);
            cmd.Bind("@ph", t.Phase);
            cmd.Bind("@at", Iso(t.TestedAt));
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The results kept for a relation, newest first.</summary>
    public async Task<IReadOnlyList<DataTestResult>> HistoryAsync(string relation, int limit, CancellationToken ct = default)
    {
        await using var cmd = Database.Command($"SELECT {ResultColumns} FROM {Table("data_test_results")} WHERE relation_name = @n ORDER BY id DESC LIMIT {Math.Max(1, limit)}");
        cmd.Bind("@n", relation);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<DataTestResult>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new DataTestResult(r.GetString(2), r.GetString(1), r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7),
                ParseStatus(r.GetString(8)), Convert.ToInt64(r.GetValue(9), CultureInfo.InvariantCulture), ParseExamples(r.GetString(12)))
            {
                RunId = r.GetString(0),
                Table = r.GetString(3),
                RowCount = r.IsDBNull(10) ? null : Convert.ToInt64(r.GetValue(10), CultureInfo.InvariantCulture),
                Observed = r.IsDBNull(11) ? null : r.GetString(11),
                Message = r.IsDBNull(13) ? null : r.GetString(13),
                Phase = r.GetString(14),
                TestedAt = DateTimeOffset.Parse(r.GetString(15), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            });
        }

        return list;
    }

    /// <summary>The row count the latest earlier result of a relation saw (a source's "previous" for row_count_change).</summary>
    public async Task<long?> LastRowCountAsync(string relation, CancellationToken ct = default)
    {
        await using var cmd = Database.Command($"SELECT row_count FROM {Table("data_test_results")} WHERE relation_name = @n AND row_count IS NOT NULL ORDER BY id DESC LIMIT 1");
        cmd.Bind("@n", relation);
        var value = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// What stands for the current contents of a warehouse table in a transform's fingerprint: its latest successful
    /// load (ingest log), else — a table LeanML did not load itself — its row count.
    /// </summary>
    public async Task<string> TableVersionAsync(RelationReference table, CancellationToken ct = default)
    {
        if (TransformProject.IsUserSchema(table.Schema))
        {
            await using var cmd = Database.Command($"SELECT load_id, finished_at FROM {Table("ingest_log")} WHERE LOWER(table_name) = LOWER(@t) AND outcome = 'loaded' ORDER BY finished_at DESC, load_id DESC LIMIT 1");
            cmd.Bind("@t", table.Name);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                return $"load {r.GetValue(0)} at {r.GetValue(1)}";
            }
        }

        var name = table.Schema is null ? SqlNames.Quote(table.Name) : $"{SqlNames.Quote(table.Schema)}.{SqlNames.Quote(table.Name)}";
        await using var count = Database.Command($"SELECT COUNT(*) FROM {name}");
        return $"rows {Convert.ToInt64(await count.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture)}";
    }

    /// <summary>The snake_case name of a status, as stored and printed.</summary>
    public static string StatusName(DataTestStatus status) => status switch
    {
        DataTestStatus.Pass => "pass",
        DataTestStatus.Warn => "warn",
        DataTestStatus.Fail => "fail",
        _ => "error",
    };

    private static DataTestStatus ParseStatus(string text) => text switch
    {
        "pass" => DataTestStatus.Pass,
        "warn" => DataTestStatus.Warn,
        "fail" => DataTestStatus.Fail,
        _ => DataTestStatus.Error,
    };

    private static TransformBuildRecord ReadBuild(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
        r.IsDBNull(8) ? null : Convert.ToInt64(r.GetValue(8), CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(r.GetString(9), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        DateTimeOffset.Parse(r.GetString(10), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        r.IsDBNull(11) ? null : r.GetString(11));

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    // Written without the serializer (plain values only), so no JSON metadata is needed for it.
    private static string ExamplesJson(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            foreach (var row in rows)
            {
                w.WriteStartObject();
                foreach (var (k, v) in row)
                {
                    w.WritePropertyName(k);
                    switch (v)
                    {
                        case null: w.WriteNullValue(); break;
                        case long l: w.WriteNumberValue(l); break;
                        case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
                        case bool b: w.WriteBooleanValue(b); break;
                        default: w.WriteStringValue(Convert.ToString(v, CultureInfo.InvariantCulture)); break;
                    }
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static List<IReadOnlyDictionary<string, object?>> ParseExamples(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var row in doc.RootElement.EnumerateArray())
        {
            var d = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in row.EnumerateObject())
            {
                d[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => p.Value.TryGetInt64(out var l) ? (object)l : p.Value.GetDouble(),
                    _ => p.Value.GetString(),
                };
            }

            rows.Add(d);
        }

        return rows;
    }
}
