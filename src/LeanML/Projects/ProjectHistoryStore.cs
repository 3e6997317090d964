using System.Data.Common;
using System.Globalization;
using LeanML.Storage;

namespace LeanML.Projects;

/// <summary>Stage changes and health changes of projects, in the state store.</summary>
public sealed class ProjectHistoryStore(Database state) : MetadataStore(state)
{
    /// <summary>Records one stage change.</summary>
    public async Task AddStageChangeAsync(StageChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var cmd = Database.Command($"INSERT INTO {Table("stage_changes")} (project, from_stage, to_stage, changed_at, changed_by) VALUES (@p, @f, @t, @at, @by)");
        cmd.Bind("@p", change.Project);
        cmd.Bind("@f", change.From);
        cmd.Bind("@t", change.To);
        cmd.Bind("@at", Iso(change.ChangedAt));
        cmd.Bind("@by", change.ChangedBy);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stage changes at or after <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<StageChange>> StageChangesAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"SELECT project, from_stage, to_stage, changed_at, changed_by FROM {Table("stage_changes")} WHERE changed_at >= @since ORDER BY changed_at, id");
        cmd.Bind("@since", Iso(since));
        var list = new List<StageChange>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new StageChange(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), Time(r, 3), r.GetString(4)));
        }

        return list;
    }

    /// <summary>The last recorded health of each project.</summary>
    public async Task<IReadOnlyDictionary<string, HealthRecord>> LatestHealthAsync(CancellationToken cancellationToken = default)
    {
        var h = Table("health_history");
        await using var cmd = Database.Command($"SELECT project, status, reason, computed_at, previous FROM {h} WHERE id IN (SELECT MAX(id) FROM {h} GROUP BY project)");
        var map = new Dictionary<string, HealthRecord>(StringComparer.Ordinal);
        foreach (var record in await ReadHealthAsync(cmd, cancellationToken).ConfigureAwait(false))
        {
            map[record.Project] = record;
        }

        return map;
    }

    /// <summary>
    /// Records the health of each project whose status differs from its last record (a project's first health is
    /// recorded too, without a previous status). Returns the changes written.
    /// </summary>
    public async Task<IReadOnlyList<HealthRecord>> RecordHealthAsync(IEnumerable<(string Project, string Status, string Reason)> current, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        var latest = await LatestHealthAsync(cancellationToken).ConfigureAwait(false);
        var changes = new List<HealthRecord>();
        foreach (var (project, status, reason) in current)
        {
            var before = latest.GetValueOrDefault(project);
            if (before?.Status != status)
            {
                changes.Add(new HealthRecord(project, status, reason, at, before?.Status));
            }
        }

        if (changes.Count == 0)
        {
            return changes;
        }

        await using var tx = await Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Database.Command($"INSERT INTO {Table("health_history")} (project, status, reason, computed_at, previous) VALUES (@p, @s, @r, @at, @prev)", tx);
        foreach (var c in changes)
        {
            cmd.Parameters.Clear();
            cmd.Bind("@p", c.Project);
            cmd.Bind("@s", c.Status);
            cmd.Bind("@r", c.Reason);
            cmd.Bind("@at", Iso(c.At));
            cmd.Bind("@prev", c.Previous);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changes;
    }

    /// <summary>Health changes (records with a previous status) at or after <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<HealthRecord>> HealthChangesAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"SELECT project, status, reason, computed_at, previous FROM {Table("health_history")} WHERE computed_at >= @since AND previous IS NOT NULL ORDER BY id");
        cmd.Bind("@since", Iso(since));
        return await ReadHealthAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<HealthRecord>> ReadHealthAsync(DbCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<HealthRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new HealthRecord(r.GetString(0), r.GetString(1), r.GetString(2), Time(r, 3), r.IsDBNull(4) ? null : r.GetString(4)));
        }

        return list;
    }

    private static DateTimeOffset Time(DbDataReader r, int i) => DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    internal static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
