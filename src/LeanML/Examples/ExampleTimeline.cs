namespace LeanML.Examples;

/// <summary>
/// The fixed calendar of the example company (never the machine clock, so the same seed gives the same bytes):
/// exports are taken on <see cref="ExportDate"/>; the churn project predicts from <see cref="Snapshot"/> the
/// cancellations of the 30 days after it; the outreach experiment starts on <see cref="ExperimentStart"/>.
/// </summary>
internal static class ExampleTimeline
{
    /// <summary>The first possible sign-up.</summary>
    public static DateTime FirstSignup { get; } = Utc(2023, 1, 2);

    /// <summary>The churn project's snapshot (a Monday): features use only data before it.</summary>
    public static DateTime Snapshot { get; } = Utc(2026, 9, 28);

    /// <summary>The end (exclusive) of the 30-day churn window after the snapshot.</summary>
    public static DateTime LabelEnd { get; } = Snapshot.AddDays(30);

    /// <summary>The day the exports were taken ("now"); every export ends just before it.</summary>
    public static DateTime ExportDate { get; } = Utc(2026, 11, 1);

    /// <summary>The first day of the payment and ticket exports (the dashboard's "last 6 months").</summary>
    public static DateTime ExportWindowStart { get; } = Utc(2026, 5, 1);

    /// <summary>The first week (a Monday) of the weekly usage export.</summary>
    public static DateTime FirstUsageWeek { get; } = Utc(2026, 6, 29);

    /// <summary>Number of weeks in the usage export (to the week starting 2026-10-26).</summary>
    public const int UsageWeeks = 18;

    /// <summary>The outreach experiment's first day (a Monday).</summary>
    public static DateTime ExperimentStart { get; } = Utc(2026, 11, 2);

    /// <summary>Days of the experiment's pre-period (CUPED covariate window).</summary>
    public const int PreDays = 14;

    /// <summary>Days of the experiment's post-period.</summary>
    public const int PostDays = 28;

    private static DateTime Utc(int y, int m, int d) => new(y, m, d, 0, 0, 0, DateTimeKind.Utc);
}
