using System.CommandLine;
using LeanML.Server;
using LeanML.Serving;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml serve</c>: the HTTP API over the workspace's production models.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var host = new Option<string?>("--host") { Description = "Address to listen on (default: server.host of leanml.yaml, 127.0.0.1). Any non-loopback address needs API tokens.", HelpName = "H" };
        var port = new Option<int?>("--port") { Description = "TCP port (default: server.port of leanml.yaml, 5080; 0 picks a free one)", HelpName = "P" };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && value is < 0 or > 65535)
            {
                result.AddError($"--port {value} is not a TCP port; pass one from 1 to 65535 (or 0 for any free one).");
            }
        });
        var command = new Command("serve", """
            Serve every project's production model over HTTP: POST /v1/projects/{project}/predict, POST /invocations
            (MLflow), /healthz, /readyz, /metrics and the OpenAPI document at /openapi/v1.json. A promotion takes
            effect within about a second. Predictions are logged to the warehouse (a sample with server.log_sample in
            leanml.yaml). Ctrl-C stops gracefully, writing
            every queued prediction first.

            Examples:
              leanml serve
              leanml serve --port 8080
              leanml serve --host 0.0.0.0   (only after 'leanml token create')
            """)
        {
            host,
            port,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var h = parse.GetValue(host) ?? workspace.Settings.Server.Host;
            var p = parse.GetValue(port) ?? workspace.Settings.Server.Port;
            var options = new ServingOptions { LogSampleRate = workspace.Settings.Server.LogSample, AllowedHosts = workspace.Settings.Server.AllowedHosts };
            await using var app = await LeanMLServer.BuildAsync(workspace, h, p, options, ct).ConfigureAwait(false);
            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException ex) when (AddressInUse(ex))
            {
                throw new LeanMLEnvironmentException($"port {p} is in use; pass --port", ex);
            }

            var state = app.Services.GetRequiredService<ServingState>();
            output.Status(LeanMLServer.TokensEnabled(app)
                ? "API tokens are configured: every /v1 and /invocations call needs 'Authorization: Bearer <token>'."
                : "no API tokens configured: serving loopback callers only (create one with 'leanml token create --scope predict').");
            foreach (var m in state.Models.Current.Values.OrderBy(m => m.Project, StringComparer.Ordinal))
            {
                output.Status($"serving {m.Project} with run {m.RunId} ({m.Task})");
            }

            output.Status(options.LogSampleRate >= 1 ? "logging every prediction to the warehouse"
                : options.LogSampleRate <= 0 ? "the prediction log is off (server.log_sample: 0 in leanml.yaml)"
                : $"logging a {options.LogSampleRate:P0} sample of predictions (server.log_sample in leanml.yaml)");
            output.Status($"listening on {string.Join(", ", app.Urls)} (Ctrl-C to stop)");
            // Stops on the host's own SIGTERM/SIGINT handling or on the command's token, whichever comes first: the
            // command line's handler cancels the token and then waits for this action to end, so if it ran before the
            // host's handler and the host waited only for its own, the stop would wait out the 30 s termination timeout
            // and exit 143 (seen once in CI under load).
            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            output.Status($"stopped; {state.Log.Logged} predictions logged, {state.Log.Dropped} dropped.");
            return ExitCodes.Success;
        });
        return command;
    }

    // Kestrel's bind failure: an IOException around AddressInUseException (itself around the socket's error).
    private static bool AddressInUse(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is Microsoft.AspNetCore.Connections.AddressInUseException or System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }
}
