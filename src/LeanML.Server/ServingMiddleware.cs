using System.Diagnostics;
using System.Net;
using LeanML.Serving;

namespace LeanML.Server;

/// <summary>The two cross-cutting steps of every request: metrics, and bearer tokens on /v1 and /invocations.</summary>
internal static class ServingMiddleware
{
    /// <summary>Counts every request by route template and status, and its latency.</summary>
    public static void UseServingMetrics(this WebApplication app, ServingMetrics metrics) => app.Use(async (context, next) =>
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            metrics.Record(route, context.Response.StatusCode, Stopwatch.GetElapsedTime(start));
        }
    });

    /// <summary>
    /// With tokens configured: a bearer token of the right scope (401 without or unknown, 403 with the wrong scope).
    /// Without tokens: loopback callers only.
    /// </summary>
    public static void UseBearerTokens(this WebApplication app, ServingState state) => app.Use(async (context, next) =>
    {
        var required = RequiredScope(context.Request.Path);
        if (required is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var tokens = state.Tokens;
        if (!tokens.Enabled)
        {
            if (context.Connection.RemoteIpAddress is { } ip && !IPAddress.IsLoopback(ip))
            {
                await Problem(context, StatusCodes.Status403Forbidden, "Forbidden", "no API tokens are configured, so only loopback callers are served. Create a token with 'leanml token create'.").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problem(context, StatusCodes.Status401Unauthorized, "Unauthorized", "this server requires a bearer token: send 'Authorization: Bearer <token>' (create one with 'leanml token create --scope predict').").ConfigureAwait(false);
            return;
        }

        var scope = tokens.Verify(header.AsSpan(7).Trim());
        if (scope is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await Problem(context, StatusCodes.Status401Unauthorized, "Unauthorized", "the bearer token is unknown or revoked.").ConfigureAwait(false);
            return;
        }

        if (!TokenVerifier.Allows(scope.Value, required.Value))
        {
            await Problem(context, StatusCodes.Status403Forbidden, "Forbidden", $"the token's scope '{scope.Value.ToString().ToLowerInvariant()}' does not allow this call; it needs '{required.Value.ToString().ToLowerInvariant()}'{(required.Value == TokenScope.Admin ? "" : " (or admin)")}.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>
    /// The scope a path needs (admin always works): events for /v1/events; admin for experiment results (business
    /// figures, not for the tokens shipped inside client apps); predict for assignment, predictions and /invocations.
    /// </summary>
    internal static TokenScope? RequiredScope(PathString path) =>
        path.StartsWithSegments("/v1/events") ? TokenScope.Events
        : path.StartsWithSegments("/v1/experiments", out var rest) && rest.Value is { } r && r.EndsWith("/results", StringComparison.Ordinal) ? TokenScope.Admin
        : path.StartsWithSegments("/v1") || path.StartsWithSegments("/invocations") ? TokenScope.Predict
        : null;

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);
}
