using LeanML.Projects;

namespace LeanML.Tests.Projects;

/// <summary>Each health rule on its own, at a fixed time, with the reason a stakeholder reads.</summary>
public sealed class ProjectHealthTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowStart = Now.AddDays(-7);

    private static ProjectCard Card(string? due, string stage = "modeling") =>
        ProjectCard.Parse("p", "p.yaml", $"stage: {stage}\n{(due is null ? "" : $"due: {due}\n")}done_when: auc >= 0.8\n");

    private static ProjectEvent Event(double daysAgo, HealthSignal signal = HealthSignal.None) =>
        new("p", Now.AddDays(-daysAgo), "run", $"event {daysAgo} days ago", "id", signal);

    [Fact]
    public void Overdue_is_off_track_with_the_days()
    {
        var h = ProjectHealth.Evaluate(Card("2026-12-03"), [Event(1)], barMet: true, WindowStart, Now);
        Assert.Equal(new ProjectHealth("off track", "overdue by 3 days (due 2026-12-03)"), h);
    }

    [Fact]
    public void A_failing_error_test_is_off_track_whenever_it_was_recorded()
    {
        var h = ProjectHealth.Evaluate(Card("2027-01-31"), [Event(1), Event(10, HealthSignal.FailingErrorTest)], barMet: true, WindowStart, Now);
        Assert.Equal("off track", h.Status);
        Assert.StartsWith("a data test of error severity fails", h.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alert_counts_inside_the_window_only()
    {
        Assert.Equal("off track", ProjectHealth.Evaluate(Card("2027-01-31"), [Event(2, HealthSignal.Alert)], true, WindowStart, Now).Status);
        Assert.Equal("on track", ProjectHealth.Evaluate(Card("2027-01-31"), [Event(9, HealthSignal.Alert), Event(1)], true, WindowStart, Now).Status);
    }

    [Fact]
    public void Due_within_seven_days_with_the_bar_not_met_is_at_risk_and_met_is_not()
    {
        var h = ProjectHealth.Evaluate(Card("2026-12-13"), [Event(1)], barMet: false, WindowStart, Now);
        Assert.Equal(new ProjectHealth("at risk", "due in 7 days (2026-12-13) and the bar 'auc >= 0.8' is not met"), h);
        Assert.Equal("on track", ProjectHealth.Evaluate(Card("2026-12-13"), [Event(1)], barMet: true, WindowStart, Now).Status);
        Assert.Equal("on track", ProjectHealth.Evaluate(Card("2026-12-14"), [Event(1)], barMet: false, WindowStart, Now).Status);
    }

    [Fact]
    public void Fourteen_quiet_days_are_at_risk()
    {
        var h = ProjectHealth.Evaluate(Card(null), [Event(15)], barMet: true, WindowStart, Now);
        Assert.Equal(new ProjectHealth("at risk", "no event for 14 days (the last: 2026-11-21)"), h);
        Assert.Equal("on track", ProjectHealth.Evaluate(Card(null), [Event(13.9)], true, WindowStart, Now).Status);
        Assert.Equal("at risk", ProjectHealth.Evaluate(Card(null), [], true, WindowStart, Now).Status);
    }

    [Fact]
    public void Done_and_parked_projects_are_not_judged()
    {
        Assert.Equal("on track", ProjectHealth.Evaluate(Card("2026-01-01", "parked"), [], false, WindowStart, Now).Status);
    }

    [Fact]
    public void A_bad_due_date_names_its_line()
    {
        var error = Assert.Throws<LeanMLInputException>(() => ProjectCard.Parse("p", "projects/p/project.yaml", "name: p\ndue: next friday\n"));
        Assert.Equal(2, error.Line);
        Assert.Contains("YYYY-MM-DD", error.Message, StringComparison.Ordinal);
    }
}
