using LeanML.Internal;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeanML.Experiments;
using LeanML.Serving;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeanML.Server.Apis;

/// <summary>
/// Experiments over HTTP (DESIGN.md section 6): sticky assignment of a unit and the analysis.
/// Thin: each handler parses, calls <see cref="ExperimentService"/>, and maps the result or error.
/// </summary>
public static class ExperimentsApi
{
    /// <summary>snake_case JSON, like the CLI's --json, whatever the host's defaults are.</summary>
    internal static JsonSerializerOptions Json { get; } = new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = ServerJsonContext.Default,
    }.WithSnakeCaseEnums();

    /// <summary>Maps <c>POST /v1/experiments/{name}/assign</c>, <c>GET /v1/experiments/{name}/results</c> and the events API.</summary>
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        // The state is captured here rather than bound per request, as the predict API does.
        var state = app.ServiceProvider.GetRequiredService<ServingState>();
        var group = app.MapGroup("/v1/experiments").WithTags("Experiments");
        group.MapPost("/{name}/assign", (string name, HttpRequest request, CancellationToken ct) => AssignAsync(state, name, request, ct))
            .RequireScope(TokenScope.Predict)
            .WithName("AssignVariant")
            .WithSummary("Assigns a unit (a string or an integer) to a variant: deterministic, sticky, recorded once.");
        // Business figures: admin only, not for the tokens shipped inside client apps.
        group.MapGet("/{name}/results", (string name, CancellationToken ct) => ResultsAsync(state, name, ct))
            .RequireScope(TokenScope.Admin)
            .WithName("ExperimentResults")
            .WithSummary("The analysis: the decision sentence, then per metric and variant the figures behind it.");
        app.MapEventsApi(state);
        return app;
    }

    private static async Task<Results<JsonHttpResult<AssignResponse>, ValidationProblem, ProblemHttpResult>> AssignAsync(ServingState state, string name, HttpRequest request, CancellationToken ct)
    {
        var (body, problem) = await ReadJsonAsync(request, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var unit = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("unit", out var unitElement) ? PredictionService.UnitText(unitElement) : null;
        if (unit is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["unit"] = ["required: a non-empty string or an integer naming the unit, e.g. {\"unit\": \"cust-42\"} or {\"unit\": 42}"] },
                title: "The request body is not valid.", detail: "The field 'unit' is missing, or is neither a non-empty string nor an integer.");
        }

        try
        {
            // Faults of the database (locked past the bounded wait, read-only, full) propagate: 503 with Retry-After.
            var assignment = (await state.Store.WriteAsync((db, c) => new ExperimentService(state.Workspace, db).AssignAsync(name, [unit], c), ct).ConfigureAwait(false))[0];
            return TypedResults.Json(new AssignResponse(name, assignment.Unit, assignment.Variant, assignment.AssignedAt, assignment.New), Json.Info<AssignResponse>());
        }
        catch (LeanMLInputException ex)
        {
            return Problem(ex);
        }
    }

    private static async Task<Results<JsonHttpResult<ExperimentAnalysis>, ProblemHttpResult>> ResultsAsync(ServingState state, string name, CancellationToken ct)
    {
        try
        {
            await using var warehouse = await state.Store.OpenAsync(ct).ConfigureAwait(false);
            var analysis = await new ExperimentService(state.Workspace, warehouse).AnalyzeAsync(name, ct).ConfigureAwait(false);
            return TypedResults.Json(analysis, Json.Info<ExperimentAnalysis>());
        }
        catch (LeanMLInputException ex)
        {
            return Problem(ex);
        }
    }

    /// <summary>
    /// Reads the body as JSON (<see cref="JsonBody"/>: UTF-8 only, no duplicated keys); malformed JSON is a 400 problem
    /// naming the position. A body over the size limit throws Kestrel's 413, which the fault middleware answers.
    /// </summary>
    internal static async Task<(JsonElement Body, ProblemHttpResult? Problem)> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        try
        {
            using var doc = JsonBody.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            return (doc.RootElement.Clone(), null);
        }
        catch (LeanMLInputException ex)
        {
            return (default, TypedResults.Problem(title: "The request body is not valid JSON.", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest));
        }
    }

    /// <summary>Maps a library error to problem details: an unknown experiment is 404, other input errors 400, environment errors 503.</summary>
    internal static ProblemHttpResult Problem(LeanMLException ex) => ex switch
    {
        LeanMLInputException { Field: "NAME" } => TypedResults.Problem(title: "No such experiment.", detail: ex.Message, statusCode: StatusCodes.Status404NotFound),
        LeanMLInputException input => TypedResults.Problem(title: "The request cannot be processed.", detail: ex.Message, statusCode: input.File is null ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity),
        _ => TypedResults.Problem(title: "The server cannot reach what it needs.", detail: ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable),
    };

    /// <summary>The answer of the assign endpoint.</summary>
    internal sealed record AssignResponse(string Experiment, string Unit, string Variant, DateTimeOffset AssignedAt, bool New);
}
