using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LeanML.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>leanml serve</c> on a free loopback port, started the way a user starts it: its address read from the
/// line it prints, its standard error kept, and stopped with SIGTERM as a service manager stops it.
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(string workspace)
    {
        _process = new Process { StartInfo = Cli.StartInfo(workspace, "serve", "--port", "0") };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }

            if (ListeningOn().Match(e.Data) is { Success: true } m)
            {
                _listening.TrySetResult(m.Groups[1].Value);
            }
        };
    }

    /// <summary>The address it listens on.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Its exit code (after <see cref="StopAsync"/>).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>What it wrote to standard error so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts <c>leanml serve --port 0</c> in the workspace and waits until it says where it listens.</summary>
    public static async Task<ServeProcess> StartAsync(string workspace, TimeSpan? wait = null)
    {
        var serve = new ServeProcess(workspace);
        serve._process.Start();
        serve._process.BeginErrorReadLine();
        try
        {
            serve.Url = await serve._listening.Task.WaitAsync(wait ?? TimeSpan.FromSeconds(60));
            return serve;
        }
        catch (TimeoutException)
        {
            serve._process.Kill();
            serve._process.Dispose();
            throw new TimeoutException("leanml serve did not say where it listens:\n" + serve.Stderr);
        }
    }

    /// <summary>An HTTP client for it.</summary>
    public HttpClient Client() => new() { BaseAddress = new Uri(Url) };

    /// <summary>Sends SIGTERM and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://\S+?)[ ,]")]
    private static partial Regex ListeningOn();
}
