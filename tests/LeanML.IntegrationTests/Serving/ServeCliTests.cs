using System.Net;
using System.Text;
using LeanML.IntegrationTests.Scoring;

namespace LeanML.IntegrationTests.Serving;

/// <summary><c>leanml token</c> and <c>leanml serve</c> as child processes.</summary>
public sealed class ServeCliTests
{
    [Fact]
    public async Task Token_create_shows_it_once_list_hides_it_and_revoke_removes_it()
    {
        using var ws = ServingWorkspace.Create();
        var created = await Infrastructure.Cli.RunAsync(ws.Root, "token", "create", "--scope", "predict", "--name", "crm", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var json = created.Json();
        var secret = json.GetProperty("token").GetString()!;
        var id = json.GetProperty("id").GetString()!;
        Assert.StartsWith("lml_", secret, StringComparison.Ordinal);

        var list = await Infrastructure.Cli.RunAsync(ws.Root, "token", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(id, list.Stdout, StringComparison.Ordinal);
        Assert.Contains("crm", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await Infrastructure.Cli.RunAsync(ws.Root, "token", "revoke", id)).ExitCode);
        var again = await Infrastructure.Cli.RunAsync(ws.Root, "token", "revoke", id);
        Assert.Equal(3, again.ExitCode);
        Assert.Equal(2, (await Infrastructure.Cli.RunAsync(ws.Root, "token", "create", "--scope", "root")).ExitCode);
    }

    [Fact]
    public async Task Serve_refuses_a_public_address_without_tokens()
    {
        using var ws = ServingWorkspace.Create();
        var result = await Infrastructure.Cli.RunAsync(ws.Root, "serve", "--host", "0.0.0.0", "--port", "0");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("without API tokens", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_is_exit_4_with_one_line_and_a_port_out_of_range_is_exit_2()
    {
        using var ws = ServingWorkspace.Create();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var busy = await Infrastructure.Cli.RunAsync(ws.Root, "serve", "--port", port);
        Assert.True(busy.ExitCode == 4, busy.ToString());
        Assert.Equal($"error: port {port} is in use; pass --port", busy.Stderr.Trim());

        var outOfRange = await Infrastructure.Cli.RunAsync(ws.Root, "serve", "--port", "99999");
        Assert.True(outOfRange.ExitCode == 2, outOfRange.ToString());
        Assert.Contains("--port 99999 is not a TCP port", outOfRange.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "logging every prediction", 1)]
    [InlineData("0", "the prediction log is off", 0)]
    public async Task Serve_says_loopback_only_serves_and_stops_gracefully_on_sigterm(string? logSample, string logSays, int logged)
    {
        using var ws = ServingWorkspace.Create();
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        if (logSample is not null)
        {
            await File.AppendAllTextAsync(Path.Combine(ws.Root, "leanml.yaml"), $"server:\n  log_sample: {logSample}\n");
        }

        await using var serve = await Infrastructure.ServeProcess.StartAsync(ws.Root);
        using (var client = serve.Client())
        {
            using var response = await client.PostAsync("/v1/projects/churn/predict", new StringContent("{\"rows\": [" + PredictApiTests.TelcoRowJson(0) + "]}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(run, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // SIGTERM, as a service manager stops it.
        await serve.StopAsync();
        var text = serve.Stderr;
        Assert.Equal(0, serve.ExitCode);
        Assert.Contains("serving loopback callers only", text, StringComparison.Ordinal);
        Assert.Contains($"serving churn with run {run}", text, StringComparison.Ordinal);
        Assert.Contains(logSays, text, StringComparison.Ordinal);
        Assert.Contains($"stopped; {logged} predictions logged, 0 dropped", text, StringComparison.Ordinal);
    }
}
