using LeanML.Internal;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeanML.Experiments;
using LeanML.Storage;
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
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app, LeanML.Workspace.Workspace workspace)
    {
        var group = app.MapGroup("/v1/experiments").WithTags("Experiments");
        group.MapPost("/{name}/assign", (string name, HttpRequest request, CancellationToken ct) => AssignAsync(workspace, name, request, ct))
            .WithName("AssignVariant")
            .WithSummary("Assigns a unit to a variant: deterministic, sticky, recorded once.");
        group.MapGet("/{name}/results", (string name, CancellationToken ct) => ResultsAsync(workspace, name, ct))
            .WithName("ExperimentResults")
            .WithSummary("The analysis: the decision sentence, then per metric and variant the figures behind it.");
        app.MapEventsApi(workspace);
        return app;
    }

    private static async Task<Results<JsonHttpResult<AssignResponse>, ValidationProblem, ProblemHttpResult>> AssignAsync(LeanML.Workspace.Workspace workspace, string name, HttpRequest request, CancellationToken ct)
    {
        var (body, problem) = await ReadJsonAsync(request, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("unit", out var unitElement) || unitElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(unitElement.GetString()))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["unit"] = ["required: a non-empty string naming the unit, e.g. {\"unit\": \"cust-42\"}"] },
                title: "The request body is not valid.", detail: "The field 'unit' is missing or not a non-empty string.");
        }

        try
        {
            await using var warehouse = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false);
            var assignment = (await new ExperimentService(workspace, warehouse).AssignAsync(name, [unitElement.GetString()!], ct).ConfigureAwait(false))[0];
            return TypedResults.Json(new AssignResponse(name, assignment.Unit, assignment.Variant, assignment.AssignedAt, assignment.New), Json.Info<AssignResponse>());
        }
        catch (LeanMLException ex)
        {
            return Problem(ex);
        }
    }

    private static async Task<Results<JsonHttpResult<ExperimentAnalysis>, ProblemHttpResult>> ResultsAsync(LeanML.Workspace.Workspace workspace, string name, CancellationToken ct)
    {
        try
        {
            await using var warehouse = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false);
            var analysis = await new ExperimentService(workspace, warehouse).AnalyzeAsync(name, ct).ConfigureAwait(false);
            return TypedResults.Json(analysis, Json.Info<ExperimentAnalysis>());
        }
        catch (LeanMLException ex)
        {
            return Problem(ex);
        }
    }

    /// <summary>Reads the body as JSON; malformed JSON is a 400 problem naming the position.</summary>
    internal static async Task<(JsonElement Body, ProblemHttpResult? Problem)> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct).ConfigureAwait(false);
            return (doc.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (default, TypedResults.Problem(title: "The request body is not valid JSON.", detail: $"{ex.Message}", statusCode: StatusCodes.Status400BadRequest));
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
