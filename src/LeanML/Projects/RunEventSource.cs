using LeanML.Runs;
using LeanML.Training;

namespace LeanML.Projects;

/// <summary>Training runs: each with its primary metric against the business rule and whether the bar was met.</summary>
public sealed class RunEventSource : IProjectEventSource
{
    /// <inheritdoc />
    public string Kind => "run";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProjectEvent>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var known = context.Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var runs = await new RunStore(context.State).ListAsync(null, cancellationToken).ConfigureAwait(false);
        return runs
            .Where(r => r.CreatedAt >= context.From && known.Contains(r.Project))
            .Select(r => new ProjectEvent(r.Project, r.CreatedAt, Kind, Describe(r), r.Id))
            .ToList();
    }

    /// <summary>"run 01J…: auc 0.841 vs the rule 0.715 (lift 0.126) — done".</summary>
    public static string Describe(TrainingRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var value = run.ModelValue is double v ? TrainingService.Format(v) : "n/a";
        var rule = run.BaselineValue is double b ? TrainingService.Format(b) : "n/a";
        var lift = run.Lift is double l ? TrainingService.Format(l) : "n/a";
        return $"run {run.Id}: {run.Metric} {value} vs the rule {rule} (lift {lift}) — {(run.BarMet ? "bar met" : "bar not met")}";
    }
}
