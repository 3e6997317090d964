using LeanML.Storage;
using static LeanML.Experiments.DbValues;

namespace LeanML.Experiments;

/// <summary>Registered experiments and their sticky assignments in the metadata store.</summary>
public sealed class ExperimentStore(Database warehouse) : MetadataStore(warehouse)
{
    /// <summary>Registers an experiment; an input error when it already exists.</summary>
    public async Task<ExperimentRecord> CreateAsync(string name, string salt, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        var existing = await FindAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            throw new LeanMLInputException($"the experiment '{name}' was already created on {existing.CreatedAt:yyyy-MM-dd HH:mm} UTC; see it with 'leanml experiment show {name}'.", field: "NAME");
        }

        await using var cmd = Database.Command($"INSERT INTO {Table("experiments")} (name, salt, created_at_ms) VALUES (@n, @s, @t)");
        cmd.Bind("@n", name);
        cmd.Bind("@s", salt);
        cmd.Bind("@t", Ms(createdAt));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new ExperimentRecord(name, salt, DateTimeOffset.FromUnixTimeMilliseconds(Ms(createdAt)), null);
    }

    /// <summary>An experiment by name, or null.</summary>
    public async Task<ExperimentRecord?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        (await ReadAsync("WHERE name = @n", name, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>Every registered experiment, newest first.</summary>
    public Task<List<ExperimentRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("", null, cancellationToken);

    /// <summary>Marks an experiment stopped: no new units are assigned and later events are not analysed.</summary>
    public async Task<ExperimentRecord> StopAsync(ExperimentRecord experiment, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (!experiment.Running)
        {
            return experiment;
        }

        await using var cmd = Database.Command($"UPDATE {Table("experiments")} SET stopped_at_ms = @t WHERE name = @n AND stopped_at_ms IS NULL");
        cmd.Bind("@n", experiment.Name);
        cmd.Bind("@t", Ms(at));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return experiment with { StoppedAt = DateTimeOffset.FromUnixTimeMilliseconds(Ms(at)) };
    }

    /// <summary>
    /// Assigns each unit once: a unit already recorded keeps its variant (sticky, even after the weights change);
    /// a new unit gets <paramref name="choose"/>'s variant, recorded with the exposure time. One transaction.
    /// </summary>
    public async Task<IReadOnlyList<Assignment>> AssignAsync(string experiment, IReadOnlyList<string> units, Func<string, string> choose, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var result = new List<Assignment>(units.Count);
        await using var tx = await Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = Database.Command(
            $"INSERT INTO {Table("assignments")} (experiment, unit, variant, assigned_at_ms) VALUES (@e, @u, @v, @t) ON CONFLICT (experiment, unit) DO NOTHING", tx);
        insert.Bind("@e", experiment);
        var insertUnit = AddSlot(insert, "@u");
        var insertVariant = AddSlot(insert, "@v");
        insert.Bind("@t", Ms(at));
        await using var select = Database.Command($"SELECT variant, assigned_at_ms FROM {Table("assignments")} WHERE experiment = @e AND unit = @u", tx);
        select.Bind("@e", experiment);
        var selectUnit = AddSlot(select, "@u");
        foreach (var unit in units)
        {
            insertUnit.Value = unit;
            insertVariant.Value = choose(unit);
            var inserted = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            selectUnit.Value = unit;
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            result.Add(new Assignment(unit, reader.GetString(0), Time(reader.GetValue(1)), inserted));
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>The recorded assignment of one unit, or null.</summary>
    public async Task<Assignment?> FindAssignmentAsync(string experiment, string unit, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"SELECT variant, assigned_at_ms FROM {Table("assignments")} WHERE experiment = @e AND unit = @u");
        cmd.Bind("@e", experiment);
        cmd.Bind("@u", unit);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new Assignment(unit, reader.GetString(0), Time(reader.GetValue(1)), false) : null;
    }

    /// <summary>Assigned units per variant.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(string experiment, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"SELECT variant, COUNT(*) FROM {Table("assignments")} WHERE experiment = @e GROUP BY variant");
        cmd.Bind("@e", experiment);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = Long(reader.GetValue(1));
        }

        return counts;
    }

    private async Task<List<ExperimentRecord>> ReadAsync(string where, string? name, CancellationToken cancellationToken)
    {
        await using var cmd = Database.Command($"SELECT name, salt, created_at_ms, stopped_at_ms FROM {Table("experiments")} {where} ORDER BY created_at_ms DESC, name");
        if (name is not null)
        {
            cmd.Bind("@n", name);
        }

        var list = new List<ExperimentRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ExperimentRecord(reader.GetString(0), reader.GetString(1), Time(reader.GetValue(2)), reader.IsDBNull(3) ? null : Time(reader.GetValue(3))));
        }

        return list;
    }
}
