using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Projects;

/// <summary>The board, the stage change, the update and the digest through the CLI as a process (SQLite state).</summary>
public sealed class BoardCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Stage_change_keeps_the_briefs_comments_and_shows_on_the_board_and_in_the_update()
    {
        BoardFixture.Write(_dir, DateTimeOffset.UtcNow);
        var brief = _dir.Combine("projects", "healthy", "project.yaml");
        var before = File.ReadAllText(brief);

        var stage = Infrastructure.Cli.Run(_dir.Path, "project", "stage", "healthy", "shipped", "--json");
        Assert.Equal(0, stage.ExitCode);
        var change = stage.Json();
        Assert.Equal("modeling", change.GetProperty("from").GetString());
        Assert.Equal("shipped", change.GetProperty("to").GetString());
        Assert.Equal(before.Replace("stage: modeling           #", "stage: shipped           #", StringComparison.Ordinal), File.ReadAllText(brief));

        var board = Infrastructure.Cli.Run(_dir.Path, "projects", "--json");
        Assert.Equal(0, board.ExitCode);
        var healthy = board.Json().GetProperty("projects").EnumerateArray().Single(p => p.GetProperty("project").GetString() == "healthy");
        Assert.Equal("shipped", healthy.GetProperty("stage").GetString());
        Assert.Equal("Waiting on the October export.", healthy.GetProperty("health_note").GetString());
        Assert.Equal("stage", healthy.GetProperty("last_event").GetProperty("kind").GetString());
        Assert.Equal("on track", healthy.GetProperty("health").GetString());

        var md = _dir.Combine("update.md");
        var html = _dir.Combine("update.html");
        var update = Infrastructure.Cli.Run(_dir.Path, "update", "healthy", "--since", "7d", "--json", "--md", md, "--html", html);
        Assert.Equal(0, update.ExitCode);
        var project = Assert.Single(update.Json().GetProperty("projects").EnumerateArray());
        Assert.Contains(project.GetProperty("lines").EnumerateArray(), l => l.GetProperty("text").GetString()!.Contains("modeling → shipped", StringComparison.Ordinal));
        Assert.Contains("## healthy — on track", File.ReadAllText(md), StringComparison.Ordinal);
        Assert.Contains("<h2>healthy — on track</h2>", File.ReadAllText(html), StringComparison.Ordinal);

        var human = Infrastructure.Cli.Run(_dir.Path, "projects");
        Assert.Contains("shipped:", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("overdue  owner bo@acme.example", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_stage_bad_window_and_unknown_project_are_input_errors_naming_the_fix()
    {
        BoardFixture.Write(_dir, DateTimeOffset.UtcNow);
        var stage = Infrastructure.Cli.Run(_dir.Path, "project", "stage", "healthy", "shiped");
        Assert.Equal(3, stage.ExitCode);
        Assert.Contains("shipped", stage.Stderr, StringComparison.Ordinal);
        var since = Infrastructure.Cli.Run(_dir.Path, "update", "--since", "a week");
        Assert.Equal(3, since.ExitCode);
        Assert.Contains("--since", since.Stderr, StringComparison.Ordinal);
        var project = Infrastructure.Cli.Run(_dir.Path, "update", "helthy");
        Assert.Equal(3, project.ExitCode);
        Assert.Contains("healthy", project.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Digest_dry_run_without_subscribers_shows_what_a_subscriber_would_get()
    {
        BoardFixture.Write(_dir, DateTimeOffset.UtcNow);
        var json = Infrastructure.Cli.Run(_dir.Path, "digest", "--dry-run", "--json");
        Assert.Equal(0, json.ExitCode);
        Assert.True(json.Json().GetProperty("dry_run").GetBoolean());
        Assert.Equal(0, json.Json().GetProperty("channels").GetArrayLength());
        var human = Infrastructure.Cli.Run(_dir.Path, "digest", "--dry-run");
        Assert.Contains("no subscribers", human.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine(".leanml", "digest.atom")));
    }

    public void Dispose() => _dir.Dispose();
}
