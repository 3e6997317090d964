using System.Diagnostics;
using System.Globalization;

namespace LeanML.Tests.Evaluation;

/// <summary>
/// Runs a Python script with /usr/bin/python3 (numpy, scipy and scikit-learn 1.2.1 from Debian) on files written by a
/// test, for values computed independently of LeanML; stdout is parsed as whitespace-separated numbers.
/// </summary>
internal static class PythonCheck
{
    public static double[] Run(string script, IReadOnlyDictionary<string, string> files)
    {
        var dir = Path.Combine(Path.GetTempPath(), "leanml-pycheck-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var (name, text) in files)
            {
                File.WriteAllText(Path.Combine(dir, name), text);
            }

            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir };
            using var process = Process.Start(psi)!;
            process.StandardInput.Write(script);
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "python failed: " + stderr.Result);
            return stdout.Result.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
                .Select(x => double.Parse(x, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static string Lines<T>(IEnumerable<T> values) where T : IFormattable =>
        string.Join("\n", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
