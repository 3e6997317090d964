using System.Diagnostics;

namespace LeanML.Internal;

/// <summary>The git commit of a folder and whether it has uncommitted changes; null when it is not a git repository.</summary>
internal sealed record GitInfo(string Commit, bool Dirty)
{
    /// <summary>Reads the commit of <paramref name="dir"/> with the git command; null when git or the repository is absent.</summary>
    public static async Task<GitInfo?> ReadAsync(string dir, CancellationToken cancellationToken)
    {
        var commit = await RunAsync(dir, cancellationToken, "rev-parse", "HEAD").ConfigureAwait(false);
        if (commit is null)
        {
            return null;
        }

        var status = await RunAsync(dir, cancellationToken, "status", "--porcelain").ConfigureAwait(false);
        return new GitInfo(commit.Trim(), !string.IsNullOrWhiteSpace(status));
    }

    private static async Task<string?> RunAsync(string dir, CancellationToken cancellationToken, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add(dir);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(psi);
            if (process is null)
            {
                return null;
            }

            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
