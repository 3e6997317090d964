using LeanML.Training;
using LeanML.Workspace;

namespace LeanML.Tests.Monitoring;

/// <summary>alerts: in leanml.yaml and outcome: in the brief are read with defaults, and every mistake names its line.</summary>
public sealed class AlertRuleTests
{
    private const string Smtp = "smtp:\n  host: 127.0.0.1\n  from: ml@acme.example\n";

    [Fact]
    public void Alerts_are_read_with_their_defaults()
    {
        var settings = WorkspaceSettings.Parse("leanml.yaml", Smtp + """
            alerts:
              - {project: churn, on: performance, threshold: 0.75, webhook: "https://hooks.example/T/B/x", email: [ana@acme.example]}
              - project: churn
                on: volume
                threshold: 0.5
                min_n: 20
                cooldown: 6h
                webhook: http://127.0.0.1:9/x
            """);
        Assert.Equal(2, settings.Alerts.Count);
        var first = settings.Alerts[0];
        Assert.Equal(("churn", "performance", 0.75, 100, TimeSpan.FromDays(1)), (first.Project, first.On, first.Threshold, first.MinN, first.Cooldown));
        Assert.Equal(["ana@acme.example"], first.Email);
        Assert.Equal((20, TimeSpan.FromHours(6), 6), (settings.Alerts[1].MinN, settings.Alerts[1].Cooldown, settings.Alerts[1].Line));
    }

    [Theory]
    [InlineData("alerts:\n  - {project: churn, on: drfit, threshold: 0.1, webhook: http://h/x}\n", 5, "drift")]
    [InlineData("alerts:\n  - project: churn\n    on: volume\n    webhook: http://h/x\n", 5, "threshold")]
    [InlineData("alerts:\n  - project: churn\n    on: volume\n    threshold: 0.5\n", 6, "nowhere to go")]
    [InlineData("alerts:\n  - project: churn\n    on: volume\n    threshold: 0.5\n    webhook: ftp://h/x\n", 8, "http(s)")]
    [InlineData("alerts:\n  - project: churn\n    on: volume\n    threshold: 0.5\n    email: [not an address]\n", 8, "not a mail address")]
    [InlineData("alerts:\n  - project: churn\n    on: volume\n    threshold: 0.5\n    cooldown: soon\n    webhook: http://h/x\n", 8, "not a duration")]
    public void A_bad_alert_names_its_line_and_the_fix(string yaml, int line, string expected)
    {
        var error = Assert.Throws<LeanMLInputException>(() => WorkspaceSettings.Parse("leanml.yaml", Smtp + yaml));
        Assert.Equal(line, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Email_alerts_need_the_smtp_block()
    {
        var error = Assert.Throws<LeanMLInputException>(() => WorkspaceSettings.Parse("leanml.yaml", "alerts:\n  - {project: churn, on: errors, threshold: 0.1, email: [a@b.example]}\n"));
        Assert.Contains("smtp:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_brief_outcome_block_is_read_and_checked()
    {
        var outcome = ProjectBrief.Parse("churn", "project.yaml", MistakeFinderTests.Brief).Outcome!;
        Assert.Equal(("customer_id", "churned", "known_at", TimeSpan.FromDays(30), false), (outcome.Id, outcome.Label, outcome.Time, outcome.Horizon, outcome.Train));
        Assert.Null(ProjectBrief.Parse("churn", "project.yaml", MistakeFinderTests.Brief[..MistakeFinderTests.Brief.IndexOf("outcome:", StringComparison.Ordinal)]).Outcome);
        var error = Assert.Throws<LeanMLInputException>(() => ProjectBrief.Parse("churn", "project.yaml", MistakeFinderTests.Brief.Replace("horizon: 30d", "horizon: a month", StringComparison.Ordinal)));
        Assert.Equal("outcome.horizon", error.Field);
        Assert.Equal(15, error.Line);
    }
}
