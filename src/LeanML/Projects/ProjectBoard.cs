using LeanML.Storage;
using LeanML.Training;

namespace LeanML.Projects;

/// <summary>
/// The board and the weekly update over a workspace's own stores: <c>leanml projects</c>, <c>leanml project stage</c>
/// and <c>leanml update</c>. Each computation of health is recorded when it changes (the digest reports changes).
/// </summary>
public sealed class ProjectBoard(Workspace.Workspace workspace, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The window of the board's alert rule and of the update by default.</summary>
    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromDays(7);

    /// <summary>Every project by stage with owner, due date, health and its last event.</summary>
    public async Task<IReadOnlyList<BoardRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        var update = await ComposeAsync(null, DefaultWindow, allHistory: true, cancellationToken).ConfigureAwait(false);
        return update.Projects.Select(p => new BoardRow(p.Project, p.Stage, p.Owner, p.Due, p.DaysToDue, p.Health, p.HealthReason, p.HealthNote, p.LastEvent)).ToList();
    }

    /// <summary>The update of every project (or one) over the last <paramref name="window"/>.</summary>
    public Task<WeeklyUpdate> UpdateAsync(string? project, TimeSpan window, CancellationToken cancellationToken = default) =>
        ComposeAsync(project, window, allHistory: false, cancellationToken);

    /// <summary>
    /// Sets a project's stage in its brief (only that value's characters change; comments and layout stay) and records
    /// the change. Setting the stage it already has changes nothing and records nothing.
    /// </summary>
    public async Task<StageChange> ChangeStageAsync(string project, string stage, string changedBy, CancellationToken cancellationToken = default)
    {
        var card = ProjectCard.Load(workspace, project);
        var path = Path.Combine(workspace.ProjectDir(project), ProjectBrief.FileName);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        var (edited, previous) = ProjectStageFile.WithStage(card.File, text, stage);
        var change = new StageChange(project, previous, stage, _clock.GetUtcNow(), changedBy);
        if (previous == stage)
        {
            return change;
        }

        // Validate what will be written the way every reader will read it, before the file changes.
        ProjectCard.Parse(project, card.File, edited);
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        ProjectStageFile.WriteAtomically(path, edited);
        await new ProjectHistoryStore(state).AddStageChangeAsync(change, cancellationToken).ConfigureAwait(false);
        return change;
    }

    private async Task<WeeklyUpdate> ComposeAsync(string? project, TimeSpan window, bool allHistory, CancellationToken cancellationToken)
    {
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        var warehouse = await Warehouse.OpenExistingForReadingAsync(workspace, cancellationToken).ConfigureAwait(false);
        try
        {
            var update = await new UpdateComposer(workspace, state, warehouse, clock: _clock).ComposeAsync(project, window, allHistory, cancellationToken).ConfigureAwait(false);
            await new ProjectHistoryStore(state).RecordHealthAsync(update.Projects.Select(p => (p.Project, p.Health, p.HealthReason)), update.Until, cancellationToken).ConfigureAwait(false);
            return update;
        }
        finally
        {
            if (warehouse is not null)
            {
                await warehouse.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
