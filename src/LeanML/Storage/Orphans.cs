namespace LeanML.Storage;

/// <summary>
/// Removes what a killed command left behind — the quarantine file of an ingest whose load was never logged, the run
/// folder of a training that never recorded its run — so the workspace holds only what its stores describe. Harmless
/// leftovers, but confusing ones: a quarantine nobody can show, a run folder no command lists.
/// </summary>
internal static class Orphans
{
    // A training writes its run folder moments before it records the run: a folder this old without a record is orphaned.
    private static readonly TimeSpan RunGrace = TimeSpan.FromMinutes(10);

    // On PostgreSQL another machine may be ingesting right now; its file is left alone for a day.
    private static readonly TimeSpan SharedGrace = TimeSpan.FromDays(1);

    /// <summary>After the warehouse opened for writing: quarantine files with no load in the ingest log.</summary>
    public static async Task RemoveQuarantinesAsync(Database warehouse, Workspace.Workspace workspace, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(workspace.QuarantineDir))
        {
            return;
        }

        // DuckDB has one writer at a time, and it is this process: no load is under way.
        var grace = warehouse.Engine is DuckDb.DuckDbEngine ? TimeSpan.Zero : SharedGrace;
        var files = Directory.GetFiles(workspace.QuarantineDir, "*.jsonl").Where(f => DateTime.UtcNow - File.GetLastWriteTimeUtc(f) >= grace).ToList();
        if (files.Count == 0)
        {
            return;
        }

        var logged = await IdsAsync(warehouse, $"SELECT load_id FROM {warehouse.Engine.Meta("ingest_log")}", cancellationToken).ConfigureAwait(false);
        foreach (var file in files.Where(f => !logged.Contains(Path.GetFileNameWithoutExtension(f))))
        {
            TryDelete(() => File.Delete(file));
        }
    }

    /// <summary>After the state store opened: run folders with no run in the registry, older than a training needs to record one.</summary>
    public static async Task RemoveRunFoldersAsync(Database state, Workspace.Workspace workspace, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(workspace.RunsDir))
        {
            return;
        }

        var old = Directory.GetDirectories(workspace.RunsDir).Where(d => DateTime.UtcNow - Directory.GetLastWriteTimeUtc(d) >= RunGrace).ToList();
        if (old.Count == 0)
        {
            return;
        }

        var recorded = await IdsAsync(state, $"SELECT id FROM {state.Engine.Meta("runs")}", cancellationToken).ConfigureAwait(false);
        foreach (var dir in old.Where(d => !recorded.Contains(Path.GetFileName(d))))
        {
            TryDelete(() => Directory.Delete(dir, recursive: true));
        }
    }

    private static async Task<HashSet<string>> IdsAsync(Database database, string sql, CancellationToken ct)
    {
        await using var cmd = database.Command(sql);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next command: cleaning up never fails the command the user ran.
        }
    }
}
