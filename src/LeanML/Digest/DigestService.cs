using System.Globalization;
using System.Text;
using LeanML.Notifications;
using LeanML.Projects;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.Digest;

/// <summary>
/// Gathers what is new for each subscriber of <c>digest:</c> — experiments decided, models promoted, projects whose
/// health changed (and, when those land, reports published and alerts) — and sends it as Markdown and HTML e-mail and/or
/// to a webhook, plus an Atom feed file. Each channel receives an item once: deliveries are recorded per channel and
/// item after the server accepted them, so a failed send is retried by the next digest and nothing is sent twice.
/// </summary>
public sealed class DigestService(Workspace.Workspace workspace, IReadOnlyList<IDigestSource>? sources = null, TimeProvider? clock = null)
{
    private readonly IReadOnlyList<IDigestSource> _sources = sources ?? DigestSources.Default;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The default feed file, relative to the workspace.</summary>
    public const string DefaultAtomFile = ".leanml/digest.atom";

    /// <summary>Runs the digest over the workspace's own state store.</summary>
    public async Task<DigestResult> RunAsync(DigestRequest request, CancellationToken cancellationToken = default)
    {
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        var warehouse = await Warehouse.OpenExistingForReadingAsync(workspace, cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunAsync(request, state, warehouse, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (warehouse is not null)
            {
                await warehouse.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs the digest over open stores (the warehouse, when there is one, gives the health rules their ingests).</summary>
    public async Task<DigestResult> RunAsync(DigestRequest request, Database state, Database? warehouse, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _clock.GetUtcNow();
        var since = now - request.Window;

        // Health is computed now and recorded when it changed, so a change since the last update is news today.
        var update = await new UpdateComposer(workspace, state, warehouse, clock: _clock).ComposeAsync(null, request.Window, cancellationToken: cancellationToken).ConfigureAwait(false);
        await new ProjectHistoryStore(state).RecordHealthAsync(update.Projects.Select(p => (p.Project, p.Health, p.HealthReason)), now, cancellationToken).ConfigureAwait(false);

        var cards = ProjectCard.LoadAll(workspace);
        var context = new ProjectEventContext(workspace, state, warehouse, cards, since, now);
        var items = new List<DigestItem>();
        foreach (var source in _sources)
        {
            items.AddRange(await source.ReadAsync(context, cancellationToken).ConfigureAwait(false));
        }

        items = items.OrderByDescending(i => i.At).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        var deliveries = new DigestDeliveryStore(state);
        var channels = new List<DigestChannelResult>();
        foreach (var subscription in Subscriptions(request))
        {
            var mine = items.Where(i => Wants(subscription, i)).ToList();
            if (subscription.To.Count > 0)
            {
                channels.Add(await DeliverAsync(deliveries, "email " + string.Join(", ", subscription.To), mine, request.DryRun, now,
                    (md, ct) => SendMailAsync(subscription.To, md, since, now, ct), cancellationToken).ConfigureAwait(false));
            }

            if (subscription.Webhook is { } url)
            {
                channels.Add(await DeliverAsync(deliveries, "webhook " + url, mine, request.DryRun, now,
                    (md, ct) => WebhookSender.SendAsync(url, md, ct), cancellationToken).ConfigureAwait(false));
            }
        }

        string? atom = null;
        if (!request.DryRun)
        {
            atom = Path.GetFullPath(Path.Combine(workspace.Root, request.AtomFile ?? DefaultAtomFile));
            AtomFeed.Write(atom, Path.GetFileName(workspace.Root), items, now);
        }

        return new DigestResult(since, now, request.DryRun, items, channels, atom, Markdown(items, since, now));
    }

    /// <summary>The digest of <paramref name="items"/> as Markdown: one section per kind, each item with its id.</summary>
    public static string Markdown(IReadOnlyList<DigestItem> items, DateTimeOffset since, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(items);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# LeanML digest, {since.UtcDateTime:yyyy-MM-dd} to {until.UtcDateTime:yyyy-MM-dd}\n\n");
        if (items.Count == 0)
        {
            md.Append("Nothing new.\n");
            return md.ToString();
        }

        foreach (var group in items.GroupBy(i => i.Kind))
        {
            md.Append(CultureInfo.InvariantCulture, $"## {Heading(group.Key)}\n\n");
            foreach (var item in group)
            {
                md.Append(CultureInfo.InvariantCulture, $"- **{UpdateDocument.Escape(item.Title)}** ({item.At.UtcDateTime:yyyy-MM-dd}): {UpdateDocument.Escape(item.Text)} [`{item.Link}`]\n");
            }

            md.Append('\n');
        }

        return md.ToString();
    }

    private IEnumerable<DigestSubscription> Subscriptions(DigestRequest request)
    {
        var all = workspace.Settings.Digest;
        if (request.To.Count == 0)
        {
            return all;
        }

        // --to narrows to the subscriptions of those addresses; an address with none gets everything, by e-mail only.
        var chosen = all.Where(s => s.To.Any(t => request.To.Contains(t, StringComparer.OrdinalIgnoreCase))).ToList();
        var loose = request.To.Where(t => !chosen.Any(s => s.To.Contains(t, StringComparer.OrdinalIgnoreCase))).ToList();
        if (loose.Count > 0)
        {
            chosen.Add(new DigestSubscription(loose, [], [], null, 0));
        }

        return chosen;
    }

    private static bool Wants(DigestSubscription s, DigestItem item) =>
        (s.Projects.Count == 0 || item.Project is null || s.Projects.Contains(item.Project, StringComparer.Ordinal))
        && (s.Tags.Count == 0 || item.Tags.Count == 0 || item.Tags.Intersect(s.Tags, StringComparer.OrdinalIgnoreCase).Any());

    private static async Task<DigestChannelResult> DeliverAsync(
        DigestDeliveryStore deliveries, string channel, IReadOnlyList<DigestItem> items, bool dryRun, DateTimeOffset now,
        Func<string, CancellationToken, Task<Delivery>> send, CancellationToken cancellationToken)
    {
        var shown = channel.StartsWith("webhook ", StringComparison.Ordinal) ? "webhook " + WebhookSender.Redacted(channel["webhook ".Length..]) : channel;
        var sent = await deliveries.DeliveredAsync(channel, items.Select(i => i.Id).ToList(), cancellationToken).ConfigureAwait(false);
        var pending = items.Where(i => !sent.Contains(i.Id)).ToList();
        if (pending.Count == 0)
        {
            return new DigestChannelResult(shown, "nothing new", [], null, "");
        }

        var markdown = Markdown(pending, pending.Min(i => i.At), now);
        var ids = pending.Select(i => i.Id).ToList();
        if (dryRun)
        {
            return new DigestChannelResult(shown, "would send", ids, null, markdown);
        }

        var delivery = await send(markdown, cancellationToken).ConfigureAwait(false);
        if (!delivery.Delivered)
        {
            return new DigestChannelResult(shown, "failed", ids, delivery.Error, markdown);
        }

        await deliveries.RecordAsync(channel, ids, now, cancellationToken).ConfigureAwait(false);
        return new DigestChannelResult(shown, "sent", ids, null, markdown);
    }

    private Task<Delivery> SendMailAsync(IReadOnlyList<string> to, string markdown, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var channel = "email " + string.Join(", ", to);
        if (workspace.Settings.Smtp is not { } smtp)
        {
            return Task.FromResult(Delivery.Failed(channel, "leanml.yaml has no smtp: block; add one (host, port, from) to mail the digest"));
        }

        var subject = $"LeanML digest {since.UtcDateTime:yyyy-MM-dd} to {now.UtcDateTime:yyyy-MM-dd}";
        return MailSender.SendAsync(smtp, new MailContent(to, subject, markdown, UpdateDocument.Html(subject, markdown)), cancellationToken);
    }

    private static string Heading(string kind) => kind switch
    {
        "decision" => "Experiments decided",
        "promotion" => "Models promoted",
        "health" => "Health changed",
        "report" => "Reports published",
        "alert" => "Alerts",
        _ => kind,
    };
}
