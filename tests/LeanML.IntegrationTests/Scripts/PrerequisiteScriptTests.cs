using System.Diagnostics;
using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Scripts;

/// <summary>The install step of ./leanml and ./test.sh (scripts/prereqs.sh), run as a real shell.</summary>
public sealed class PrerequisiteScriptTests
{
    [Fact]
    public void Without_root_a_missing_package_prints_the_exact_command_and_exits_4()
    {
        // Run as the unprivileged 'nobody' user (setpriv, util-linux), asking for a package that cannot be installed.
        var r = Bash(
            $". {Repo.Root}/scripts/prereqs.sh; apt_install leanml-surely-not-a-package; echo unreachable",
            asNobody: true);
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("sudo apt-get update && sudo apt-get install -y leanml-surely-not-a-package", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Installed_packages_need_nothing()
    {
        // libxgboost0 is installed by the time tests run (test.sh installs it first).
        var r = Bash($". {Repo.Root}/scripts/prereqs.sh; apt_install libxgboost0 && echo ok", asNobody: true);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("ok", r.Stdout.Trim());
    }

    private static CliResult Bash(string script, bool asNobody)
    {
        var psi = new ProcessStartInfo(asNobody ? "setpriv" : "bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asNobody)
        {
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "bash" })
            {
                psi.ArgumentList.Add(a);
            }
        }

        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return new CliResult(p.ExitCode, stdout, stderr);
    }
}
