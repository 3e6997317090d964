using System.Diagnostics;
using System.Globalization;

namespace LeanML.Bench;

/// <summary>The repository, the shared datasets and the parity fixtures (made by the tests' make_fixtures.py).</summary>
internal static class BenchData
{
    public static string Root { get; } = FindRoot();

    public static string Datasets => Path.GetFullPath(Path.Combine(Root, "..", "shared", "datasets"));

    /// <summary>
    /// The CLI the benchmarks time: the one ./leanml runs (artifacts/cli/LeanML.Cli, natively compiled where it could be;
    /// ./leanml rebuilds it first when the sources changed), or the executable or LeanML.Cli.dll that LEANML_BENCH_CLI
    /// names (e.g. an older build to compare).
    /// </summary>
    public static string Cli => LazyCli.Value;

    /// <summary>The command line that runs the CLI with <paramref name="args"/>: a .dll through dotnet, else directly.</summary>
    public static string[] CliCommand(params string[] args) =>
        Cli.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", Cli, .. args] : [Cli, .. args];

    private static readonly Lazy<string> LazyCli = new(FindCli);

    /// <summary>The fixtures folder, made by /usr/bin/python3 make_fixtures.py when missing.</summary>
    public static string Fixtures()
    {
        var dir = Path.Combine(Path.GetTempPath(), "leanml-bench-fixtures");
        if (File.Exists(Path.Combine(dir, "telco.model.json")))
        {
            return dir;
        }

        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(Root, "tests", "LeanML.IntegrationTests", "Scoring", "make_fixtures.py"));
        psi.ArgumentList.Add(Datasets);
        psi.ArgumentList.Add(dir);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? dir : throw new InvalidOperationException("make_fixtures.py failed: " + err);
    }

    /// <summary>The integer after <paramref name="name"/> (e.g. --runs 5), or <paramref name="fallback"/>.</summary>
    public static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The first argument that is neither an option nor an option's value (options with values: --runs, --rows).</summary>
    public static string? Positional(string[] args) =>
        args.Where((a, i) => !a.StartsWith('-') && (i == 0 || args[i - 1] is not ("--runs" or "--rows"))).FirstOrDefault();

    public static float[][] Rows(string dir, string name) =>
        [.. File.ReadAllLines(Path.Combine(dir, name + ".X.csv")).Skip(1)
            .Select(l => l.Split(',').Select(v => v == "nan" ? float.NaN : (float)double.Parse(v, CultureInfo.InvariantCulture)).ToArray())];

    private static string FindCli()
    {
        if (Environment.GetEnvironmentVariable("LEANML_BENCH_CLI") is { Length: > 0 } cli)
        {
            return File.Exists(cli) ? Path.GetFullPath(cli) : throw new InvalidOperationException("LEANML_BENCH_CLI: no file " + cli);
        }

        var psi = new ProcessStartInfo(Path.Combine(Root, "leanml")) { RedirectStandardOutput = true };
        psi.ArgumentList.Add("--version");
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? Path.Combine(Root, "artifacts", "cli", "LeanML.Cli") : throw new InvalidOperationException("./leanml --version failed (exit " + p.ExitCode + ")");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LeanML.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find LeanML.slnx above " + AppContext.BaseDirectory);
    }
}
