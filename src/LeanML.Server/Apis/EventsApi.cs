using LeanML.Internal;
using LeanML.Experiments;
using LeanML.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeanML.Server.Apis;

/// <summary>Experiment events over HTTP: idempotent on each event's id, bad events reported by index while good ones are stored.</summary>
public static class EventsApi
{
    /// <summary>Maps <c>POST /v1/events</c>.</summary>
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app, LeanML.Workspace.Workspace workspace)
    {
        app.MapPost("/v1/events", (HttpRequest request, CancellationToken ct) => PostAsync(workspace, request, ct))
            .WithTags("Experiments")
            .WithName("PostEvents")
            .WithSummary("Stores events [{id, unit, name, value, time}]; counts accepted, duplicates and rejected (with index and reason).");
        return app;
    }

    private static async Task<Results<JsonHttpResult<EventLoadResult>, ProblemHttpResult>> PostAsync(LeanML.Workspace.Workspace workspace, HttpRequest request, CancellationToken ct)
    {
        var (body, problem) = await ExperimentsApi.ReadJsonAsync(request, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            await using var warehouse = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false);
            var result = await new EventStore(warehouse).AddJsonAsync(body, ct).ConfigureAwait(false);
            return TypedResults.Json(result, ExperimentsApi.Json.Info<EventLoadResult>());
        }
        catch (LeanMLException ex)
        {
            return ExperimentsApi.Problem(ex);
        }
    }
}
