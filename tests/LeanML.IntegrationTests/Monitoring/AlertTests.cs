using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Monitoring;

namespace LeanML.IntegrationTests.Monitoring;

/// <summary>
/// Alerts to a real webhook listener and a real SMTP server on loopback: one sentence each, never twice within the
/// cooldown, a failing channel reported and retried next time without holding up the other, the history kept.
/// </summary>
public abstract class AlertTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    /// <summary>The warehouse block of leanml.yaml for this class's engine.</summary>
    protected abstract string WarehouseYaml { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private async Task<LeanML.Workspace.Workspace> WorkspaceAsync(string webhook, int smtpPort, string extra = "")
    {
        File.WriteAllText(_dir.Combine("leanml.yaml"), $"""
            {WarehouseYaml}
            smtp:
              host: 127.0.0.1
              port: {smtpPort}
              from: LeanML <ml@acme.example>
              tls: none
            alerts:
              - project: churn
                on: performance
                threshold: 0.75
                min_n: 100
                cooldown: 1d
                webhook: {webhook}
                email: [ana@acme.example]
            {extra}
            """);
        var ws = LeanML.Workspace.Workspace.Open(_dir.Path);
        await LeanML.Workspace.WorkspaceInitializer.CreateStoresAsync(ws);
        return ws;
    }

    private static AlertSignal Signal(long n = 1204, bool breached = true) =>
        new("churn", "performance", 0.712, 0.75, n, breached, "churn: realised auc 0.712 is below the alert threshold 0.75, n = 1,204.");

    [Fact]
    public async Task A_failing_webhook_does_not_hold_up_the_mail_is_retried_next_time_and_nothing_is_sent_twice_within_the_cooldown()
    {
        await using var hook = new WebhookListener { Status = 500 };
        await using var smtp = new SmtpSink();
        var ws = await WorkspaceAsync(hook.Url, smtp.Port);
        var service = new AlertService(ws);

        var first = await service.DispatchAsync([Signal()], []);
        Assert.Equal(["sent", "failed"], first.Outcomes.OrderBy(o => o.Channel, StringComparer.Ordinal).Select(o => o.Status));
        Assert.Contains("500", first.Outcomes.Single(o => o.Status == "failed").Error, StringComparison.Ordinal);
        var mail = Assert.Single(smtp.Received);
        Assert.Equal("churn: realised auc 0.712 is below the alert threshold 0.75, n = 1,204.", mail.Message.TextBody!.Trim());
        Assert.Equal(["ana@acme.example"], mail.RcptTo);

        // Next check: the webhook answers again and gets the alert; the mail is within its cooldown.
        hook.Status = 200;
        var second = await service.DispatchAsync([Signal()], []);
        Assert.Equal(["sent", "cooldown"], second.Outcomes.OrderByDescending(o => o.Channel, StringComparer.Ordinal).Select(o => o.Status));
        // The listener keeps every post, the one it answered 500 too.
        Assert.Equal(2, hook.Received.Count);
        var post = hook.Received[^1];
        using (var doc = JsonDocument.Parse(post.Body))
        {
            Assert.Equal("churn: realised auc 0.712 is below the alert threshold 0.75, n = 1,204.", doc.RootElement.GetProperty("text").GetString());
        }

        Assert.Single(smtp.Received);

        // Third: both delivered within the day; nothing goes out.
        var third = await service.DispatchAsync([Signal()], []);
        Assert.All(third.Outcomes, o => Assert.Equal("cooldown", o.Status));
        Assert.Single(smtp.Received);
        Assert.Equal(2, hook.Received.Count);

        var history = await service.HistoryAsync("churn");
        Assert.Equal(3, history.Count);
        Assert.Equal(2, history.Count(h => h.Delivered));
        Assert.Contains(history, h => !h.Delivered && h.Channel.StartsWith("webhook", StringComparison.Ordinal) && h.Error!.Contains("500", StringComparison.Ordinal));
        Assert.All(history, h => Assert.Equal(0.712, h.Value));

        var cli = Infrastructure.Cli.Run(_dir.Path, "alerts", "--project", "churn", "--json");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal(3, cli.Json().GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task A_closed_port_fails_its_channel_only_and_quiet_or_small_signals_send_nothing()
    {
        await using var smtp = new SmtpSink();
        var ws = await WorkspaceAsync($"http://127.0.0.1:{FreePort()}/hooks/x", smtp.Port);
        var service = new AlertService(ws);

        var quiet = await service.DispatchAsync([Signal(breached: false), Signal(n: 99) with { Threshold = 0.75 }], []);
        Assert.Equal(["quiet", "too few"], quiet.Outcomes.Select(o => o.Status));
        Assert.Empty(smtp.Received);
        Assert.False(quiet.Fired);

        var report = await service.DispatchAsync([Signal()], []);
        Assert.True(report.Fired);
        Assert.True(report.AnyFailed);
        Assert.Contains(report.Outcomes, o => o.Status == "failed" && o.Error!.Contains("could not be reached", StringComparison.Ordinal));
        Assert.Single(smtp.Received);

        // A signal no rule asks for (another threshold) is not sent at all.
        var unasked = await service.DispatchAsync([Signal() with { Threshold = 0.6 }], []);
        Assert.Empty(unasked.Outcomes);
    }

    [Fact]
    public async Task Alerts_check_sends_a_volume_drop_through_the_cli()
    {
        await using var hook = new WebhookListener();
        await using var smtp = new SmtpSink();
        var ws = await WorkspaceAsync(hook.Url, smtp.Port, $"""
              - project: churn
                on: volume
                threshold: 0.5
                min_n: 50
                webhook: {hook.Url}
            """);
        // 20 predictions a day for the previous 7 days, 3 in the last day: 85% fewer.
        var now = DateTimeOffset.UtcNow;
        var rows = new List<(string, string?, DateTimeOffset, double, string)>();
        for (var day = 1; day <= 7; day++)
        {
            rows.AddRange(Enumerable.Range(0, 20).Select(i => ($"p{day}-{i}", (string?)$"c{i}", now.AddDays(-day).AddHours(-1), 0.5, "{}")));
        }

        rows.AddRange(Enumerable.Range(0, 3).Select(i => ($"p0-{i}", (string?)$"c{i}", now.AddHours(-2), 0.5, "{}")));
        await WatchData.LogAsync(ws, "churn", "run", rows);

        var cli = Infrastructure.Cli.Run(_dir.Path, "alerts", "check", "churn", "--window", "day", "--json");
        Assert.True(cli.ExitCode == 1, cli.ToString());
        var outcome = cli.Json().GetProperty("outcomes").EnumerateArray().Single(o => o.GetProperty("kind").GetString() == "volume");
        Assert.Equal("sent", outcome.GetProperty("status").GetString());
        var post = Assert.Single(hook.Received);
        Assert.Contains("3 predictions in the last day, 85% fewer than the mean of the previous 7 days (20.0 a day)", post.Body, StringComparison.Ordinal);

        var again = Infrastructure.Cli.Run(_dir.Path, "alerts", "check", "churn", "--window", "day", "--json");
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Single(hook.Received);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

public sealed class DuckDbAlertTests : AlertTests
{
    protected override string WarehouseYaml => "warehouse:\n  provider: duckdb";
}

public sealed class PostgresAlertTests : AlertTests
{
    private readonly PostgresProvider _pg = new();
    private readonly string _variable = "LEANML_TEST_ALERTS_PG_" + Guid.NewGuid().ToString("N")[..8];

    protected override string WarehouseYaml => $"warehouse:\n  provider: postgres\n  connection_env: {_variable}";

    public override async Task InitializeAsync() => Environment.SetEnvironmentVariable(_variable, await _pg.CreateDatabaseAsync());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Environment.SetEnvironmentVariable(_variable, null);
        await _pg.DisposeAsync();
    }
}
