using System.Buffers;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using LeanML.Scoring;

namespace LeanML.Server.Apis;

/// <summary>Real-time predictions: LeanML's own endpoint and MLflow's scoring-server endpoint.</summary>
public static class PredictApi
{
    /// <summary>Maps <c>POST /v1/projects/{project}/predict</c> and <c>POST /invocations</c>.</summary>
    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/projects/{project}/predict", PredictAsync)
            .WithName("Predict")
            .WithSummary("Scores rows with the project's production model: {\"rows\": [{feature: value}]} -> {\"project\", \"run_id\", \"predictions\"}.")
            .Accepts<PredictRequest>("application/json")
            .Produces<PredictResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        app.MapPost("/invocations", InvokeAsync)
            .WithName("Invocations")
            .WithSummary("MLflow scoring-server compatible: dataframe_split or dataframe_records -> {\"predictions\": [...]}; ?project= unless one project is served.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> PredictAsync(string project, HttpRequest request, ServingState state, CancellationToken cancellationToken)
    {
        var model = state.Models.Get(project);
        if (model is null)
        {
            return NotServed(project);
        }

        return await ScoreAsync(request, state, model, mlflow: false, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> InvokeAsync(string? project, HttpRequest request, ServingState state, CancellationToken cancellationToken)
    {
        var models = state.Models.Current;
        ScoringModel? model;
        if (project is not null)
        {
            model = state.Models.Get(project);
            if (model is null)
            {
                return NotServed(project);
            }
        }
        else if (models.Count == 1)
        {
            model = models.Values.First();
        }
        else
        {
            return TypedResults.Problem(
                detail: models.Count == 0 ? "no project has a production model; promote a run with 'leanml promote RUN'." : $"several projects are served ({string.Join(", ", models.Keys.Order(StringComparer.Ordinal))}); name one with ?project=NAME.",
                statusCode: models.Count == 0 ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
                title: "Which project?");
        }

        return await ScoreAsync(request, state, model, mlflow: true, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> ScoreAsync(HttpRequest request, ServingState state, ScoringModel model, bool mlflow, CancellationToken cancellationToken)
    {
        if (request.ContentLength > state.Options.MaxBodyBytes)
        {
            return TooLarge(state);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(detail: $"the body is not valid JSON: {ex.Message}", statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(state);
        }

        using (document)
        {
            var output = new ArrayBufferWriter<byte>(512);
            var outcome = mlflow
                ? state.Predictions.Invoke(model, document.RootElement, output)
                : state.Predictions.Predict(model, document.RootElement, output);
            if (!outcome.Succeeded)
            {
                return TypedResults.ValidationProblem(
                    outcome.Errors is null ? new Dictionary<string, string[]>() : new Dictionary<string, string[]>(outcome.Errors),
                    detail: outcome.Detail,
                    title: "Invalid prediction request");
            }

            return TypedResults.Bytes(output.WrittenMemory, "application/json");
        }
    }

    private static ProblemHttpResult NotServed(string project) =>
        TypedResults.Problem(detail: $"project '{project}' has no production model on this server. Train it and promote a run with 'leanml promote RUN'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown project");

    private static ProblemHttpResult TooLarge(ServingState state) =>
        TypedResults.Problem(detail: $"the body is larger than {state.Options.MaxBodyBytes} bytes; send fewer rows per request, or use 'leanml score' for batches.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large");
}

/// <summary>The body of a predict request: one object of feature values per row.</summary>
public sealed record PredictRequest(IReadOnlyList<Dictionary<string, JsonElement>> Rows);

/// <summary>The answer of a predict request: the run that scored, and one prediction per row, in order.</summary>
public sealed record PredictResponse(string Project, string RunId, IReadOnlyList<PredictionShape> Predictions);

/// <summary>One prediction: score (binary), value (regression), or label and scores (multiclass).</summary>
public sealed record PredictionShape(double? Score, double? Value, string? Label, IReadOnlyDictionary<string, double>? Scores);
