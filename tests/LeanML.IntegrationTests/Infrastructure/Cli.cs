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

/// <summary>Runs the built <c>leanml</c> CLI as a child process (dotnet LeanML.Cli.dll), the way a user runs it.</summary>
public static class Cli
{
    public static string Dll { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "LeanML.Cli.dll");

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
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
