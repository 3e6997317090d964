using System.Globalization;
using LeanML.Explanations;
using LeanML.Runs;
using LeanML.Scoring;
using LeanML.Storage;

namespace LeanML.Monitoring;

/// <summary>
/// Fills the listed mistakes' <see cref="MistakeRow.Contributions"/>: each row's logged inputs encoded and explained by
/// exact TreeSHAP (<see cref="RowExplainer"/>, as <c>leanml explain</c> does) with the model of the run that made the
/// prediction, so the contributions and bias add up to that prediction's margin. Rows without logged inputs (batch
/// predictions) keep none, and a note says how many.
/// </summary>
public static class MistakeExplainer
{
    /// <summary>The report with every explainable mistake's contributions (all non-zero ones, largest first) and bias.</summary>
    public static async Task<MistakeReport> ExplainAsync(Workspace.Workspace workspace, MistakeReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(report);
        var runIds = report.Mistakes.Where(m => m.Inputs is not null).Select(m => m.RunId).Distinct(StringComparer.Ordinal).ToList();
        var explainers = new Dictionary<string, RowExplainer>(StringComparer.Ordinal);
        var notes = new List<string>(report.Notes);
        if (runIds.Count > 0)
        {
            var runs = new List<TrainingRunRecord>();
            await using (var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false))
            {
                var store = new RunStore(state);
                foreach (var id in runIds)
                {
                    if (await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } run && run.Id == id)
                    {
                        runs.Add(run);
                    }
                    else
                    {
                        notes.Add($"run {id}, which made some of these predictions, is no longer recorded: their contributions are empty.");
                    }
                }
            }

            var source = new ModelSource(workspace);
            foreach (var run in runs)
            {
                try
                {
                    var model = await source.LoadAsync(run, cancellationToken).ConfigureAwait(false);
                    explainers[run.Id] = new RowExplainer(model, model.Model.FeatureCount);
                }
                catch (LeanMLInputException ex)
                {
                    // A model file gone or changed since: the mistakes are still worth listing, without its explanations.
                    notes.Add($"the model of run {run.Id} cannot be read ({ex.Message}): its predictions' contributions are empty.");
                }
            }
        }

        var errors = new List<FeatureError>();
        var rows = new List<MistakeRow>(report.Mistakes.Count);
        long notLogged = 0, unreadable = 0;
        foreach (var m in report.Mistakes)
        {
            if (m.Inputs is not { } inputs)
            {
                notLogged++;
                rows.Add(m);
                continue;
            }

            if (explainers.GetValueOrDefault(m.RunId) is not { } explainer)
            {
                rows.Add(m);
                continue;
            }

            var features = new float[explainer.Model.Encoder.FeatureCount];
            errors.Clear();
            explainer.Model.Encoder.EncodeJson(0, inputs, features, errors);
            if (errors.Count > 0)
            {
                // The server refuses such rows, so a logged row that does not encode was written by something else.
                unreadable++;
                rows.Add(m);
                continue;
            }

            // Binary and regression models have one output: class 0 is the positive class's (or the value's) margin.
            var top = explainer.Explain(features, 0, out var bias);
            var contributions = new List<MistakeContribution>(top.Length);
            foreach (var c in top)
            {
                contributions.Add(new MistakeContribution(explainer.Model.Schema.Features[c.Feature].Name, explainer.ValueText(c.Feature, c.Value), c.Contribution));
            }

            rows.Add(m with { Contributions = contributions, Bias = bias });
        }

        if (notLogged > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{notLogged:N0} of the listed mistakes are batch predictions, whose inputs are not kept: they have no contributions."));
        }

        if (unreadable > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{unreadable:N0} of the listed mistakes have logged inputs that do not fit their run's features: they have no contributions."));
        }

        return report with { Mistakes = rows, Notes = notes };
    }
}
