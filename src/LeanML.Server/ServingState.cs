using LeanML.Serving;

namespace LeanML.Server;

/// <summary>What the server's endpoints share: the models serving now, the token verifier, the log, the state store and the options.</summary>
public sealed class ServingState(LeanML.Workspace.Workspace workspace, ServingOptions options, PredictionLog log, ServingStore store)
{
    private volatile TokenVerifier _tokens = new([]);

    /// <summary>The workspace served.</summary>
    public LeanML.Workspace.Workspace Workspace { get; } = workspace;

    /// <summary>The serving options.</summary>
    public ServingOptions Options { get; } = options;

    /// <summary>The state store as the server reaches it (bounded writes, a deleted or replaced file noticed).</summary>
    public ServingStore Store { get; } = store;

    /// <summary>Production models, refreshed by <see cref="ServingPoller"/>.</summary>
    public ProductionModels Models { get; } = new(workspace);

    /// <summary>The running experiment of each project, refreshed with the models.</summary>
    public RunningExperiments Experiments { get; } = new(workspace, store: store);

    /// <summary>The prediction log.</summary>
    public PredictionLog Log { get; } = log;

    /// <summary>Scores request bodies.</summary>
    public PredictionService Predictions { get; } = new(options, log);

    /// <summary>The Host names answered.</summary>
    public HostPolicy Hosts { get; } = new(options.AllowedHosts);

    /// <summary>The token verifier in force (swapped when tokens change).</summary>
    public TokenVerifier Tokens
    {
        get => _tokens;
        set => _tokens = value;
    }

    /// <summary>True when the last poll of the database succeeded recently.</summary>
    public bool DatabaseReachable => Models.LastRefresh is { } t && DateTimeOffset.UtcNow - t < Options.PollInterval * 3 + TimeSpan.FromSeconds(2);
}
