using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using LeanML.Scoring;
using LeanML.Serving;

namespace LeanML.Server.Apis;

/// <summary>Real-time predictions: LeanML's own endpoint and MLflow's scoring-server endpoint.</summary>
public static class PredictApi
{
    /// <summary>Maps <c>POST /v1/projects/{project}/predict</c> and <c>POST /invocations</c>.</summary>
    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder app)
    {
        // The state is captured here rather than bound per request: resolving it would open a service scope per call.
        var state = app.ServiceProvider.GetRequiredService<ServingState>();
        app.MapPost("/v1/projects/{project}/predict", (string project, HttpRequest request, CancellationToken ct) => PredictAsync(project, request, state, ct))
            .RequireScope(TokenScope.Predict)
            .WithName("Predict")
            .WithSummary("Scores rows with the project's production model: {\"rows\": [{feature: value}]} -> {\"project\", \"run_id\", \"predictions\"}; with \"unit\" and a running experiment, with the unit's sticky variant's run (+ \"experiment\", \"variant\").")
            .Accepts<PredictRequest>("application/json")
            .Produces<PredictResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        app.MapPost("/invocations", (string? project, HttpRequest request, CancellationToken ct) => InvokeAsync(project, request, state, ct))
            .RequireScope(TokenScope.Predict)
            .WithName("Invocations")
            .WithSummary("MLflow scoring-server compatible: dataframe_split or dataframe_records -> {\"predictions\": [...]}; ?project= unless one project is served.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async ValueTask<IResult> PredictAsync(string project, HttpRequest request, ServingState state, CancellationToken cancellationToken)
    {
        if (state.Models.Get(project) is null && state.Experiments.Get(project) is null)
        {
            return NotServed(project);
        }

        return await ReadAndScoreAsync(request, state, project, null, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<IResult> InvokeAsync(string? project, HttpRequest request, ServingState state, CancellationToken cancellationToken)
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

        return await ReadAndScoreAsync(request, state, model.Project, model, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the body and scores it: MLflow's shape with <paramref name="mlflowModel"/>, else LeanML's (production or the unit's variant).</summary>
    private static async ValueTask<IResult> ReadAndScoreAsync(HttpRequest request, ServingState state, string project, ScoringModel? mlflowModel, CancellationToken cancellationToken)
    {
        if (request.ContentLength > state.Options.MaxBodyBytes)
        {
            return TooLarge(state);
        }

        // The whole body from the request's pipe, parsed where it lies (no copy through a stream).
        var reader = request.BodyReader;
        ReadResult read;
        try
        {
            while (!(read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)).IsCompleted)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(state);
        }

        try
        {
            JsonDocument document;
            try
            {
                document = JsonBody.Parse(read.Buffer);
            }
            catch (LeanMLInputException ex)
            {
                return TypedResults.Problem(detail: ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON");
            }

            using (document)
            {
                return await ScoreAsync(document.RootElement, request.HttpContext.Response, state, project, mlflowModel, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // The document reads the pipe's memory in place: released only once the document is disposed.
            reader.AdvanceTo(read.Buffer.End);
        }
    }

    private static async ValueTask<IResult> ScoreAsync(JsonElement body, HttpResponse response, ServingState state, string project, ScoringModel? mlflowModel, CancellationToken cancellationToken)
    {
        var output = new PooledJsonResult();
        PredictionOutcome outcome;
        try
        {
            outcome = mlflowModel is not null
                ? state.Predictions.Invoke(mlflowModel, body, output)
                : await state.Predictions.PredictAsync(project, state.Models, state.Experiments, body, output, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LeanMLException or System.Data.Common.DbException)
        {
            output.Dispose();
            ServingMiddleware.SetRetryAfter(response, state);
            return TypedResults.Problem(detail: $"the unit's experiment assignment failed: {ex.Message}", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Assignment unavailable");
        }

        if (outcome.Succeeded)
        {
            return output;
        }

        output.Dispose();
        return outcome.NotServed
            ? NotServed(project)
            : TypedResults.ValidationProblem(
                outcome.Errors is null ? new Dictionary<string, string[]>() : new Dictionary<string, string[]>(outcome.Errors),
                detail: outcome.Detail,
                title: "Invalid prediction request");
    }

    private static ProblemHttpResult NotServed(string project) =>
        TypedResults.Problem(detail: $"project '{project}' has no production model on this server. Train it and promote a run with 'leanml promote RUN'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown project");

    private static ProblemHttpResult TooLarge(ServingState state) =>
        TypedResults.Problem(detail: $"the body is larger than {state.Options.MaxBodyBytes} bytes; send fewer rows per request, or use 'leanml score' for batches.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large");
}

/// <summary>The body of a predict request: one object of feature values per row.</summary>
/// <remarks>The optional unit (a string or an integer, e.g. a customer id) routes the request through the project's running experiment.</remarks>
public sealed record PredictRequest(IReadOnlyList<Dictionary<string, JsonElement>> Rows, JsonElement? Unit = null);

/// <summary>The answer of a predict request: the run that scored, and one prediction per row, in order.</summary>
/// <remarks>
/// With a unit in a running experiment: also its experiment and variant; a variant without a run has null run_id and
/// predictions. Category values training never saw are scored as missing and listed in unseen_categories (absent when none);
/// so are features a row left out that training never saw missing, in missing_features.
/// </remarks>
public sealed record PredictResponse(string Project, string? RunId, IReadOnlyList<PredictionShape>? Predictions, string? Experiment = null, string? Variant = null, IReadOnlyList<UnseenCategoryShape>? UnseenCategories = null, IReadOnlyList<MissingFeatureShape>? MissingFeatures = null);

/// <summary>A feature a row left out (absent or null) that training never saw missing: scored as missing.</summary>
public sealed record MissingFeatureShape(int Row, string Field);

/// <summary>A category value training never saw: the row (0-based), the field and the value sent.</summary>
public sealed record UnseenCategoryShape(int Row, string Field, string Value);

/// <summary>
/// One prediction: its prediction_id, the row's id when the row carried the brief's id field, and score (binary), value
/// (regression), or label and scores (multiclass).
/// </summary>
public sealed record PredictionShape(string PredictionId, JsonElement? Id, double? Score, double? Value, string? Label, IReadOnlyDictionary<string, double>? Scores);
