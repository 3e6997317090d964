using System.Globalization;

namespace LeanML.Projects;

/// <summary>
/// A project's health by the stated rules, with its reason. <c>off track</c>: overdue, a failing error-severity data
/// test, or an alert in the window. <c>at risk</c>: due in 7 days or less with the bar not met, or no event for 14 days.
/// Otherwise <c>on track</c>. The first rule that holds gives the reason. Done and parked projects are not judged.
/// </summary>
/// <param name="Status">on track | at risk | off track.</param>
/// <param name="Reason">Why, in words a stakeholder reads.</param>
public sealed record ProjectHealth(string Status, string Reason)
{
    /// <summary>No rule is broken.</summary>
    public const string OnTrack = "on track";

    /// <summary>The due date is near with the bar not met, or nothing happened for two weeks.</summary>
    public const string AtRisk = "at risk";

    /// <summary>Overdue, a failing error test, or an alert.</summary>
    public const string OffTrack = "off track";

    /// <summary>Days without any event after which a project is at risk.</summary>
    public const int QuietDays = 14;

    /// <summary>Days before the due date from which an unmet bar puts a project at risk.</summary>
    public const int DueSoonDays = 7;

    /// <summary>Applies the rules to one project.</summary>
    /// <param name="card">The project.</param>
    /// <param name="events">Its events from at least <see cref="QuietDays"/> before <paramref name="now"/>.</param>
    /// <param name="barMet">Whether any run of the project met its bar.</param>
    /// <param name="windowStart">Start of the update's window (alerts inside it count).</param>
    /// <param name="now">The time of the update.</param>
    public static ProjectHealth Evaluate(ProjectCard card, IReadOnlyList<ProjectEvent> events, bool barMet, DateTimeOffset windowStart, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(events);
        if (card.Closed)
        {
            return new ProjectHealth(OnTrack, $"stage {card.Stage}: not judged");
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var daysToDue = card.Due is { } due ? due.DayNumber - today.DayNumber : (int?)null;
        if (daysToDue < 0)
        {
            return new ProjectHealth(OffTrack, $"overdue by {-daysToDue} day{(daysToDue == -1 ? "" : "s")} (due {Date(card.Due!.Value)})");
        }

        if (events.Where(e => e.Signal == HealthSignal.FailingErrorTest).MaxBy(e => e.At) is { } failing)
        {
            return new ProjectHealth(OffTrack, $"a data test of error severity fails: {failing.Text}");
        }

        if (events.Where(e => e.Signal == HealthSignal.Alert && e.At >= windowStart).MaxBy(e => e.At) is { } alert)
        {
            return new ProjectHealth(OffTrack, $"alert: {alert.Text}");
        }

        if (daysToDue <= DueSoonDays && !barMet)
        {
            return new ProjectHealth(AtRisk, $"due in {daysToDue} day{(daysToDue == 1 ? "" : "s")} ({Date(card.Due!.Value)}) and the bar{(card.DoneWhen is null ? "" : $" '{card.DoneWhen}'")} is not met");
        }

        var last = events.Count == 0 ? null : events.MaxBy(e => e.At);
        if (last is null || last.At < now.AddDays(-QuietDays))
        {
            return new ProjectHealth(AtRisk, last is null
                ? $"no event for {QuietDays} days"
                : $"no event for {QuietDays} days (the last: {Date(DateOnly.FromDateTime(last.At.UtcDateTime))})");
        }

        return new ProjectHealth(OnTrack, barMet
            ? "the bar is met; no rule broken"
            : daysToDue is { } d ? $"due in {d} days; no rule broken" : "no rule broken");
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
