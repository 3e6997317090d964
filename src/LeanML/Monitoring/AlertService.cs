using LeanML.Notifications;
using LeanML.Storage;

namespace LeanML.Monitoring;

/// <summary>
/// Sends alerts: each signal that breaches its rule's threshold with at least min_n rows goes, as one plain sentence,
/// to the rule's webhook and e-mail recipients (all channels at once, so a slow or failing one holds up none of the
/// others). Every try is recorded in the state store; a channel that delivered within the cooldown is skipped, one
/// that failed is tried again on the next check.
/// </summary>
public sealed class AlertService(Workspace.Workspace workspace)
{
    /// <summary>How long one channel may take before it counts as failed.</summary>
    public TimeSpan ChannelTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The configured rules a signal answers: same project, signal and threshold.</summary>
    public IEnumerable<AlertRule> RulesFor(AlertSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return workspace.Settings.Alerts.Where(r => r.Project == signal.Project && r.On == signal.Kind && r.Threshold.Equals(signal.Threshold));
    }

    /// <summary>Sends what fires among <paramref name="signals"/> and records it; <paramref name="notes"/> are carried into the report.</summary>
    public async Task<AlertCheckReport> DispatchAsync(IReadOnlyList<AlertSignal> signals, IReadOnlyList<string> notes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var now = DateTimeOffset.UtcNow;
        var outcomes = new List<AlertOutcome>();
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        var history = new AlertHistoryStore(state);
        var sends = new List<(AlertRule Rule, AlertSignal Signal, Task<Delivery> Task)>();
        foreach (var signal in signals)
        {
            foreach (var rule in RulesFor(signal))
            {
                if (!signal.Breached)
                {
                    outcomes.Add(new AlertOutcome(signal.Project, signal.Kind, null, "quiet", signal.Sentence, null));
                    continue;
                }

                if (signal.N < rule.MinN)
                {
                    outcomes.Add(new AlertOutcome(signal.Project, signal.Kind, null, "too few", signal.Sentence + $" (n = {signal.N} is below min_n = {rule.MinN}: not sent)", null));
                    continue;
                }

                foreach (var (channel, send) in Channels(rule, signal, cancellationToken))
                {
                    var last = await history.LastDeliveredAsync(rule.Key, channel, cancellationToken).ConfigureAwait(false);
                    if (last is { } at && now - at < rule.Cooldown)
                    {
                        outcomes.Add(new AlertOutcome(signal.Project, signal.Kind, channel, "cooldown", signal.Sentence, null));
                        continue;
                    }

                    sends.Add((rule, signal, send()));
                }
            }
        }

        // Every channel runs at once; each has its own timeout and returns a failed delivery rather than throwing.
        await Task.WhenAll(sends.Select(s => s.Task)).ConfigureAwait(false);
        foreach (var (rule, signal, task) in sends)
        {
            var delivery = task.Result;
            await history.AddAsync(now, rule.Key, signal, ChannelName(delivery.Channel), delivery.Delivered, delivery.Error, cancellationToken).ConfigureAwait(false);
            outcomes.Add(new AlertOutcome(signal.Project, signal.Kind, ChannelName(delivery.Channel), delivery.Delivered ? "sent" : "failed", signal.Sentence, delivery.Error));
        }

        return new AlertCheckReport(signals, outcomes, notes);
    }

    /// <summary>The alert history, newest first.</summary>
    public async Task<IReadOnlyList<AlertHistoryEntry>> HistoryAsync(string? project, int limit = 200, CancellationToken cancellationToken = default)
    {
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        return await new AlertHistoryStore(state).ListAsync(project, limit, cancellationToken).ConfigureAwait(false);
    }

    private IEnumerable<(string Channel, Func<Task<Delivery>> Send)> Channels(AlertRule rule, AlertSignal signal, CancellationToken ct)
    {
        if (rule.Webhook is { } url)
        {
            yield return ("webhook " + WebhookSender.Redacted(url), () => WebhookSender.SendAsync(url, signal.Sentence, ct, ChannelTimeout));
        }

        if (rule.Email.Count > 0)
        {
            var smtp = workspace.Settings.Smtp;
            var channel = "email " + string.Join(", ", rule.Email);
            yield return (channel, () => smtp is null
                ? Task.FromResult(Delivery.Failed(channel, "no smtp: block in leanml.yaml"))
                : MailSender.SendAsync(smtp, new MailContent(rule.Email, $"LeanML alert: {signal.Project} {signal.Kind}", signal.Sentence), ct, ChannelTimeout));
        }
    }

    private static string ChannelName(string channel) => channel;
}
