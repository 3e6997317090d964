namespace LeanML.Serving;

/// <summary>
/// Which <c>Host</c> names the server answers (a defence against DNS rebinding, where a web page's own name comes to
/// point at 127.0.0.1): without tokens the loopback names plus <c>server.allowed_hosts</c>; with tokens only
/// <c>server.allowed_hosts</c> when it is set, else any name (a token is then what protects the API).
/// </summary>
public sealed class HostPolicy(IReadOnlyList<string> allowedHosts)
{
    private static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]", "::1"];

    /// <summary>The names of <c>server.allowed_hosts</c>.</summary>
    public IReadOnlyList<string> AllowedHosts { get; } = allowedHosts;

    /// <summary>True when a request naming <paramref name="host"/> (the Host header without its port) is answered.</summary>
    public bool Allows(string host, bool tokensEnabled)
    {
        if (host.Length == 0)
        {
            return false;
        }

        if (AllowedHosts.Any(a => a == "*" || string.Equals(a, host, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return tokensEnabled ? AllowedHosts.Count == 0 : Loopback.Contains(host, StringComparer.OrdinalIgnoreCase);
    }
}
