using System.Globalization;

namespace LeanML.Projects;

/// <summary>
/// Transform builds and failing data tests (the warehouse's <c>leanml.transform_builds</c> and
/// <c>leanml.data_test_results</c>), attributed to the projects whose dataset SQL reads the transform or table, directly
/// or through other transforms. A failing error-severity test is off track for those projects.
/// </summary>
public sealed class TransformEventSource : IProjectEventSource
{
    /// <inheritdoc />
    public string Kind => "build";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProjectEvent>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Warehouse is not { } warehouse)
        {
            return [];
        }

        var builds = new List<(string Name, string Status, long? Rows, DateTimeOffset At, string Id, string? Message, string Sql)>();
        await using (var cmd = warehouse.Command($"SELECT transform_name, status, row_count, finished_at, build_id, message, sql_text FROM {warehouse.Engine.Meta("transform_builds")} ORDER BY id"))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                builds.Add((r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture), Time(r.GetString(3)), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6)));
            }
        }

        var failures = new List<(string Relation, string Test, string Severity, long Failing, DateTimeOffset At, string RunId)>();
        await using (var cmd = warehouse.Command($"SELECT relation_name, test_name, severity, failing_rows, tested_at, run_id FROM {warehouse.Engine.Meta("data_test_results")} WHERE status IN ('fail', 'error') ORDER BY id"))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                failures.Add((r.GetString(0), r.GetString(1), r.GetString(2), Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture), Time(r.GetString(4)), r.GetString(5)));
            }
        }

        // The SQL of each transform (its file, else its last build), to follow a project's reads through the transforms
        // it reads — also those never built because one upstream failed.
        var sqlOf = builds.GroupBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Sql, StringComparer.OrdinalIgnoreCase);
        var folder = Path.Combine(context.Workspace.Root, "transforms");
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.sql"))
            {
                sqlOf[Path.GetFileNameWithoutExtension(file)] = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        var reads = context.Projects.ToDictionary(p => p.Name, p => Reads(p.DatasetSql, sqlOf), StringComparer.Ordinal);
        List<string> ProjectsOf(string relation) => [.. reads.Where(p => p.Value.Contains(relation)).Select(p => p.Key)];

        var events = new List<ProjectEvent>();
        foreach (var b in builds.Where(b => b.At >= context.From && b.Status != "skipped"))
        {
            var text = b.Status == "built"
                ? string.Create(CultureInfo.InvariantCulture, $"transform {b.Name} built{(b.Rows is { } n ? $" ({n:N0} rows)" : "")}")
                : $"transform {b.Name} {b.Status}: the previous version was kept{(b.Message is null ? "" : " (" + b.Message + ")")}";
            events.AddRange(Attribute(ProjectsOf(b.Name), b.At, text, b.Id, HealthSignal.None));
        }

        foreach (var f in failures.Where(f => f.At >= context.From))
        {
            var blocking = f.Severity == "error";
            var text = string.Create(CultureInfo.InvariantCulture, $"data test {f.Test} on {f.Relation} failed ({f.Failing:N0} failing rows, severity {f.Severity}; leanml test --history {f.Relation})");
            events.AddRange(Attribute(ProjectsOf(f.Relation), f.At, text, f.RunId, blocking ? HealthSignal.FailingErrorTest : HealthSignal.None));
        }

        return events;
    }

    private IEnumerable<ProjectEvent> Attribute(List<string> projects, DateTimeOffset at, string text, string link, HealthSignal signal) =>
        projects.Count == 0
            ? [new ProjectEvent(null, at, Kind, text, link, signal)]
            : projects.Select(p => new ProjectEvent(p, at, Kind, text, link, signal));

    /// <summary>Every relation the SQL reads, following transforms to what they read (cycles are stopped by the set).</summary>
    private static HashSet<string> Reads(string? sql, Dictionary<string, string> sqlOf)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (sql is null)
        {
            return seen;
        }

        var pending = new Stack<string>([sql]);
        while (pending.Count > 0)
        {
            var text = pending.Pop();
            foreach (var (name, inner) in sqlOf)
            {
                if (!seen.Contains(name) && IngestEventSource.ReadsTable(text, name))
                {
                    seen.Add(name);
                    pending.Push(inner);
                }
            }
        }

        return seen;
    }

    private static DateTimeOffset Time(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
