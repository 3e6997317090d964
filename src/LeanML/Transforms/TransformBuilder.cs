using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeanML.Internal;
using LeanML.Storage;

namespace LeanML.Transforms;

/// <summary>
/// Builds transforms in dependency order (<c>leanml build</c>): each into a shadow name, tested there, and swapped in
/// only when its blocking tests pass, in one transaction with its build record, so a failed build leaves the previous
/// version in place. Views that read the swapped relation are re-created from their live SQL in that transaction, so
/// they keep working on PostgreSQL, which binds a view to the relation it read. A transform whose SQL and upstream
/// loads are those of its live version is skipped.
/// </summary>
public sealed class TransformBuilder(Database warehouse, TimeProvider? time = null)
{
    /// <summary>The suffix of the name a transform is built under before its swap (reserved: no user table may contain it).</summary>
    public const string ShadowSuffix = "__leanml_shadow";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TransformStore _store = new(warehouse);

    /// <summary>
    /// Plans and builds <paramref name="project"/>'s transforms (all, or <paramref name="names"/> and
    /// <paramref name="selectors"/>); <paramref name="progress"/> hears one line per step.
    /// </summary>
    public async Task<BuildResult> BuildAsync(TransformProject project, IReadOnlyList<string> names, IReadOnlyList<string> selectors, Action<string>? progress, CancellationToken ct = default)
    {
        var plan = await PlanAsync(project, names, selectors, ct).ConfigureAwait(false);
        var buildId = Ulid.New(_time.GetUtcNow());
        var live = new Dictionary<string, TransformBuildRecord?>(StringComparer.Ordinal);
        foreach (var t in project.Transforms)
        {
            live[t.Name] = await _store.LiveAsync(t.Name, ct).ConfigureAwait(false);
        }

        var failed = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<TransformBuildResult>();
        foreach (var t in plan.Order)
        {
            ct.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var kind = t.Materialized == Materialization.Table ? "table" : "view";
            var upstreamFailed = t.DependsOn.FirstOrDefault(failed.Contains);
            if (upstreamFailed is not null)
            {
                failed.Add(t.Name);
                results.Add(new TransformBuildResult(t.Name, t.File, kind, BuildStatus.Blocked, null, 0, $"not built: {upstreamFailed}, which it reads, failed; the previous version stays", []));
                progress?.Invoke($"{t.Name,-28} blocked: {upstreamFailed} failed");
                continue;
            }

            var fingerprint = await FingerprintAsync(t, live, ct).ConfigureAwait(false);
            var current = live[t.Name];
            if (current is not null && current.Fingerprint == fingerprint && await KindAsync(t.Name, ct).ConfigureAwait(false) is not null)
            {
                results.Add(new TransformBuildResult(t.Name, t.File, kind, BuildStatus.Skipped, current.RowCount, clock.Elapsed.TotalSeconds, "unchanged: same SQL and upstream loads", []));
                progress?.Invoke($"{t.Name,-28} unchanged, skipped");
                continue;
            }

            progress?.Invoke($"{t.Name,-28} building ({kind})...");
            var result = await BuildOneAsync(project, t, kind, fingerprint, current, live, buildId, clock, ct).ConfigureAwait(false);
            if (result.Status != BuildStatus.Built)
            {
                failed.Add(t.Name);
            }

            results.Add(result);
            progress?.Invoke($"{t.Name,-28} {Describe(result)} ({result.Seconds:0.00} s)");
        }

        return new BuildResult(buildId, results);
    }

    /// <summary>
    /// The order a build would take, checked against the warehouse: every relation read exists, no transform would
    /// replace a table LeanML did not build, no cycle. Nothing is changed.
    /// </summary>
    public async Task<BuildPlan> PlanAsync(TransformProject project, IReadOnlyList<string> names, IReadOnlyList<string> selectors, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var relations = await RelationsAsync(ct).ConfigureAwait(false);
        var plan = BuildPlanner.Plan(project, r => Exists(relations, r), names, selectors);
        var built = await _store.BuiltNamesAsync(ct).ConfigureAwait(false);
        foreach (var t in plan.Order)
        {
            if (relations.ContainsKey(Key(null, t.Name)) && !built.Contains(t.Name))
            {
                throw new LeanMLInputException(
                    $"{t.File} would replace the {relations[Key(null, t.Name)]} '{t.Name}', which LeanML did not build (a loaded table?). Nothing was built. Rename the transform, e.g. {t.Name}_model.sql.",
                    t.File, field: "file name");
            }
        }

        return plan;
    }

