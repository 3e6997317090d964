using System.Xml.Linq;
using LeanML.Digest;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Projects;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Projects;

/// <summary>The digest to a real SMTP sink and a loopback webhook: sent once, retried after a failure, nothing when nothing is new.</summary>
public abstract class DigestTests<TProvider> : WarehouseTestBase<TProvider>
    where TProvider : IWarehouseProvider, new()
{
    protected override StoreKind Store => StoreKind.State;

    protected abstract Task<(Database State, Database Warehouse)> OpenStoresAsync();

    private static string Settings(SmtpSink sink, WebhookListener hook) => $"""
        smtp: {"{"}host: 127.0.0.1, port: {sink.Port}, from: "LeanML <ml@acme.example>", tls: none{"}"}
        digest:
          - {"{"}to: [ana@acme.example], projects: [healthy]{"}"}
          - {"{"}webhook: "{hook.Url}"{"}"}
          - {"{"}to: [bo@acme.example], projects: [overdue]{"}"}
        """;

    private static DigestRequest Week(bool dryRun = false, string? atom = null) => new(TimeSpan.FromDays(7), [], dryRun, atom);

    [Fact]
    public async Task News_arrives_once_by_mail_webhook_and_feed_and_nothing_new_sends_nothing()
    {
        await using var sink = new SmtpSink();
        await using var hook = new WebhookListener();
        using var dir = new TempDir();
        var now = DateTimeOffset.UtcNow;
        var ws = BoardFixture.Write(dir, now, Settings(sink, hook));
        var (state, warehouse) = await OpenStoresAsync();
        await using (state)
        await using (warehouse)
        {
            await BoardFixture.RecordAsync(state, warehouse, now);
            // The last computed health of 'healthy' was at risk: today it is on track, which is news.
            await new ProjectHistoryStore(state).RecordHealthAsync([("healthy", "at risk", "no event for 14 days")], now.AddHours(-1));

            var first = await new DigestService(ws).RunAsync(Week(), state, warehouse);

            Assert.Equal(["decision", "health", "promotion"], first.Items.Select(i => i.Kind).Order(StringComparer.Ordinal));
            Assert.Equal(["sent", "sent", "nothing new"], first.Channels.Select(c => c.Status));
            Assert.DoesNotContain("secret", first.Channels[1].Channel, StringComparison.Ordinal);
            var mail = Assert.Single(sink.Received);
            Assert.Equal(["ana@acme.example"], mail.RcptTo);
            Assert.StartsWith("LeanML digest ", mail.Message.Subject, StringComparison.Ordinal);
            Assert.Contains("experiment outreach decided", mail.Message.TextBody, StringComparison.Ordinal);
            Assert.Contains("healthy is now on track (was at risk)", mail.Message.TextBody, StringComparison.Ordinal);
            Assert.Contains("<h2>Experiments decided</h2>", mail.Message.HtmlBody, StringComparison.Ordinal);
            var post = Assert.Single(hook.Received);
            Assert.Contains("run 01JBOARD00000000000000000B promoted to production", post.Body, StringComparison.Ordinal);

            var feed = XDocument.Load(first.AtomFile!);
            XNamespace atom = "http://www.w3.org/2005/Atom";
            Assert.Equal(atom + "feed", feed.Root!.Name);
            Assert.NotEmpty(feed.Root.Element(atom + "id")!.Value);
            Assert.NotEmpty(feed.Root.Element(atom + "title")!.Value);
            Assert.True(DateTimeOffset.TryParse(feed.Root.Element(atom + "updated")!.Value, out _));
            var entries = feed.Root.Elements(atom + "entry").ToList();
            Assert.Equal(3, entries.Count);
            Assert.All(entries, e => Assert.True(e.Element(atom + "id") is not null && e.Element(atom + "title") is not null && e.Element(atom + "updated") is not null));
            var ids = entries.Select(e => e.Element(atom + "id")!.Value).ToList();

            var second = await new DigestService(ws).RunAsync(Week(), state, warehouse);
            Assert.All(second.Channels, c => Assert.Equal("nothing new", c.Status));
            Assert.Single(sink.Received);
            Assert.Single(hook.Received);
            var again = XDocument.Load(second.AtomFile!).Root!.Elements(atom + "entry").Select(e => e.Element(atom + "id")!.Value).ToList();
            Assert.Equal(ids, again);
            Assert.Equal(feed.Root.Element(atom + "id")!.Value, XDocument.Load(second.AtomFile!).Root!.Element(atom + "id")!.Value);
        }
    }

    [Fact]
    public async Task A_failed_send_is_retried_by_the_next_digest_and_a_dry_run_sends_and_records_nothing()
    {
        await using var sink = new SmtpSink { Refuse = true };
        await using var hook = new WebhookListener { Status = 500 };
        using var dir = new TempDir();
        var now = DateTimeOffset.UtcNow;
        var ws = BoardFixture.Write(dir, now, Settings(sink, hook));
        var (state, warehouse) = await OpenStoresAsync();
        await using (state)
        await using (warehouse)
        {
            await BoardFixture.RecordAsync(state, warehouse, now);

            var dry = await new DigestService(ws).RunAsync(Week(dryRun: true), state, warehouse);
            Assert.Equal(["would send", "would send", "nothing new"], dry.Channels.Select(c => c.Status));
            Assert.Contains("experiment outreach decided", dry.Channels[0].Markdown, StringComparison.Ordinal);
            Assert.Null(dry.AtomFile);
            Assert.False(File.Exists(dir.Combine(".leanml", "digest.atom")));

            var failed = await new DigestService(ws).RunAsync(Week(), state, warehouse);
            Assert.True(failed.AnyFailed);
            Assert.Equal(["failed", "failed", "nothing new"], failed.Channels.Select(c => c.Status));
            Assert.Contains("500", failed.Channels[1].Error, StringComparison.Ordinal);
            Assert.Empty(sink.Received);

            sink.Refuse = false;
            hook.Status = 200;
            var retried = await new DigestService(ws).RunAsync(Week(), state, warehouse);
            Assert.Equal(["sent", "sent", "nothing new"], retried.Channels.Select(c => c.Status));
            Assert.Equal(failed.Channels[0].Items, retried.Channels[0].Items);
            Assert.Single(sink.Received);
            // The listener keeps every post, the refused one too: the retry carries the same news.
            Assert.Equal(2, hook.Received.Count);
            Assert.Contains("run 01JBOARD00000000000000000B promoted to production", hook.Received[1].Body, StringComparison.Ordinal);

            var third = await new DigestService(ws).RunAsync(Week(), state, warehouse);
            Assert.All(third.Channels, c => Assert.Equal("nothing new", c.Status));
            Assert.Single(sink.Received);
            Assert.Equal(2, hook.Received.Count);
        }
    }

    [Fact]
    public async Task Nothing_new_sends_nothing_and_says_so()
    {
        await using var sink = new SmtpSink();
        await using var hook = new WebhookListener();
        using var dir = new TempDir();
        var ws = BoardFixture.Write(dir, DateTimeOffset.UtcNow, Settings(sink, hook));
        var (state, warehouse) = await OpenStoresAsync();
        await using (state)
        await using (warehouse)
        {
            var result = await new DigestService(ws).RunAsync(Week(), state, warehouse);
            Assert.Empty(result.Items);
            Assert.All(result.Channels, c => Assert.Equal("nothing new", c.Status));
            Assert.Contains("Nothing new.", result.Markdown, StringComparison.Ordinal);
            Assert.Empty(sink.Received);
            Assert.Empty(hook.Received);
        }
    }
}

public sealed class SqliteDigestTests : DigestTests<SqliteProvider>
{
    private readonly DuckDbProvider _duck = new();

    protected override async Task<(Database State, Database Warehouse)> OpenStoresAsync() =>
        (await OpenFreshAsync(), await Database.OpenAsync(_duck.Engine, await _duck.CreateDatabaseAsync(), StoreKind.Warehouse));
}

public sealed class PostgresDigestTests : DigestTests<PostgresProvider>
{
    protected override async Task<(Database State, Database Warehouse)> OpenStoresAsync()
    {
        var cs = await Provider.CreateDatabaseAsync();
        return (await Database.OpenAsync(Provider.Engine, cs, StoreKind.State), await Database.OpenAsync(Provider.Engine, cs, StoreKind.Warehouse));
    }
}
