using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Cli;

/// <summary>The demo runs the whole loop on the example company as a real process, without a failure.</summary>
public sealed class DemoTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Demo_runs_every_step_of_the_loop_and_reaches_a_verdict_and_a_decision()
    {
        var r = Infrastructure.Cli.Run(_dir.Path, "demo", _dir.Combine("acme"), "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = r.Json();
        var steps = json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(
            [
                "create the example company", "ingest the exports", "build the transforms and test the data", "train the churn model against the business rule",
                "promote it to production", "score every customer in batch", "serve the model over HTTP", "analyse the outreach experiment",
                "serve a day of shifted traffic and monitor it",
                "write the week's update", "compose the digest (dry run)",
            ],
            steps);
        // The example company is planted so that the model meets its bar and the outreach experiment ships.
        Assert.StartsWith("done: auc ", json.GetProperty("verdict").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("ship ", json.GetProperty("decision").GetString(), StringComparison.Ordinal);
        // The malformed lines of the exports are shown, not hidden, and the bad HTTP request is answered with a problem.
        Assert.Contains("6 malformed rows quarantined", r.Stderr, StringComparison.Ordinal);
        // It ends with the week's update (the run, the promotion and the experiment as lines) and the digest.
        Assert.Contains("## churn — ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("experiment churn-outreach started", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("# LeanML digest", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("POST with an unknown field -> 400", r.Stderr, StringComparison.Ordinal);
        Assert.True(Directory.EnumerateFiles(_dir.Combine("acme", ".leanml", "runs"), "model.json", SearchOption.AllDirectories).Any());
        // The shifted day (monthly-billed customers' logins fall to a quarter) is caught, with the alert it would send.
        Assert.Contains("logins_last_4w         drift", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("would exit 1 and alert: churn: ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_events_loads_the_example_events_once()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "acme", "--example", "--customers", "300").ExitCode);
        var ws = _dir.Combine("acme");
        var first = Infrastructure.Cli.Run(ws, "ingest", "--events", "data/experiment_events.csv", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        var lines = File.ReadLines(_dir.Combine("acme", "data", "experiment_events.csv")).Count() - 1;
        Assert.Equal(lines, first.Json().GetProperty("accepted").GetInt64());

        var again = Infrastructure.Cli.Run(ws, "ingest", "--events", "data/experiment_events.csv", "--json");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(0, again.Json().GetProperty("accepted").GetInt64());
        Assert.Equal(lines, again.Json().GetProperty("duplicates").GetInt64());
    }

    [Fact]
    public void Ingest_needs_paths_or_events_but_not_both()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "acme").ExitCode);
        Assert.Equal(2, Infrastructure.Cli.Run(_dir.Combine("acme"), "ingest").ExitCode);
        Assert.Equal(2, Infrastructure.Cli.Run(_dir.Combine("acme"), "ingest", "a.csv", "--events", "e.csv").ExitCode);
    }

    public void Dispose() => _dir.Dispose();
}
