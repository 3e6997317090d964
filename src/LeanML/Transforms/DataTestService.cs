using LeanML.Internal;

namespace LeanML.Transforms;

/// <summary>
/// <c>leanml test [NAME]</c>: runs the data tests of transforms (on their live version) and sources (on their table),
/// keeps every result in the warehouse, and reads a relation's history back.
/// </summary>
public sealed class DataTestService(Storage.Database warehouse, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TransformStore _store = new(warehouse);

    /// <summary>Runs the tests of every transform and source, or of the one named <paramref name="name"/>.</summary>
    public async Task<DataTestRun> RunAsync(TransformProject project, string? name, Action<string>? progress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var transforms = project.Transforms.Where(t => name is null || t.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        var sources = project.Sources.Where(s => name is null || s.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || s.Table.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (name is not null && transforms.Count == 0 && sources.Count == 0)
        {
            var known = project.Transforms.Select(t => t.Name).Concat(project.Sources.Select(s => s.Name)).ToList();
            throw new LeanMLInputException(
                $"there is no transform or source '{name}'.{Suggestions.DidYouMean(name, known)} Known: {(known.Count == 0 ? "none (add transforms/*.sql or sources/*.yaml)" : string.Join(", ", known))}.",
                field: "NAME");
        }

        var now = _time.GetUtcNow();
        var runId = Ulid.New(now);
        var results = new List<DataTestResult>();
        foreach (var t in transforms.Where(t => t.Tests.Count > 0))
        {
            var live = await _store.LiveAsync(t.Name, ct).ConfigureAwait(false);
            var target = new DataTestRunner.Target(t.Name, "transform", t.Name, live?.RowCount, now, runId, "test");
            var r = await DataTestRunner.RunAsync(warehouse, target, t.Tests, ct).ConfigureAwait(false);
            Report(progress, t.Name, r);
            results.AddRange(r);
        }

        foreach (var s in sources.Where(s => s.Tests.Count > 0))
        {
            var previous = await _store.LastRowCountAsync(s.Name, ct).ConfigureAwait(false);
            var target = new DataTestRunner.Target(s.Name, "source", s.Table, previous, now, runId, "test");
            var r = await DataTestRunner.RunAsync(warehouse, target, s.Tests, ct).ConfigureAwait(false);
            Report(progress, s.Name, r);
            results.AddRange(r);
        }

        await using (var tx = await warehouse.Connection.BeginTransactionAsync(ct).ConfigureAwait(false))
        {
            await _store.InsertResultsAsync(results, tx, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }

        return new DataTestRun(runId, results);
    }

    /// <summary>The results kept for a transform or source, newest first.</summary>
    public Task<IReadOnlyList<DataTestResult>> HistoryAsync(string name, int limit, CancellationToken ct = default) =>
        _store.HistoryAsync(name, limit, ct);

    private static void Report(Action<string>? progress, string relation, IReadOnlyList<DataTestResult> results)
    {
        if (progress is null)
        {
            return;
        }

        foreach (var r in results)
        {
            progress($"{TransformStore.StatusName(r.Status).ToUpperInvariant(),-5} {relation}: {r.Test}{(r.Message is null ? "" : " - " + r.Message)}");
        }
    }
}