    private async Task<TransformBuildResult> BuildOneAsync(TransformProject project, TransformDefinition t, string kind, string fingerprint, TransformBuildRecord? current,
        Dictionary<string, TransformBuildRecord?> live, string buildId, Stopwatch clock, CancellationToken ct)
    {
        var started = _time.GetUtcNow();
        var shadow = t.Name + ShadowSuffix;
        var record = new TransformBuildRecord(buildId, t.Name, t.File, kind, t.SqlHash, t.Sql, fingerprint, "built", null, started, started, null);
        await DropAsync(shadow, cascade: false, null, ct).ConfigureAwait(false);
        try
        {
            await ExecuteAsync($"CREATE {(t.Materialized == Materialization.Table ? "TABLE" : "VIEW")} {SqlNames.Quote(shadow)} AS {t.Sql}", null, ct).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            var message = $"{t.File}: the SQL failed: {ex.Message.Trim()}";
            await _store.InsertBuildAsync(record with { Status = "error", FinishedAt = _time.GetUtcNow(), Message = message }, null, ct).ConfigureAwait(false);
            return new TransformBuildResult(t.Name, t.File, kind, BuildStatus.Error, null, clock.Elapsed.TotalSeconds, message, []);
        }

        var target = new DataTestRunner.Target(t.Name, "transform", shadow, current?.RowCount, started, buildId, "build") { LiveTable = t.Name };
        var tests = await DataTestRunner.RunAsync(warehouse, target, t.Tests, ct).ConfigureAwait(false);
        var rows = await CountAsync(shadow, ct).ConfigureAwait(false);
        record = record with { RowCount = rows };
        var blocking = tests.Where(r => r.Blocking).ToList();
        if (blocking.Count > 0)
        {
            await DropAsync(shadow, cascade: false, null, ct).ConfigureAwait(false);
            var error = blocking.Any(b => b.Status == DataTestStatus.Error);
            var message = $"{blocking.Count} blocking test(s) failed ({string.Join(", ", blocking.Select(b => b.Test))}): the previous version stays";
            await using var tx = await warehouse.Connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await _store.InsertBuildAsync(record with { Status = error ? "error" : "failed", FinishedAt = _time.GetUtcNow(), Message = message }, tx, ct).ConfigureAwait(false);
            await _store.InsertResultsAsync(tests, tx, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return new TransformBuildResult(t.Name, t.File, kind, error ? BuildStatus.Error : BuildStatus.Failed, rows, clock.Elapsed.TotalSeconds, message, tests);
        }

        await using (var tx = await warehouse.Connection.BeginTransactionAsync(ct).ConfigureAwait(false))
        {
            try
            {
                await DropAsync(t.Name, cascade: true, tx, ct).ConfigureAwait(false);
                await ExecuteAsync($"ALTER {(t.Materialized == Materialization.Table ? "TABLE" : "VIEW")} {SqlNames.Quote(shadow)} RENAME TO {SqlNames.Quote(t.Name)}", tx, ct).ConfigureAwait(false);
                await RecreateDependantViewsAsync(project, t.Name, live, tx, ct).ConfigureAwait(false);
                await _store.InsertBuildAsync(record with { FinishedAt = _time.GetUtcNow() }, tx, ct).ConfigureAwait(false);
                await _store.InsertResultsAsync(tests, tx, ct).ConfigureAwait(false);
                await tx.CommitAsync(ct).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                await DropAsync(shadow, cascade: false, null, CancellationToken.None).ConfigureAwait(false);
                var message = $"{t.File}: swapping in the new version failed, the previous version stays: {ex.Message.Trim()}";
                await _store.InsertBuildAsync(record with { Status = "error", FinishedAt = _time.GetUtcNow(), Message = message }, null, ct).ConfigureAwait(false);
                return new TransformBuildResult(t.Name, t.File, kind, BuildStatus.Error, rows, clock.Elapsed.TotalSeconds, message, tests);
            }
        }

        live[t.Name] = record;
        var warned = tests.Count(r => r.Status == DataTestStatus.Warn);
        return new TransformBuildResult(t.Name, t.File, kind, BuildStatus.Built, rows, clock.Elapsed.TotalSeconds, warned == 0 ? null : $"{warned} warning(s)", tests);
    }

    // Views among the transforms downstream of the swapped one, re-created from their live SQL: PostgreSQL's DROP ...
    // CASCADE removed them with the old relation; DuckDB binds views by name, where re-creating changes nothing.
    private async Task RecreateDependantViewsAsync(TransformProject project, string swapped, Dictionary<string, TransformBuildRecord?> live, DbTransaction tx, CancellationToken ct)
    {
        var queue = new Queue<string>([swapped]);
        var done = new HashSet<string>(StringComparer.Ordinal) { swapped };
        var order = BuildPlanner.TopologicalOrder(project);
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            foreach (var dep in order.Where(d => d.DependsOn.Contains(name, StringComparer.Ordinal) && !done.Contains(d.Name)))
            {
                done.Add(dep.Name);
                if (live[dep.Name] is { Materialized: "view" } view)
                {
                    await ExecuteAsync($"CREATE OR REPLACE VIEW {SqlNames.Quote(dep.Name)} AS {view.Sql}", tx, ct).ConfigureAwait(false);
                    queue.Enqueue(dep.Name);
                }
            }
        }
    }

