using System.Globalization;
using System.Text.Json;
using LeanML.Features;
using LeanML.Runs;
using LeanML.Storage;
using LeanML.Training;

namespace LeanML.Monitoring;

/// <summary>
/// The live performance of a project's production model: its logged and batch predictions joined to the brief's
/// outcomes by row id and time, measured per window where outcomes arrived, and estimated with CBPE (binary) where they
/// have not yet. <c>leanml outcomes</c> prints it; <c>leanml monitor</c> includes it.
/// </summary>
public sealed class LivePerformanceService(Workspace.Workspace workspace)
{
    /// <summary>What turns scores into probabilities for CBPE (the raw scores until runs carry a calibration map).</summary>
    public IScoreCalibration Calibration { get; init; } = RawScoreCalibration.Instance;

    /// <summary>Reads and joins a project's live predictions made at or after <paramref name="since"/> with their outcomes.</summary>
    public async Task<LiveData> LoadAsync(string project, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var brief = ProjectBrief.Load(workspace, project);
        var outcome = brief.Outcome ?? throw new LeanMLInputException(
            "the brief has no outcome: block, so live predictions cannot be matched with the truth. Add e.g.\n" +
            "outcome:\n  sql: SELECT customer_id, churned, cancelled_at FROM cancellations\n  id: customer_id\n  label: churned\n  time: cancelled_at\n  horizon: 30d",
            brief.File, field: "outcome");
        if (brief.Task == "multiclass")
        {
            throw new LeanMLInputException("live performance is measured for binary and regression projects; this one is multiclass.", brief.File, field: "task");
        }

        TrainingRunRecord run;
        FeatureSchema schema;
        await using (var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false))
        {
            run = await Scoring.ModelSource.ResolveRunAsync(state, project, null, cancellationToken).ConfigureAwait(false);
        }

        schema = FeatureSchema.FromJson(System.Text.Encoding.UTF8.GetString(await RunArtifacts.ReadVerifiedAsync(workspace, run, RunArtifacts.Schema, cancellationToken).ConfigureAwait(false)));
        var predictions = await LiveDataReader.PredictionsAsync(workspace, project, since, cancellationToken).ConfigureAwait(false);
        var outcomes = await LiveDataReader.OutcomesAsync(workspace, brief.File, outcome, cancellationToken).ConfigureAwait(false);
        var joined = OutcomeJoin.Join(predictions.OrderBy(p => p.Time), outcomes, outcome.Horizon, now);
        var truth = new Dictionary<string, double>(StringComparer.Ordinal);
        long unreadable = 0;
        foreach (var j in joined)
        {
            if (j.Status != OutcomeStatus.Labelled)
            {
                continue;
            }

            if (Truth(brief.Task, schema.Classes, brief.Dataset.Positive, j.Outcome!.Label) is { } value)
            {
                truth[j.Prediction.PredictionId] = value;
            }
            else
            {
                unreadable++;
            }
        }

