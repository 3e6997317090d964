using LeanML.Workspace;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace LeanML.Notifications;

/// <summary>Sends e-mail through the workspace's one SMTP server (MailKit), never throwing for a failed delivery.</summary>
public static class MailSender
{
    /// <summary>How long one send may take before it counts as failed (connect, authenticate, transfer).</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(20);

    /// <summary>Sends one message; the result says whether the server accepted it, and if not, why.</summary>
    public static async Task<Delivery> SendAsync(SmtpSettings smtp, MailContent content, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        ArgumentNullException.ThrowIfNull(content);
        var channel = "email " + string.Join(", ", content.To);
        if (content.To.Count == 0)
        {
            return Delivery.Failed(channel, "no recipients");
        }

        MimeMessage message;
        try
        {
            message = Build(smtp, content);
        }
        catch (ParseException ex)
        {
            return Delivery.Failed(channel, $"an address is not valid: {ex.Message}");
        }

        string? password = null;
        if (smtp.Username is not null)
        {
            password = Environment.GetEnvironmentVariable(smtp.PasswordEnv);
            if (string.IsNullOrEmpty(password))
            {
                return Delivery.Failed(channel, $"smtp.username is set but the environment variable {smtp.PasswordEnv} is empty; export the password there.");
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        using var client = new SmtpClient { Timeout = (int)(timeout ?? DefaultTimeout).TotalMilliseconds };
        try
        {
            var options = smtp.Tls switch
            {
                SmtpTls.Ssl => SecureSocketOptions.SslOnConnect,
                SmtpTls.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(smtp.Host, smtp.Port, options, deadline.Token).ConfigureAwait(false);
            if (smtp.Username is not null)
            {
                await client.AuthenticateAsync(smtp.Username, password!, deadline.Token).ConfigureAwait(false);
            }

            await client.SendAsync(message, deadline.Token).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, deadline.Token).ConfigureAwait(false);
            return Delivery.Ok(channel);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Delivery.Failed(channel, $"the mail server {smtp.Host}:{smtp.Port} did not answer within {(timeout ?? DefaultTimeout).TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or MailKit.ProtocolException or MailKit.CommandException or AuthenticationException or System.Security.Authentication.AuthenticationException or NotSupportedException)
        {
            return Delivery.Failed(channel, $"the mail server {smtp.Host}:{smtp.Port} refused or failed: {OneLine(ex.Message)}");
        }
    }

    private static MimeMessage Build(SmtpSettings smtp, MailContent content)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        foreach (var to in content.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = content.Subject;
        var body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html };
        message.Body = body.ToMessageBody();
        return message;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
