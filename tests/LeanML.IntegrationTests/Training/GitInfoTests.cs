using System.Diagnostics;
using LeanML.Internal;
using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Training;

public sealed class GitInfoTests
{
    private static void Git(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com" }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    [Fact]
    public async Task A_run_records_the_commit_and_whether_the_workspace_was_dirty()
    {
        using var dir = new TempDir();
        Assert.Null(await GitInfo.ReadAsync(dir.Path, CancellationToken.None));

        Git(dir.Path, "init", "-q");
        File.WriteAllText(dir.Combine("leanml.yaml"), "");
        Git(dir.Path, "add", ".");
        Git(dir.Path, "commit", "-q", "-m", "first");
        var clean = await GitInfo.ReadAsync(dir.Path, CancellationToken.None);
        Assert.NotNull(clean);
        Assert.Equal(40, clean.Commit.Length);
        Assert.False(clean.Dirty);

        File.WriteAllText(dir.Combine("leanml.yaml"), "warehouse: {}\n");
        Assert.True((await GitInfo.ReadAsync(dir.Path, CancellationToken.None))!.Dirty);
    }
}
