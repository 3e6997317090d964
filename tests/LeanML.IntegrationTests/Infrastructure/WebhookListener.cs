using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LeanML.IntegrationTests.Infrastructure;

/// <summary>One request the listener received.</summary>
public sealed record ReceivedPost(string Path, string ContentType, string Body);

/// <summary>A real HTTP listener on loopback that records each POST and answers with a chosen status, to test webhooks.</summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<ReceivedPost> _received = [];
    private readonly Task _loop;

    public WebhookListener()
    {
        // HttpListener needs the port up front: take a free one from the OS.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = ServeAsync();
    }

    public int Port { get; }

    /// <summary>The webhook address tests put in leanml.yaml.</summary>
    public string Url => $"http://127.0.0.1:{Port}/hooks/T000/B000/secret";

    /// <summary>The status it answers (200 by default; 500 to test a failing channel).</summary>
    public int Status { get; set; } = 200;

    public IReadOnlyList<ReceivedPost> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (_received)
            {
                _received.Add(new ReceivedPost(context.Request.Url?.AbsolutePath ?? "", context.Request.ContentType ?? "", body));
            }

            context.Response.StatusCode = Status;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _listener.Close();
    }
}
