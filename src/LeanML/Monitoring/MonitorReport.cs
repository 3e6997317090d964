namespace LeanML.Monitoring;

/// <summary>
/// What <c>leanml monitor</c> found: the whole period compared with the run's reference (<see cref="Prediction"/>,
/// <see cref="Features"/>), and the same per window. Sections such as live performance are added as further
/// init-only properties, so the JSON grows without breaking readers.
/// </summary>
/// <param name="Project">The project.</param>
/// <param name="RunId">The run whose reference (and predictions) were compared.</param>
/// <param name="Source">"prediction log", or the table, file or "the query" of a batch.</param>
/// <param name="From">The period's start (prediction log only).</param>
/// <param name="To">The period's end (prediction log only).</param>
/// <param name="Window">all | day | week.</param>
/// <param name="Thresholds">The floors and significance level used.</param>
/// <param name="ReferenceRows">Rows of the training dataset the reference describes (features).</param>
/// <param name="ReferenceSource">"training", or "rebuilt" from the run's recorded data.</param>
/// <param name="Rows">Live rows compared.</param>
/// <param name="Rejected">Rows that could not be encoded (a wrong type, an unknown field), left out.</param>
/// <param name="Prediction">The prediction over the whole period.</param>
/// <param name="Features">Every feature over the whole period, ranked by importance × effect.</param>
/// <param name="Drifted">Columns whose verdict is drift over the whole period or in any window.</param>
/// <param name="Windows">The period split by <paramref name="Window"/> (one window for all).</param>
/// <param name="Drift">True when any column drifts (the command exits 1).</param>
/// <param name="Summary">One sentence for people.</param>
/// <param name="Alert">The one-sentence alert a drift would send (null without drift).</param>
/// <param name="Seconds">Time taken.</param>
public sealed record MonitorReport(
    string Project,
    string RunId,
    string Source,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string Window,
    MonitorThresholds Thresholds,
    long ReferenceRows,
    string ReferenceSource,
    long Rows,
    long Rejected,
    ColumnDrift Prediction,
    IReadOnlyList<ColumnDrift> Features,
    IReadOnlyList<string> Drifted,
    IReadOnlyList<MonitorWindow> Windows,
    bool Drift,
    string Summary,
    string? Alert,
    double Seconds)
{
    /// <summary>Live performance once outcomes arrive (realised, CBPE, labels arrived), when the brief has <c>outcome:</c>
    /// and the prediction log was read; null otherwise.</summary>
    public LivePerformanceReport? Performance { get; init; }

    /// <summary>Why live performance is absent, in one line (no outcome block, no production run), or null.</summary>
    public string? PerformanceNote { get; init; }

    /// <summary>What <c>--alert</c> evaluated and sent, or null without it.</summary>
    public AlertCheckReport? Alerts { get; init; }

    /// <summary>The source in a sentence: "the prediction log", "the table churn", "the query" (never "the the query").</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SourcePhrase => Source.StartsWith("the ", StringComparison.Ordinal) ? Source : "the " + Source;
}
