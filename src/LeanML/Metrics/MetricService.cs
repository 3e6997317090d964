using LeanML.Storage;

namespace LeanML.Metrics;

/// <summary>The metrics capability over one workspace: definitions from <c>metrics/*.yaml</c>, values from the warehouse.</summary>
public sealed class MetricService(Workspace.Workspace workspace)
{
    /// <summary>Reads and validates <c>metrics/NAME.yaml</c>.</summary>
    public MetricDefinition Definition(string name) => MetricDefinition.Load(MetricDefinition.Folder(workspace), name);

    /// <summary>Every definition of the workspace, validated.</summary>
    public IReadOnlyList<MetricDefinition> All() =>
        MetricDefinition.Names(MetricDefinition.Folder(workspace)).Select(Definition).ToList();

    /// <summary>
    /// Computes a metric. Over a population the warehouse is opened where analyses read the assignments (its analytic
    /// copy brought up to date); otherwise read-only.
    /// </summary>
    public async Task<MetricValue> ComputeAsync(MetricRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var definition = Definition(request.Metric);
        await using var warehouse = request.Population is null
            ? await Warehouse.OpenAsync(workspace, readOnly: true, cancellationToken).ConfigureAwait(false)
            : await Warehouse.OpenForAnalysisAsync(workspace, cancellationToken).ConfigureAwait(false);
        return await MetricCalculator.ComputeAsync(warehouse, definition, request, cancellationToken).ConfigureAwait(false);
    }
}
