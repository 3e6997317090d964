using System.Net;
using LeanML.Server.Apis;
using LeanML.Serving;

namespace LeanML.Server;

/// <summary>Builds the HTTP host of <c>leanml serve</c>; the CLI and the tests start it the same way.</summary>
public static class LeanMLServer
{
    /// <summary>
    /// Builds the web application for a workspace: loads the production models and tokens once (so the first request
    /// is served), and refuses a non-loopback address when no token is configured.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(LeanML.Workspace.Workspace workspace, string host, int port, ServingOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ServingOptions();
        var store = await ServingStore.OpenAsync(workspace, options.StoreWriteWait, cancellationToken).ConfigureAwait(false);
        var log = new PredictionLog(store.OpenAsync, options.LogQueueCapacity, () => store.Moved);
        var state = new ServingState(workspace, options, log, store);
        await using (var warehouse = await store.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await ServingPoller.RefreshAsync(state, warehouse, cancellationToken).ConfigureAwait(false);
        }

        if (!state.Tokens.Enabled && !IsLoopback(host))
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new LeanMLInputException($"refusing to listen on {host} without API tokens: anyone on the network could call the API. Create one with 'leanml token create --scope predict', or serve on 127.0.0.1.", field: "--host");
        }

        // The content root is the install folder, not the workspace, and configuration is not reloaded: a file watcher
        // over the workspace would wake on every write of the prediction log to the warehouse.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.WebHost.UseUrls($"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            k.AddServerHeader = false;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Hosting's request diagnostics log nothing at Warning, but while any level of them is on, every request gets
        // an Activity (and its async-local context) for log scopes: about a sixth of a request's allocations.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJsonContext.Default);
        });
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(state);
        builder.Services.AddHostedService<ServingPoller>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var app = builder.Build();
        var metrics = new ServingMetrics();
        app.UseServingMetrics(metrics);
        app.UseFaultProblems(state);
        // Routing first, so the token check reads the scope of the endpoint matched (never the path's text).
        app.UseRouting();
        app.UseHostAndOriginChecks(state);
        app.UseBearerTokens(state);
        app.UseJsonBodies(state);
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthApi();
        app.MapPredictApi();
        app.MapMetricsApi(metrics);
        log.Start();
        app.MapExperimentsApi();
        return app;
    }

    /// <summary>True when the host names a loopback address.</summary>
    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>True when tokens are configured (so every /v1 and /invocations call needs one).</summary>
    public static bool TokensEnabled(WebApplication app) => app.Services.GetRequiredService<ServingState>().Tokens.Enabled;
}
