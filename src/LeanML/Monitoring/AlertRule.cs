using System.Globalization;

namespace LeanML.Monitoring;

/// <summary>
/// One alert of leanml.yaml's <c>alerts:</c> list (DESIGN.md section 12): which project and signal to watch, the
/// threshold that fires it, the fewest rows it needs, how long it stays quiet after it was sent, and where it goes.
/// </summary>
/// <param name="Project">The project watched.</param>
/// <param name="On">drift | performance | volume | errors.</param>
/// <param name="Threshold">
/// performance: the realised (or, before labels, estimated) primary figure below which it fires (above, for rmse/mae);
/// volume: the relative change of predictions per window against the previous windows' mean (0.5 = half as many or
/// 1.5 times as many); errors: the share of rejected rows above which it fires; drift: as the monitor defines it.
/// </param>
/// <param name="MinN">The fewest rows (labelled predictions, predictions, scored rows) a signal needs to fire.</param>
/// <param name="Cooldown">The same alert is not sent again to a channel within this time.</param>
/// <param name="Webhook">A Slack-compatible webhook URL, or null.</param>
/// <param name="Email">Recipients through the smtp: block (may be empty).</param>
/// <param name="Line">The line of leanml.yaml where the rule starts.</param>
public sealed record AlertRule(string Project, string On, double Threshold, int MinN, TimeSpan Cooldown, string? Webhook, IReadOnlyList<string> Email, int Line)
{
    /// <summary>The signals an alert can watch.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["drift", "performance", "volume", "errors"];

    /// <summary>The rule's identity in the alert history: project, signal and threshold.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Project}:{On}:{Threshold:R}");
}
