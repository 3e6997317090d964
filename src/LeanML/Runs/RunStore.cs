using LeanML.Internal;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using LeanML.Storage;

namespace LeanML.Runs;

/// <summary>Training runs and promotions in the metadata store.</summary>
public sealed class RunStore(Database warehouse) : MetadataStore(warehouse)
{
    private const string Columns = "id, project, created_at, task, metric, model_value, baseline_value, lift, bar_met, verdict, seed, fingerprint, artifacts, details";

    /// <summary>Records a finished run.</summary>
    public async Task InsertAsync(TrainingRunRecord run, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"""
            INSERT INTO {Table("runs")} ({Columns})
            VALUES (@id, @project, @created_at, @task, @metric, @model_value, @baseline_value, @lift, @bar_met, @verdict, @seed, @fingerprint, @artifacts, @details)
            """);
        cmd.Bind("@id", run.Id);
        cmd.Bind("@project", run.Project);
        cmd.Bind("@created_at", Iso(run.CreatedAt));
        cmd.Bind("@task", run.Task);
        cmd.Bind("@metric", run.Metric);
        cmd.Bind("@model_value", run.ModelValue);
        cmd.Bind("@baseline_value", run.BaselineValue);
        cmd.Bind("@lift", run.Lift);
        cmd.Bind("@bar_met", run.BarMet ? 1 : 0);
        cmd.Bind("@verdict", run.Verdict);
        cmd.Bind("@seed", run.Seed);
        cmd.Bind("@fingerprint", run.Fingerprint);
        cmd.Bind("@artifacts", JsonSerializer.Serialize(run.Artifacts, LeanMLJson.Plain.Info<IReadOnlyDictionary<string, string>>()));
        cmd.Bind("@details", run.Details);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A run by its id or a unique prefix of it; null when none matches. An empty prefix is an input error.</summary>
    public async Task<TrainingRunRecord?> FindAsync(string idOrPrefix, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(idOrPrefix))
        {
            throw new LeanMLInputException("the run id is empty; give a run id or the first characters of one (list runs with 'leanml runs').", field: "RUN");
        }

        // The prefix is compared as text, not with LIKE: '%' and '_' are wildcards there, and "%" picked whichever run
        // came first.
        await using var cmd = Database.Command($"SELECT {Columns} FROM {Table("runs")} WHERE SUBSTR(id, 1, @length) = @prefix ORDER BY id LIMIT 2");
        cmd.Bind("@length", idOrPrefix.Length);
        cmd.Bind("@prefix", idOrPrefix);
        var runs = await ReadAsync(cmd, cancellationToken).ConfigureAwait(false);
        var exact = runs.FirstOrDefault(r => r.Id == idOrPrefix);
        if (exact is not null)
        {
            return exact;
        }

        return runs.Count switch
        {
            0 => null,
            1 => runs[0],
            _ => throw new LeanMLInputException($"the run id prefix '{idOrPrefix}' matches several runs; give more characters.", field: "RUN"),
        };
    }

    /// <summary>A run that must exist; otherwise an input error telling how to list runs.</summary>
    public async Task<TrainingRunRecord> GetAsync(string idOrPrefix, CancellationToken cancellationToken = default) =>
        await FindAsync(idOrPrefix, cancellationToken).ConfigureAwait(false)
        ?? throw new LeanMLInputException($"no run '{idOrPrefix}'. List runs with 'leanml runs'.", field: "RUN");

    /// <summary>Runs newest first, of one project or of all.</summary>
    public async Task<IReadOnlyList<TrainingRunRecord>> ListAsync(string? project = null, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"SELECT {Columns} FROM {Table("runs")} {(project is null ? "" : "WHERE project = @project")} ORDER BY created_at DESC, id DESC");
        if (project is not null)
        {
            cmd.Bind("@project", project);
        }

        return await ReadAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes a run its project's production model; the history keeps every promotion.</summary>
    public async Task<Promotion> PromoteAsync(TrainingRunRecord run, string promotedBy, CancellationToken cancellationToken = default)
    {
        var promotion = new Promotion(run.Project, run.Id, DateTimeOffset.UtcNow, promotedBy);
        await using var cmd = Database.Command($"INSERT INTO {Table("promotions")} (project, run_id, promoted_at, promoted_by) VALUES (@project, @run, @at, @by)");
        cmd.Bind("@project", promotion.Project);
        cmd.Bind("@run", promotion.RunId);
        cmd.Bind("@at", Iso(promotion.PromotedAt));
        cmd.Bind("@by", promotion.PromotedBy);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return promotion;
    }

    /// <summary>The promotions of a project (or all), newest first; the first is production.</summary>
    public async Task<IReadOnlyList<Promotion>> PromotionsAsync(string? project = null, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"SELECT project, run_id, promoted_at, promoted_by FROM {Table("promotions")} {(project is null ? "" : "WHERE project = @project")} ORDER BY id DESC");
        if (project is not null)
        {
            cmd.Bind("@project", project);
        }

        var list = new List<Promotion>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new Promotion(reader.GetString(0), reader.GetString(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture), reader.GetString(3)));
        }

        return list;
    }

    /// <summary>The run id of a project's production model, or null when none was promoted.</summary>
    public async Task<string?> ProductionRunIdAsync(string project, CancellationToken cancellationToken = default) =>
        (await PromotionsAsync(project, cancellationToken).ConfigureAwait(false)).FirstOrDefault()?.RunId;

    private static async Task<List<TrainingRunRecord>> ReadAsync(DbCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<TrainingRunRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new TrainingRunRecord(
                r.GetString(0),
                r.GetString(1),
                DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                r.GetString(3),
                r.GetString(4),
                r.IsDBNull(5) ? null : Convert.ToDouble(r.GetValue(5), CultureInfo.InvariantCulture),
                r.IsDBNull(6) ? null : Convert.ToDouble(r.GetValue(6), CultureInfo.InvariantCulture),
                r.IsDBNull(7) ? null : Convert.ToDouble(r.GetValue(7), CultureInfo.InvariantCulture),
                Convert.ToInt64(r.GetValue(8), CultureInfo.InvariantCulture) != 0,
                r.GetString(9),
                Convert.ToInt64(r.GetValue(10), CultureInfo.InvariantCulture),
                r.GetString(11),
                Artifacts(r.GetString(0), r.GetString(12)),
                r.GetString(13)));
        }

        return list;
    }

    // A record edited by hand into something that is not JSON is damage to the store, not a bug: say which run and what to do.
    private static Dictionary<string, string> Artifacts(string runId, string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, LeanMLJson.Plain.Info<Dictionary<string, string>>()) ?? [];
        }
        catch (JsonException ex)
        {
            throw new LeanMLEnvironmentException(
                $"the run {runId} is damaged in the state store: its artifacts column is not the JSON LeanML wrote ({ex.Message}). " +
                "Restore the state store from a backup; or, to keep the other runs, set that run's artifacts back from .leanml/runs/" + runId + "/ (one SHA-256 per file).", ex);
        }
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

}