    // SHA-256 over the SQL's hash and what each input is now: an upstream transform's live fingerprint, a table's latest load.
    private async Task<string> FingerprintAsync(TransformDefinition t, Dictionary<string, TransformBuildRecord?> live, CancellationToken ct)
    {
        var text = new StringBuilder().Append("sql ").Append(t.SqlHash).Append('\n');
        foreach (var d in t.DependsOn.Order(StringComparer.Ordinal))
        {
            text.Append("transform ").Append(d).Append(' ').Append(live[d]?.Fingerprint ?? "never built").Append('\n');
        }

        foreach (var r in t.Tables.OrderBy(r => r.ToString(), StringComparer.Ordinal))
        {
            text.Append("table ").Append(r.ToString()).Append(' ').Append(await _store.TableVersionAsync(r, ct).ConfigureAwait(false)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Describe(TransformBuildResult r) => r.Status switch
    {
        BuildStatus.Built => string.Create(CultureInfo.InvariantCulture, $"built, {r.RowCount:N0} rows, {r.Tests.Count(x => x.Status == DataTestStatus.Pass)}/{r.Tests.Count} tests passed{(r.Message is null ? "" : ", " + r.Message)}"),
        _ => r.Status.ToString().ToLowerInvariant() + ": " + r.Message,
    };

    // Every relation of the warehouse's database, keyed by lower-case schema.name, with its kind.
    private async Task<Dictionary<string, string>> RelationsAsync(CancellationToken ct)
    {
        var relations = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var cmd = warehouse.Command("SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_catalog = current_database()");
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var name = r.GetString(1);
            if (!name.EndsWith(ShadowSuffix, StringComparison.Ordinal))
            {
                relations[Key(r.GetString(0), name)] = r.GetString(2) == "VIEW" ? "view" : "table";
            }
        }

        return relations;
    }

    private string Key(string? schema, string name) =>
        ((TransformProject.IsUserSchema(schema) ? warehouse.Engine.UserSchema ?? "main" : schema!) + "." + name).ToLowerInvariant();

    private bool Exists(Dictionary<string, string> relations, RelationReference r) => relations.ContainsKey(Key(r.Schema, r.Name));

    private async Task<string?> KindAsync(string name, CancellationToken ct, DbTransaction? tx = null)
    {
        await using var cmd = warehouse.Command("SELECT table_type FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = @s AND table_name = @n", tx);
        cmd.Bind("@s", warehouse.Engine.UserSchema ?? "main");
        cmd.Bind("@n", name);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) switch
        {
            "VIEW" => "VIEW",
            string => "TABLE",
            _ => null,
        };
    }

    private async Task DropAsync(string name, bool cascade, DbTransaction? tx, CancellationToken ct)
    {
        if (await KindAsync(name, ct, tx).ConfigureAwait(false) is { } kind)
        {
            await ExecuteAsync($"DROP {kind} {SqlNames.Quote(name)}{(cascade ? " CASCADE" : "")}", tx, ct).ConfigureAwait(false);
        }
    }

    private async Task ExecuteAsync(string sql, DbTransaction? tx, CancellationToken ct)
    {
        // Not through PrepareSql: the SQL holds the user's text, where '@' and '$' are theirs.
        await using var cmd = warehouse.Connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<long> CountAsync(string name, CancellationToken ct)
    {
        await using var cmd = warehouse.Command($"SELECT COUNT(*) FROM {SqlNames.Quote(name)}");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
