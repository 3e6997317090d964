namespace LeanML.Server.Apis;

/// <summary>Prometheus metrics.</summary>
public static class MetricsApi
{
    /// <summary>Maps <c>GET /metrics</c> (Prometheus text format 0.0.4).</summary>
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app, ServingMetrics metrics)
    {
        app.MapGet("/metrics", (ServingState state) => TypedResults.Text(
                metrics.Render(state.Log.Logged, state.Log.Dropped, state.Log.Failed, state.Predictions.RowsScored, state.Predictions.UnseenCategories, state.Predictions.MissingFeatures),
                "text/plain; version=0.0.4; charset=utf-8"))
            .AllowAnonymous()
            .WithName("Metrics")
            .WithSummary("Requests by route and status, latency histogram, predictions logged and dropped.")
            .ExcludeFromDescription();
        return app;
    }
}
