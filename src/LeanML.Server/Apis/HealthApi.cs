using Microsoft.AspNetCore.Http.HttpResults;

namespace LeanML.Server.Apis;

/// <summary>Liveness and readiness.</summary>
public static class HealthApi
{
    /// <summary>Maps <c>GET /healthz</c> and <c>GET /readyz</c>.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok")))
            .AllowAnonymous()
            .WithName("Healthz")
            .WithSummary("The process is up.");
        app.MapGet("/readyz", Ready)
            .AllowAnonymous()
            .WithName("Readyz")
            .WithSummary("Models loaded and the database reachable.");
        return app;
    }

    private static Results<Ok<ReadyResponse>, ProblemHttpResult> Ready(ServingState state, HttpResponse response)
    {
        var ready = ReadyOrNot(state);
        if (ready.Result is ProblemHttpResult)
        {
            ServingMiddleware.SetRetryAfter(response, state);
        }

        return ready;
    }

    private static Results<Ok<ReadyResponse>, ProblemHttpResult> ReadyOrNot(ServingState state)
    {
        var models = state.Models.Current.Values.Select(m => new ServedModel(m.Project, m.RunId, m.Task)).OrderBy(m => m.Project, StringComparer.Ordinal).ToArray();
        if (state.Store.Moved)
        {
            return TypedResults.Problem(detail: $"the state store {state.Store.Location} was deleted or replaced while the server ran; nothing more is written to it. Restore it from a backup (or move it back) and restart 'leanml serve'.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
        }

        if (!state.DatabaseReachable)
        {
            return TypedResults.Problem(detail: "the warehouse has not answered recently; check that the database is reachable.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
        }

        if (state.Models.Failures.Count > 0)
        {
            var (project, error) = state.Models.Failures.First();
            return TypedResults.Problem(detail: $"the production model of project '{project}' could not be loaded: {error}", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
        }

        return TypedResults.Ok(new ReadyResponse("ready", models));
    }
}

/// <summary>The liveness answer.</summary>
public sealed record HealthResponse(string Status);

/// <summary>The readiness answer: the models serving.</summary>
public sealed record ReadyResponse(string Status, IReadOnlyList<ServedModel> Models);

/// <summary>One project's production model.</summary>
public sealed record ServedModel(string Project, string RunId, string Task);
