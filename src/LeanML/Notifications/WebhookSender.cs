using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LeanML.Notifications;

/// <summary>
/// Posts a message to a Slack-compatible incoming webhook (<c>{"text": "..."}</c>, which Slack, Mattermost, Rocket.Chat
/// and Teams' Slack-compatible connectors accept), never throwing for a failed delivery.
/// </summary>
public static class WebhookSender
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>How long one post may take before it counts as failed.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks a webhook address from a user's file: absolute http or https, else the reason it is not.</summary>
    public static string? Problem(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? null
            : $"'{url}' is not an http(s) address; write the webhook's full URL, e.g. https://hooks.slack.com/services/...";

    /// <summary>Posts <paramref name="text"/> as <c>{"text": ...}</c>; the result says whether the server took it (2xx).</summary>
    public static async Task<Delivery> SendAsync(string url, string text, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(text);
        var channel = "webhook " + Redacted(url);
        if (Problem(url) is { } problem)
        {
            return Delivery.Failed(channel, problem);
        }

        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        try
        {
            using var response = await Http.PostAsync(new Uri(url), content, deadline.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return Delivery.Ok(channel);
            }

            var reason = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            reason = reason.Length > 200 ? reason[..200] + "…" : reason;
            return Delivery.Failed(channel, $"the webhook answered {(int)response.StatusCode} {response.ReasonPhrase}{(reason.Length > 0 ? ": " + reason.ReplaceLineEndings(" ") : "")}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Delivery.Failed(channel, $"the webhook did not answer within {(timeout ?? DefaultTimeout).TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            return Delivery.Failed(channel, $"the webhook could not be reached: {ex.Message}");
        }
    }

    /// <summary>The address as shown in messages and logs: scheme, host and the path's first part (webhook paths are secrets).</summary>
    public static string Redacted(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "(invalid address)";
        }

        var first = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var builder = new StringBuilder().Append(uri.Scheme).Append("://").Append(uri.Authority).Append('/');
        if (first is not null)
        {
            builder.Append(first).Append("/…");
        }

        return builder.ToString();
    }
}
