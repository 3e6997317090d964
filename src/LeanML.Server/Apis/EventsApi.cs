using LeanML.Internal;
using LeanML.Experiments;
using LeanML.Serving;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeanML.Server.Apis;

/// <summary>Experiment events over HTTP: idempotent on each event's id, bad events reported by index while good ones are stored.</summary>
public static class EventsApi
{
    /// <summary>Maps <c>POST /v1/events</c>.</summary>
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app, ServingState state)
    {
        app.MapPost("/v1/events", (HttpRequest request, CancellationToken ct) => PostAsync(state, request, ct))
            .RequireScope(TokenScope.Events)
            .WithTags("Experiments")
            .WithName("PostEvents")
            .WithSummary("Stores events [{id, unit, name, value, time}]; counts accepted, duplicates and rejected (with index and reason).");
        return app;
    }

    private static async Task<Results<JsonHttpResult<EventLoadResult>, ProblemHttpResult>> PostAsync(ServingState state, HttpRequest request, CancellationToken ct)
    {
        var (body, problem) = await ExperimentsApi.ReadJsonAsync(request, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            // Faults of the database (locked past the bounded wait, read-only, full) propagate: 503 with Retry-After.
            var result = await state.Store.WriteAsync((db, c) => new EventStore(db).AddJsonAsync(body, c), ct).ConfigureAwait(false);
            return TypedResults.Json(result, ExperimentsApi.Json.Info<EventLoadResult>());
        }
        catch (LeanMLInputException ex)
        {
            return ExperimentsApi.Problem(ex);
        }
    }
}
