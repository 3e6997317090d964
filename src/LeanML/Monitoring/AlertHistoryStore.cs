using System.Globalization;
using LeanML.Storage;

namespace LeanML.Monitoring;

/// <summary>The alert history in the state store (<c>leanml.alerts</c>).</summary>
internal sealed class AlertHistoryStore(Database state)
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>When the rule's alert was last delivered on the channel, or null.</summary>
    public async Task<DateTimeOffset?> LastDeliveredAsync(string ruleKey, string channel, CancellationToken ct)
    {
        await using var cmd = state.Command($"SELECT MAX(sent_at) FROM {state.Engine.Meta("alerts")} WHERE rule_key = @k AND channel = @c AND delivered = 1");
        cmd.Bind("@k", ruleKey);
        cmd.Bind("@c", channel);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is string s
            ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : null;
    }

    /// <summary>Records one try on one channel.</summary>
    public async Task AddAsync(DateTimeOffset at, string ruleKey, AlertSignal signal, string channel, bool delivered, string? error, CancellationToken ct)
    {
        await using var cmd = state.Command($"""
            INSERT INTO {state.Engine.Meta("alerts")} (sent_at, project, kind, rule_key, channel, value, threshold, n, sentence, delivered, error)
            VALUES (@at, @p, @kind, @k, @c, @v, @t, @n, @s, @d, @e)
            """);
        cmd.Bind("@at", at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        cmd.Bind("@p", signal.Project);
        cmd.Bind("@kind", signal.Kind);
        cmd.Bind("@k", ruleKey);
        cmd.Bind("@c", channel);
        cmd.Bind("@v", signal.Value is { } v && double.IsFinite(v) ? v : null);
        cmd.Bind("@t", signal.Threshold);
        cmd.Bind("@n", signal.N);
        cmd.Bind("@s", signal.Sentence);
        cmd.Bind("@d", delivered ? 1L : 0L);
        cmd.Bind("@e", error);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The history, newest first, of one project or all.</summary>
    public async Task<IReadOnlyList<AlertHistoryEntry>> ListAsync(string? project, int limit, CancellationToken ct)
    {
        await using var cmd = state.Command($"""
            SELECT id, sent_at, project, kind, channel, value, threshold, n, sentence, delivered, error FROM {state.Engine.Meta("alerts")}
            {(project is null ? "" : "WHERE project = @p")} ORDER BY id DESC LIMIT {limit.ToString(CultureInfo.InvariantCulture)}
            """);
        if (project is not null)
        {
            cmd.Bind("@p", project);
        }

        var list = new List<AlertHistoryEntry>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new AlertHistoryEntry(
                Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                r.GetString(2),
                r.GetString(3),
                r.GetString(4),
                r.IsDBNull(5) ? null : Convert.ToDouble(r.GetValue(5), CultureInfo.InvariantCulture),
                Convert.ToDouble(r.GetValue(6), CultureInfo.InvariantCulture),
                Convert.ToInt64(r.GetValue(7), CultureInfo.InvariantCulture),
                r.GetString(8),
                Convert.ToInt64(r.GetValue(9), CultureInfo.InvariantCulture) == 1,
                r.IsDBNull(10) ? null : r.GetString(10)));
        }

        return list;
    }
}
