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

    /// <summary>
    /// Longest an assignment or event write waits for its turn and for a lock held elsewhere before answering 503
    /// (2 s: far above a healthy write's milliseconds, short enough that a client's retry is the better wait).
    /// </summary>
    public TimeSpan StoreWriteWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The Retry-After of a 503 (the database busy, read-only, full or damaged; not ready): 5 s.</summary>
    public int RetryAfterSeconds { get; init; } = 5;

    /// <summary>Host names answered besides the loopback ones (leanml.yaml's server.allowed_hosts).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];
}
