namespace LeanML.Server;

/// <summary>The server's log messages (event ids 3000-3099: serving).</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "the model of project {Project} could not be loaded; the previous one keeps serving: {Error}")]
    public static partial void ModelLoadFailed(this ILogger logger, string project, string error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "the experiment {Experiment} is not routed (its requests get the production model): {Error}")]
    public static partial void ExperimentNotRouted(this ILogger logger, string experiment, string error);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "polling the warehouse failed: {Error}")]
    public static partial void PollFailed(this ILogger logger, string error);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "a request to {Path} failed")]
    public static partial void RequestFailed(this ILogger logger, string path, Exception exception);
}
