using System.Data.Common;
using System.Globalization;
using LeanML.Storage;

namespace LeanML.Monitoring;

/// <summary>
/// Reads what live performance needs from the stores: a project's logged predictions (the warehouse's
/// <c>leanml.prediction_log</c>), its batch predictions (the tables <c>leanml score</c> wrote for it, from the score-run
/// records) and the outcomes the brief's <c>outcome.sql</c> gives.
/// </summary>
internal static class LiveDataReader
{
    /// <summary>The project's logged and batch predictions made at or after <paramref name="since"/>.</summary>
    public static async Task<List<LivePrediction>> PredictionsAsync(Workspace.Workspace workspace, string project, DateTimeOffset since, CancellationToken ct)
    {
        List<string> batchTables = [];
        await using (var state = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false))
        {
            await using var cmd = state.Command($"SELECT DISTINCT output FROM {state.Engine.Meta("score_runs")} WHERE project = @p");
            cmd.Bind("@p", project);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                batchTables.Add(r.GetString(0));
            }
        }

        var list = new List<LivePrediction>();
        await using var warehouse = await Warehouse.OpenForAnalysisAsync(workspace, ct).ConfigureAwait(false);
        var d = warehouse.Engine;
        await using (var cmd = warehouse.Command($"SELECT prediction_id, row_id, logged_at, output, run_id, inputs FROM {d.Meta("prediction_log")} WHERE project = @p AND logged_at >= @since ORDER BY id"))
        {
            cmd.Bind("@p", project);
            cmd.Bind("@since", since.UtcDateTime.ToString(Serving.PredictionLog.TimeFormat, CultureInfo.InvariantCulture));
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                if (FirstNumber(r.GetString(3)) is not { } score)
                {
                    continue;
                }

                list.Add(new LivePrediction(
                    r.IsDBNull(0) ? "log-" + list.Count.ToString(CultureInfo.InvariantCulture) : r.GetString(0),
                    r.IsDBNull(1) ? null : r.GetString(1),
                    ParseTime(r.GetValue(2)),
                    score,
                    "log",
                    r.GetString(4),
                    r.GetString(5)));
            }
        }

        foreach (var table in batchTables)
        {
            if (!await WroteAsync(warehouse, table, ct).ConfigureAwait(false))
            {
                // A file output, or a table dropped or since replaced by a user: nothing to read in the warehouse.
                continue;
            }

            await ReadBatchAsync(warehouse, table, since, list, ct).ConfigureAwait(false);
        }

        return list;
    }

    /// <summary>Every outcome the brief's SQL gives (run as the user's SQL: read-only).</summary>
    public static async Task<List<OutcomeRecord>> OutcomesAsync(Workspace.Workspace workspace, string briefFile, OutcomeSpec spec, CancellationToken ct)
    {
        var list = new List<OutcomeRecord>();
        await using var warehouse = await Warehouse.OpenForUserSqlAsync(workspace, ct).ConfigureAwait(false);
        var d = warehouse.Engine;
        var sql = $"SELECT CAST({d.Quote(spec.Id)} AS {d.Text}), CAST({d.Quote(spec.Label)} AS {d.Text}), {d.Quote(spec.Time)} FROM ({spec.Sql}) AS leanml_outcome";
        DbDataReader reader;
        var cmd = warehouse.Connection.CreateCommand();
        await using (cmd.ConfigureAwait(false))
        {
            cmd.CommandText = sql;
            try
            {
                reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                throw new LeanMLInputException(
                    $"outcome.sql failed: {ex.Message.ReplaceLineEndings(" ")}. It must be a SELECT over the warehouse with the columns outcome.id ('{spec.Id}'), outcome.label ('{spec.Label}') and outcome.time ('{spec.Time}').",
                    briefFile, field: "outcome.sql", inner: ex);
            }

            await using (reader.ConfigureAwait(false))
            {
                var line = 0;
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    line++;
                    if (reader.IsDBNull(0) || reader.IsDBNull(1) || reader.IsDBNull(2))
                    {
                        // An outcome without its row, label or time cannot score anything; the count says so.
                        continue;
                    }

                    DateTimeOffset time;
                    try
                    {
                        time = ParseTime(reader.GetValue(2));
                    }
                    catch (FormatException)
                    {
                        throw new LeanMLInputException($"outcome.time ('{spec.Time}') of outcome row {line} is '{reader.GetValue(2)}', which is not a time; give a timestamp or ISO-8601 text.", briefFile, field: "outcome.time");
                    }

                    list.Add(new OutcomeRecord(reader.GetString(0), reader.GetString(1), time));
                }
            }
        }

        return list;
    }

    /// <summary>A time as the stores hold it: a timestamp, or ISO-8601 text (UTC when it names no offset).</summary>
    internal static DateTimeOffset ParseTime(object value) => value switch
    {
        DateTime t => new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime()),
        DateTimeOffset t => t.ToUniversalTime(),
        DateOnly day => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => DateTimeOffset.Parse(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
    };

    private static double? FirstNumber(string output)
    {
        var text = output.Trim().TrimStart('[');
        var end = text.IndexOfAny([',', ']']);
        return double.TryParse(end < 0 ? text : text[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private static async Task<bool> WroteAsync(Database warehouse, string table, CancellationToken ct)
    {
        await using var cmd = warehouse.Command($"SELECT 1 FROM {warehouse.Engine.Meta("score_outputs")} WHERE table_name = @t");
        cmd.Bind("@t", table);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
    }

    private static async Task ReadBatchAsync(Database warehouse, string table, DateTimeOffset since, List<LivePrediction> list, CancellationToken ct)
    {
        await using var cmd = warehouse.Command($"SELECT * FROM {warehouse.Engine.Quote(table)}");
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        int Ordinal(string name)
        {
            for (var i = 0; i < r.FieldCount; i++)
            {
                if (string.Equals(r.GetName(i), name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        }

        var prediction = Ordinal("prediction_id");
        var score = Ordinal("score") is var s and >= 0 ? s : Ordinal("value");
        var run = Ordinal("run_id");
        var at = Ordinal("scored_at");
        if (prediction < 0 || score < 0 || run < 0 || at < 0)
        {
            // Multiclass outputs (label, score_CLASS) and tables of older releases: not scored here.
            return;
        }

        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            if (r.IsDBNull(score) || r.IsDBNull(at))
            {
                continue;
            }

            var time = ParseTime(r.GetValue(at));
            if (time < since)
            {
                continue;
            }

            var id = r.IsDBNull(0) ? null : Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture);
            list.Add(new LivePrediction(
                r.IsDBNull(prediction) ? $"{table}-{list.Count}" : r.GetString(prediction),
                string.IsNullOrEmpty(id) ? null : id,
                time,
                Convert.ToDouble(r.GetValue(score), CultureInfo.InvariantCulture),
                "batch",
                r.GetString(run),
                null));
        }
    }
}
