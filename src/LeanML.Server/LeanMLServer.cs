using LeanML.Server.Apis;

namespace LeanML.Server;

/// <summary>Builds the HTTP host of <c>leanml serve</c>; the CLI and the tests start it the same way.</summary>
public static class LeanMLServer
{
    /// <summary>Builds the web application for a workspace, bound to the given URL.</summary>
    public static WebApplication Build(LeanML.Workspace.Workspace workspace, string url)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = workspace.Root });
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapHealthApi();
        app.MapExperimentsApi(workspace);
        return app;
    }
}
