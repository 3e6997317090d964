using LeanML.IntegrationTests.Scoring;
using LeanML.Server;
using LeanML.Serving;
using Microsoft.AspNetCore.Builder;

namespace LeanML.IntegrationTests.Serving;

/// <summary>The real server (Kestrel) on an ephemeral loopback port with an HttpClient pointed at it.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public ServingState State => (ServingState)App.Services.GetService(typeof(ServingState))!;

    public static async Task<RunningServer> StartAsync(ServingWorkspace workspace, ServingOptions? options = null)
    {
        var app = await LeanMLServer.BuildAsync(workspace.Workspace, "127.0.0.1", 0, options);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return new RunningServer(app, client);
    }

    public async Task StopAsync() => await App.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
