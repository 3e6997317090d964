using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Notifications;
using LeanML.Workspace;

namespace LeanML.IntegrationTests.Notifications;

/// <summary>The two channels alerts and the digest use, against a real SMTP server and a real HTTP listener on loopback.</summary>
public sealed class ChannelTests
{
    private static SmtpSettings Local(int port) => new("127.0.0.1", port, "LeanML <ml@acme.example>", null, "LEANML_SMTP_PASSWORD", SmtpTls.None);

    [Fact]
    public async Task Mail_arrives_with_its_envelope_subject_and_both_bodies()
    {
        await using var sink = new SmtpSink();
        var content = new MailContent(["ana@acme.example", "lead-cs@acme.example"], "churn: drift in logins_last_4w", "Plain text.\n.dot line", "<p>HTML</p>");

        var delivery = await MailSender.SendAsync(Local(sink.Port), content, CancellationToken.None);

        Assert.True(delivery.Delivered, delivery.Error);
        var mail = Assert.Single(sink.Received);
        Assert.Equal("ml@acme.example", mail.MailFrom);
        Assert.Equal(["ana@acme.example", "lead-cs@acme.example"], mail.RcptTo);
        Assert.Equal("churn: drift in logins_last_4w", mail.Message.Subject);
        Assert.Equal("Plain text.\n.dot line", mail.Message.TextBody!.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Contains("<p>HTML</p>", mail.Message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusing_or_absent_mail_server_is_a_failed_delivery_with_its_reason_not_an_exception()
    {
        await using var sink = new SmtpSink { Refuse = true };
        var refused = await MailSender.SendAsync(Local(sink.Port), new MailContent(["ana@acme.example"], "s", "t"), CancellationToken.None);
        Assert.False(refused.Delivered);
        Assert.Contains("relay refused", refused.Error, StringComparison.Ordinal);
        Assert.Empty(sink.Received);

        var absent = await MailSender.SendAsync(Local(FreePort()), new MailContent(["ana@acme.example"], "s", "t"), CancellationToken.None);
        Assert.False(absent.Delivered);
        Assert.Contains("127.0.0.1", absent.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_username_without_its_password_variable_says_which_variable_to_set()
    {
        await using var sink = new SmtpSink();
        var settings = Local(sink.Port) with { Username = "ml", PasswordEnv = "LEANML_TEST_UNSET_PASSWORD_VAR" };
        var delivery = await MailSender.SendAsync(settings, new MailContent(["ana@acme.example"], "s", "t"), CancellationToken.None);
        Assert.False(delivery.Delivered);
        Assert.Contains("LEANML_TEST_UNSET_PASSWORD_VAR", delivery.Error, StringComparison.Ordinal);
        Assert.Empty(sink.Received);
    }

    [Fact]
    public async Task Webhook_posts_slack_compatible_json_and_reports_a_failing_status()
    {
        await using var hook = new WebhookListener();
        var ok = await WebhookSender.SendAsync(hook.Url, "churn: \"drift\" in é", CancellationToken.None);
        Assert.True(ok.Delivered, ok.Error);
        var post = Assert.Single(hook.Received);
        Assert.StartsWith("application/json", post.ContentType, StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(post.Body))
        {
            Assert.Equal("churn: \"drift\" in é", doc.RootElement.GetProperty("text").GetString());
        }

        // The path of a webhook is its secret: messages show only its first part.
        Assert.DoesNotContain("secret", ok.Channel, StringComparison.Ordinal);

        hook.Status = 500;
        var failed = await WebhookSender.SendAsync(hook.Url, "again", CancellationToken.None);
        Assert.False(failed.Delivered);
        Assert.Contains("500", failed.Error, StringComparison.Ordinal);

        var unreachable = await WebhookSender.SendAsync($"http://127.0.0.1:{FreePort()}/x", "t", CancellationToken.None);
        Assert.False(unreachable.Delivered);
        Assert.Contains("could not be reached", unreachable.Error, StringComparison.Ordinal);

        Assert.False((await WebhookSender.SendAsync("file:///etc/passwd", "t", CancellationToken.None)).Delivered);
    }

    [Fact]
    public void Smtp_block_is_read_with_defaults_and_bad_values_name_their_line()
    {
        var settings = WorkspaceSettings.Parse("leanml.yaml", "smtp:\n  host: mail.acme.example\n  from: LeanML <ml@acme.example>\n  username: ml\n");
        Assert.Equal(new SmtpSettings("mail.acme.example", 587, "LeanML <ml@acme.example>", "ml", "LEANML_SMTP_PASSWORD", SmtpTls.StartTls), settings.Smtp);
        Assert.Null(WorkspaceSettings.Parse("leanml.yaml", "").Smtp);
        Assert.Equal(465, WorkspaceSettings.Parse("leanml.yaml", "smtp: {host: h, from: a@b.example, tls: ssl}").Smtp!.Port);

        var error = Assert.Throws<LeanMLInputException>(() => WorkspaceSettings.Parse("leanml.yaml", "smtp:\n  host: h\n  from: not an address\n"));
        Assert.Equal(3, error.Line);
        Assert.Throws<LeanMLInputException>(() => WorkspaceSettings.Parse("leanml.yaml", "smtp:\n  from: a@b.example\n"));
        Assert.Throws<LeanMLInputException>(() => WorkspaceSettings.Parse("leanml.yaml", "smtp:\n  host: h\n  from: a@b.example\n  password: hunter2\n"));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
