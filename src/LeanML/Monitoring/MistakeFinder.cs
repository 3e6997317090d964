using System.Globalization;
using System.Text.Json;

namespace LeanML.Monitoring;

/// <summary>
/// Learning from mistakes: among predictions with outcomes, the most wrong ones (binary: false positives and false
/// negatives at 0.5, by confidence; regression: largest absolute error) with their inputs, and the segments of the
/// inputs (category values; numbers in quintile bins) where the error rate is worst against the overall rate. The
/// mistakes' feature contributions are added by <see cref="MistakeExplainer"/>, which needs the runs' models.
/// </summary>
public static class MistakeFinder
{
    /// <summary>Numeric inputs are cut into this many quantile bins.</summary>
    public const int NumericBins = 5;

    /// <summary>Finds the mistakes and segments in joined live data.</summary>
    public static MistakeReport Find(LiveData data, int top, int minSegment = 30)
    {
        ArgumentNullException.ThrowIfNull(data);
        var binary = data.Task == "binary";
        var rows = new List<(JoinedPrediction J, double Truth, bool Wrong, double Error)>();
        foreach (var j in data.Joined)
        {
            if (j.Status != OutcomeStatus.Labelled || !data.Truth.TryGetValue(j.Prediction.PredictionId, out var truth))
            {
                continue;
            }

            var error = Math.Abs(truth - j.Prediction.Score);
            var wrong = binary ? (j.Prediction.Score >= 0.5) != (truth > 0.5) : true;
            rows.Add((j, truth, wrong, error));
        }

        var notes = new List<string>();
        var overall = rows.Count == 0 ? 0 : binary ? rows.Count(r => r.Wrong) / (double)rows.Count : rows.Average(r => r.Error);
        var mistakes = rows
            .Where(r => r.Wrong)
            .OrderByDescending(r => r.Error)
            .ThenBy(r => r.J.Prediction.PredictionId, StringComparer.Ordinal)
            .Take(top)
            .Select(r => new MistakeRow(
                r.J.Prediction.PredictionId,
                r.J.Prediction.RowId,
                r.J.Prediction.Time,
                r.J.Prediction.Source,
                r.J.Prediction.RunId,
                r.J.Prediction.Score,
                r.Truth,
                r.J.Outcome!.Label,
                binary ? (r.Truth > 0.5 ? "false negative" : "false positive") : (r.J.Prediction.Score > r.Truth ? "over" : "under"),
                r.Error,
                ParseInputs(r.J.Prediction.Inputs),
                null))
            .ToList();

        var withInputs = rows.Where(r => r.J.Prediction.Inputs is not null).ToList();
        if (withInputs.Count < rows.Count)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{rows.Count - withInputs.Count:N0} labelled batch prediction(s) have no stored inputs: they count in the mistakes, not in the segments."));
        }

        var segments = Segments(withInputs.Select(r => (r.J.Prediction.Inputs!, r.Wrong, r.Error)).ToList(), binary, overall, minSegment);
        return new MistakeReport(
            data.Brief.Name, data.Run.Id, data.Task, rows.Count, rows.Count(r => r.Wrong), overall, mistakes, segments, minSegment,
            binary ? "Wilson score interval of the segment's error rate, 95%" : "normal approximation of the segment's mean absolute error, 95%",
            notes);
    }

    private static JsonElement? ParseInputs(string? inputs)
    {
        if (inputs is null)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(inputs);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<MistakeSegment> Segments(List<(string Inputs, bool Wrong, double Error)> rows, bool binary, double overall, int minSegment)
    {
        // Per feature: the text values and the numeric values of every row (a row missing the feature is in neither).
        var categories = new Dictionary<string, Dictionary<string, List<int>>>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, List<(double Value, int Row)>>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(rows[i].Inputs);
            }
            catch (JsonException)
            {
                continue;
            }

            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    switch (p.Value.ValueKind)
                    {
                        case JsonValueKind.Number:
                            if (!numbers.TryGetValue(p.Name, out var list))
                            {
                                numbers[p.Name] = list = [];
                            }

                            list.Add((p.Value.GetDouble(), i));
                            break;
                        case JsonValueKind.String or JsonValueKind.True or JsonValueKind.False:
                            var value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                            if (!categories.TryGetValue(p.Name, out var values))
                            {
                                categories[p.Name] = values = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                            }

                            if (!values.TryGetValue(value, out var members))
                            {
                                values[value] = members = [];
                            }

                            members.Add(i);
                            break;
                    }
                }
            }
        }

        var segments = new List<MistakeSegment>();
        foreach (var (feature, values) in categories)
        {
            // A text field with a value per row (an id, a free text) is not a segment.
            if (values.Count > 50)
            {
                continue;
            }

            foreach (var (value, members) in values)
            {
                Add(feature, value, members);
            }
        }

        foreach (var (feature, values) in numbers)
        {
            values.Sort((a, b) => a.Value.CompareTo(b.Value));
            var sorted = values.Select(v => v.Value).ToArray();
            var edges = Enumerable.Range(1, NumericBins - 1).Select(k => PerformanceStatistics.Quantile(sorted, k / (double)NumericBins)).Distinct().ToList();
            var bounds = new List<double> { double.NegativeInfinity };
            bounds.AddRange(edges);
            bounds.Add(double.PositiveInfinity);
            for (var b = 0; b + 1 < bounds.Count; b++)
            {
                var (low, high) = (bounds[b], bounds[b + 1]);
                var last = b + 2 == bounds.Count;
                var members = values.Where(v => v.Value >= low && (last ? v.Value <= high : v.Value < high)).Select(v => v.Row).ToList();
                var name = string.Create(CultureInfo.InvariantCulture, $"[{(double.IsNegativeInfinity(low) ? sorted[0] : low):G6}, {(double.IsPositiveInfinity(high) ? sorted[^1] : high):G6}{(last ? "]" : ")")}");
                Add(feature, name, members);
            }
        }

        return [.. segments.OrderByDescending(s => s.Significant).ThenByDescending(s => s.ErrorRate - s.Overall).ThenBy(s => s.Feature, StringComparer.Ordinal).ThenBy(s => s.Segment, StringComparer.Ordinal)];

        void Add(string feature, string segment, List<int> members)
        {
            if (members.Count < minSegment)
            {
                return;
            }

            long n = members.Count;
            double rate, low, high;
            long errors;
            if (binary)
            {
                errors = members.Count(m => rows[m].Wrong);
                rate = errors / (double)n;
                (low, high) = PerformanceStatistics.Wilson(errors, n);
            }
            else
            {
                errors = n;
                var e = members.Select(m => rows[m].Error).ToArray();
                rate = e.Average();
                var sd = Math.Sqrt(e.Sum(x => (x - rate) * (x - rate)) / Math.Max(1, n - 1));
                var half = PerformanceStatistics.Z95 * sd / Math.Sqrt(n);
                (low, high) = (Math.Max(0, rate - half), rate + half);
            }

            segments.Add(new MistakeSegment(feature, segment, n, errors, rate, low, high, overall, overall > 0 ? rate / overall : double.NaN, low > overall));
        }
    }
}
