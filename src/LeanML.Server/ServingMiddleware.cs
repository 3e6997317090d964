using System.Diagnostics;
using System.Net;
using LeanML.Serving;
using LeanML.Storage;
using Microsoft.AspNetCore.Authorization;

namespace LeanML.Server;

/// <summary>
/// The cross-cutting steps of every request, in order: metrics; faults as problem details; the Host and Origin checks;
/// bearer tokens with the scope the matched endpoint declares; JSON bodies only.
/// </summary>
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
    /// Every error answer is problem details, never an empty body: a request Kestrel refuses while the body is read
    /// (413), a fault of the environment (the database locked, read-only, full, damaged: 503 with Retry-After), and
    /// anything unexpected (500). A 503 carries Retry-After.
    /// </summary>
    public static void UseFaultProblems(this WebApplication app, ServingState state) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var (status, title, detail) = ex switch
            {
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "Body too large", $"the body is larger than {state.Options.MaxBodyBytes} bytes; send fewer rows per request, or use 'leanml score' for batches."),
                BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
                LeanMLEnvironmentException env => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", env.Message),
                // A fault of the machine (locked, read-only, full, damaged) is 503; any other database error is a bug (500).
                _ when EnvironmentFaults.Classify(ex) is { } fault => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", fault.Message),
                _ => (StatusCodes.Status500InternalServerError, "Internal error", "the server failed on this request (a bug in LeanML; please report it with the server's log)."),
            };
            if (status == StatusCodes.Status500InternalServerError)
            {
                app.Logger.RequestFailed(context.Request.Path.Value ?? "", ex);
            }

            context.Response.Clear();
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                SetRetryAfter(context.Response, state);
            }

            await Problem(context, status, title, detail).ConfigureAwait(false);
        }
    });

    /// <summary>
    /// Refuses a Host the server does not answer (DNS rebinding: see <see cref="HostPolicy"/>) and a state-changing
    /// request sent from another site's page (its Origin is not this server), which a browser sends without asking.
    /// </summary>
    public static void UseHostAndOriginChecks(this WebApplication app, ServingState state) => app.Use(async (context, next) =>
    {
        var host = context.Request.Host.Host;
        if (!state.Hosts.Allows(host, state.Tokens.Enabled))
        {
            await Problem(context, StatusCodes.Status400BadRequest, "Host not served",
                $"this server does not answer the host name '{host}'; call it as localhost or 127.0.0.1, or add the name to server.allowed_hosts in leanml.yaml.").ConfigureAwait(false);
            return;
        }

        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method)
            && context.Request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(origin.ToString(), context.Request))
        {
            await Problem(context, StatusCodes.Status403Forbidden, "Cross-site request refused",
                $"a request from the page '{origin}' may not change anything on this server; call the API from a program, not from another site's page.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>
    /// With tokens configured: a bearer token of the scope the matched endpoint requires (401 without or unknown, 403
    /// with the wrong scope); an endpoint that declares no scope and is not anonymous needs admin. Without tokens:
    /// loopback callers only. The scope comes from the endpoint routing matched, never from the path's text.
    /// </summary>
    public static void UseBearerTokens(this WebApplication app, ServingState state) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var required = endpoint.Metadata.GetMetadata<RequiredScope>()?.Scope ?? TokenScope.Admin;
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

        if (!TokenVerifier.Allows(scope.Value, required))
        {
            await Problem(context, StatusCodes.Status403Forbidden, "Forbidden", $"the token's scope '{scope.Value.ToString().ToLowerInvariant()}' does not allow this call; it needs '{required.ToString().ToLowerInvariant()}'{(required == TokenScope.Admin ? "" : " (or admin)")}.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>
    /// Every POST carries JSON: anything else is 415. Browsers send text/plain and form bodies to any site without
    /// asking first, so accepting them would let any page post to the API.
    /// </summary>
    public static void UseJsonBodies(this WebApplication app, ServingState state) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method) && !context.Request.HasJsonContentType())
        {
            var sent = context.Request.ContentType is { Length: > 0 } type ? $"'{type}'" : "no Content-Type";
            await Problem(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"the body must be JSON sent with 'Content-Type: application/json' (this request has {sent}).").ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method) && context.Request.ContentLength > state.Options.MaxBodyBytes)
        {
            await Problem(context, StatusCodes.Status413PayloadTooLarge, "Body too large",
                $"the body is larger than {state.Options.MaxBodyBytes} bytes; send fewer rows per request, or use 'leanml score' for batches.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>The Retry-After every 503 carries (the fault is expected to clear: a lock released, space freed).</summary>
    public static void SetRetryAfter(HttpResponse response, ServingState state) =>
        response.Headers.RetryAfter = state.Options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Declares the token scope an endpoint (or a group's endpoints) requires.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, TokenScope scope)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequiredScope(scope));

    // Same origin: the Origin's host and port are those the request was sent to (its Host header). "null" (a sandboxed
    // page, a file) is never the same.
    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);
}

/// <summary>Endpoint metadata: the token scope the endpoint requires (admin always works).</summary>
internal sealed record RequiredScope(TokenScope Scope);
