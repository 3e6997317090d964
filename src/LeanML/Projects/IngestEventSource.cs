using System.Globalization;
using System.Text.RegularExpressions;
using LeanML.Ingestion;

namespace LeanML.Projects;

/// <summary>
/// Loads from the warehouse's ingest log, with their quarantined rows. A load belongs to each project whose dataset SQL
/// names its table (as a whole word, quoted or not); a load no project reads is a workspace-wide event, shown once.
/// </summary>
public sealed class IngestEventSource : IProjectEventSource
{
    /// <inheritdoc />
    public string Kind => "ingest";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProjectEvent>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Warehouse is null)
        {
            return [];
        }

        var loads = await new IngestLogStore(context.Warehouse).ListAsync(null, null, cancellationToken).ConfigureAwait(false);
        var readers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var events = new List<ProjectEvent>();
        foreach (var load in loads)
        {
            if (load.StartedAt < context.From)
            {
                continue;
            }

            if (!readers.TryGetValue(load.Table, out var projects))
            {
                projects = context.Projects.Where(p => p.DatasetSql is { } sql && ReadsTable(sql, load.Table)).Select(p => p.Name).ToList();
                readers[load.Table] = projects;
            }

            var text = Describe(load);
            if (projects.Count == 0)
            {
                events.Add(new ProjectEvent(null, load.FinishedAt, Kind, text, load.LoadId));
            }
            else
            {
                events.AddRange(projects.Select(p => new ProjectEvent(p, load.FinishedAt, Kind, text, load.LoadId)));
            }
        }

        return events;
    }

    /// <summary>True when <paramref name="sql"/> names <paramref name="table"/> as a whole identifier (case-insensitive).</summary>
    public static bool ReadsTable(string sql, string table)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(table);
        return Regex.IsMatch(sql, $"(?<![A-Za-z0-9_$]){Regex.Escape(table)}(?![A-Za-z0-9_$])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    private static string Describe(IngestLogEntry load)
    {
        var file = Path.GetFileName(load.FilePath);
        if (load.Outcome != "loaded")
        {
            return $"load {load.LoadId} of {file} into {load.Table} failed: {load.Error ?? load.Outcome}";
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"load {load.LoadId}: {load.RowsLoaded:N0} rows from {file} into {load.Table}");
        return load.RowsQuarantined > 0
            ? text + string.Create(CultureInfo.InvariantCulture, $", {load.RowsQuarantined:N0} quarantined (leanml quarantine {load.LoadId})")
            : text;
    }
}
