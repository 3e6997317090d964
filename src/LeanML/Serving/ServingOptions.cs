namespace LeanML.Serving;

/// <summary>The knobs of <c>leanml serve</c>; the defaults are written here, once.</summary>
public sealed record ServingOptions
{
    /// <summary>Most rows one request may carry (DESIGN.md section 6 validation).</summary>
    public int MaxRows { get; init; } = 10_000;

    /// <summary>Largest request body in bytes (8 MiB: ten thousand rows of a few dozen features fit); larger gets 413.</summary>
    public long MaxBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Share of predictions written to the prediction log (1 = every prediction, 0 = none); leanml.yaml's server.log_sample.</summary>
    public double LogSampleRate { get; init; } = 1.0;

    /// <summary>Predictions the log may hold in memory before it drops (and counts) new ones.</summary>
    public int LogQueueCapacity { get; init; } = 100_000;

    /// <summary>How often the server reads the promotions table (hot swap) and the tokens.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