        return new LiveData(brief, outcome, run, brief.Task, schema.Classes, joined, truth, outcomes.Count, unreadable, TestMetrics(run));
    }

    /// <summary>Measures live performance over the last <paramref name="since"/> (until now), per window.</summary>
    public async Task<LivePerformanceReport> MeasureAsync(string project, TimeSpan since, LiveWindow window, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        var data = await LoadAsync(project, now - since, now, cancellationToken).ConfigureAwait(false);
        return Measure(data, now - since, now, window, Calibration);
    }

    /// <summary>Live performance from joined data (the computation, without the stores).</summary>
    public static LivePerformanceReport Measure(LiveData data, DateTimeOffset since, DateTimeOffset now, LiveWindow window, IScoreCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(calibration);
        var windows = new List<LivePerformanceWindow>();
        foreach (var group in data.Joined.GroupBy(j => WindowStart(j.Prediction.Time, window)).OrderBy(g => g.Key))
        {
            var rows = group.ToList();
            var counts = OutcomeCounts.Of(rows);
            windows.Add(new LivePerformanceWindow(group.Key, WindowEnd(group.Key, window), counts, counts.LabelsArrived, Realised(data, rows), Estimated(data, rows, calibration)));
        }

        var all = OutcomeCounts.Of(data.Joined);
        var realised = Realised(data, data.Joined);
        var estimated = Estimated(data, data.Joined, calibration);
        var test = new PerformanceFigures
        {
            Auc = data.TestMetrics.TryGetValue("auc", out var auc) ? auc : null,
            Accuracy = data.TestMetrics.TryGetValue("accuracy", out var acc) ? acc : null,
            Rmse = data.TestMetrics.TryGetValue("rmse", out var rmse) ? rmse : null,
            Mae = data.TestMetrics.TryGetValue("mae", out var mae) ? mae : null,
        };
        return new LivePerformanceReport(
            data.Brief.Name, data.Run.Id, data.Task, data.Brief.Metric, window == LiveWindow.Day ? "day" : "week", since, now, all, all.LabelsArrived,
            test, realised, estimated, windows, data.OutcomesRead, data.UnreadableLabels,
            calibration is RawScoreCalibration ? "raw scores (no calibration map)" : calibration.GetType().Name,
            Sentence(data, all, realised, estimated, test));
    }

    /// <summary>The first instant of the window holding <paramref name="time"/>.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset time, LiveWindow window)
    {
        var day = new DateTimeOffset(time.UtcDateTime.Date, TimeSpan.Zero);
        return window == LiveWindow.Day ? day : day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    private static DateTimeOffset WindowEnd(DateTimeOffset start, LiveWindow window) => start.AddDays(window == LiveWindow.Day ? 1 : 7);

    private static PerformanceFigures? Realised(LiveData data, IEnumerable<JoinedPrediction> rows)
    {
        var scores = new List<double>();
        var truth = new List<double>();
        foreach (var j in rows)
        {
            if (j.Status == OutcomeStatus.Labelled && data.Truth.TryGetValue(j.Prediction.PredictionId, out var t))
            {
                scores.Add(j.Prediction.Score);
                truth.Add(t);
            }
        }

        if (scores.Count == 0)
        {
            return null;
        }

        return data.Task == "binary"
            ? RealisedPerformance.Binary(truth.Select(t => t > 0.5).ToList(), scores)
            : RealisedPerformance.Regression(truth, scores);
    }

    private static PerformanceFigures? Estimated(LiveData data, IEnumerable<JoinedPrediction> rows, IScoreCalibration calibration)
    {
        if (data.Task != "binary")
        {
            return null;
        }

        var probabilities = rows.Select(j => calibration.Probability(j.Prediction.Score)).ToList();
        return probabilities.Count == 0 ? null : Cbpe.Estimate(probabilities);
    }

    /// <summary>An outcome's label as the number the model predicts: binary 1 for the positive class, 0 for the other; null when it is neither.</summary>
    internal static double? Truth(string task, IReadOnlyList<string>? classes, string? positive, string label)
    {
        var text = label.Trim();
        if (task != "binary")
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        }

        var positiveClass = positive ?? (classes is { Count: 2 } ? classes[1] : "1");
        var negativeClass = classes is { Count: 2 } ? classes[0] : "0";
        if (string.Equals(text, positiveClass, StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        if (string.Equals(text, negativeClass, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        // Numbers and booleans as the engines write them: 1, 1.0, true.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number is 0 or 1)
        {
            return number;
        }

        return text.ToLowerInvariant() switch
        {
            "true" => 1,
            "false" => 0,
            _ => null,
        };
    }

    private static Dictionary<string, double> TestMetrics(TrainingRunRecord run)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(run.Details);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!property.Name.Equals("metrics", StringComparison.OrdinalIgnoreCase) || property.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var set in property.Value.EnumerateObject())
                {
                    if (set.Name.Equals("test", StringComparison.OrdinalIgnoreCase) && set.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var m in set.Value.EnumerateObject())
                        {
                            if (m.Value.ValueKind == JsonValueKind.Number)
                            {
                                metrics[m.Name] = m.Value.GetDouble();
                            }
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Details of a run recorded by an older release: no test figures to show beside the live ones.
        }

        if (run.ModelValue is { } value)
        {
            metrics.TryAdd(run.Metric, value);
        }

        return metrics;
    }

    private static string Sentence(LiveData data, OutcomeCounts all, PerformanceFigures? realised, PerformanceFigures? estimated, PerformanceFigures test)
    {
        var c = CultureInfo.InvariantCulture;
        var metric = data.Task == "binary" ? "auc" : "rmse";
        var parts = new List<string>
        {
            string.Create(c, $"{data.Brief.Name}: {all.Predictions:N0} predictions, labels arrived: {all.LabelsArrived * 100:0}%"),
        };
        if (realised?.Value(metric) is { } r)
        {
            var low = metric == "auc" ? realised.AucLow : realised.RmseLow;
            var high = metric == "auc" ? realised.AucHigh : realised.RmseHigh;
            parts.Add(string.Create(c, $"realised {metric} {r:0.000}{(low is { } l && high is { } h ? $" ({l:0.000}–{h:0.000})" : "")} on {realised.N:N0}"));
        }

        if (estimated?.Auc is { } e)
        {
            parts.Add(string.Create(c, $"estimated auc (CBPE) {e:0.000}{(estimated.AucLow is { } l && estimated.AucHigh is { } h ? $" ({l:0.000}–{h:0.000})" : "")}"));
        }

        if (test.Value(metric) is { } t)
        {
            parts.Add(string.Create(c, $"test {metric} {t:0.000}"));
        }

        return string.Join("; ", parts);
    }
}
