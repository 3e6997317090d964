using LeanML.Internal;
using LeanML.Notifications;
using LeanML.Workspace;

namespace LeanML.Monitoring;

/// <summary>Reads leanml.yaml's <c>alerts:</c> list; every problem names the file, line and key.</summary>
internal static class AlertRuleParser
{
    /// <summary>The alerts under <paramref name="root"/> (empty when there are none); <paramref name="smtp"/> must exist for e-mail.</summary>
    public static IReadOnlyList<AlertRule> Parse(YamlSection root, SmtpSettings? smtp)
    {
        var list = new List<AlertRule>();
        foreach (var a in root.SectionList("alerts"))
        {
            a.AllowOnly("project", "on", "threshold", "min_n", "cooldown", "webhook", "email");
            var project = a.String("project", required: true)!;
            var on = a.OneOf("on", AlertRule.Kinds, required: true)!;
            var threshold = a.Number("threshold", required: true)!.Value;
            var minN = a.Int("min_n", 1) ?? 100;
            var cooldown = TimeSpan.FromDays(1);
            if (a.String("cooldown") is { } text)
            {
                cooldown = DurationText.TryParse(text) is { } c
                    ? c
                    : throw a.Error("cooldown", $"is '{text}', which is not a duration; write {DurationText.Examples}");
            }

            var webhook = a.String("webhook");
            if (webhook is not null && WebhookSender.Problem(webhook) is { } problem)
            {
                throw a.Error("webhook", problem);
            }

            var email = a.StringList("email") ?? [];
            foreach (var address in email)
            {
                if (!MimeKit.MailboxAddress.TryParse(address, out _))
                {
                    throw a.Error("email", $"has '{address}', which is not a mail address");
                }
            }

            if (email.Count > 0 && smtp is null)
            {
                throw a.Error("email", "needs a mail server: add an smtp: block (host, from) to leanml.yaml");
            }

            if (webhook is null && email.Count == 0)
            {
                throw a.Error("on", "has nowhere to go: add webhook: URL and/or email: [addresses]");
            }

            list.Add(new AlertRule(project, on, threshold, minN, cooldown, webhook, email, a.Line));
        }

        return list;
    }
}
