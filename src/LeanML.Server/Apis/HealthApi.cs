namespace LeanML.Server.Apis;

/// <summary>Liveness: the process is up.</summary>
public static class HealthApi
{
    /// <summary>Maps <c>GET /healthz</c>.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }))
            .WithName("Healthz")
            .WithSummary("The process is up.");
        return app;
    }
}
