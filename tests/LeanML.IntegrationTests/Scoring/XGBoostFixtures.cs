using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace LeanML.IntegrationTests.Scoring;

/// <summary>
/// Models trained by Python's xgboost 1.7.4 (libxgboost) and its predictions for every row, made by make_fixtures.py
/// on first use into a temp folder keyed by the script's hash (nothing large is committed).
/// </summary>
public static class XGBoostFixtures
{
    private static readonly Lazy<string> Folder = new(Make, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Script { get; } = Path.Combine(Infrastructure.Repo.Root, "tests", "LeanML.IntegrationTests", "Scoring", "make_fixtures.py");

    public static string Dir => Folder.Value;

    public static string ModelPath(string name) => Path.Combine(Dir, name + ".model.json");

    public static (string[] Names, float[][] Rows) Features(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Dir, name + ".X.csv"));
        return (lines[0].Split(','), lines.Skip(1).Select(ParseRow).ToArray());
    }

    public static float[][] Predictions(string name) =>
        File.ReadAllLines(Path.Combine(Dir, name + ".pred.csv")).Select(ParseRow).ToArray();

    private static float[] ParseRow(string line) =>
        line.Split(',').Select(v => v == "nan" ? float.NaN : (float)double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static string Make()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Script)))[..16];
        var dir = Path.Combine(Path.GetTempPath(), "leanml-xgb-fixtures-" + hash);
        if (File.Exists(Path.Combine(dir, "done")))
        {
            return dir;
        }

        var temp = dir + ".tmp-" + Environment.ProcessId;
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(Infrastructure.Repo.Datasets);
        psi.ArgumentList.Add(temp);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"make_fixtures.py failed ({p.ExitCode}): {stderr.Result}");
        }

        File.WriteAllText(Path.Combine(temp, "done"), "");
        try
        {
            Directory.Move(temp, dir);
        }
        catch (IOException) when (File.Exists(Path.Combine(dir, "done")))
        {
            Directory.Delete(temp, recursive: true);
        }

        return dir;
    }
}
