using System.Diagnostics;
using System.Text.Json;

namespace LeanML.IntegrationTests.Infrastructure;

/// <summary>The result of one run of the real CLI process.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout parsed as the one JSON document --json promises.</summary>
    public JsonElement Json()
    {
        using var doc = JsonDocument.Parse(Stdout);
        return doc.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the <c>leanml</c> CLI as a child process, the way a user runs it: the executable that <c>./leanml</c> built
/// (natively compiled where it could be) when <c>LEANML_TEST_CLI</c> names it, as <c>./test.sh</c> does; otherwise the
/// test build's <c>dotnet LeanML.Cli.dll</c> (e.g. under a bare <c>dotnet test</c>).
/// </summary>
public static class Cli
{
    public static string Dll { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "LeanML.Cli.dll");

    /// <summary>The CLI executable under test, or null for the test build's dll.</summary>
    public static string? Executable { get; } = Environment.GetEnvironmentVariable("LEANML_TEST_CLI") is { Length: > 0 } path
        ? (File.Exists(path) ? System.IO.Path.GetFullPath(path) : throw new InvalidOperationException($"LEANML_TEST_CLI names no file: {path}"))
        : null;

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(Executable ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Executable is null)
        {
            psi.ArgumentList.Add(Dll);
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_NOLOGO"] = "1";
        return psi;
    }

    public static CliResult Run(string workingDirectory, params string[] args) => RunAsync(workingDirectory, args).GetAwaiter().GetResult();

    public static async Task<CliResult> RunAsync(string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
