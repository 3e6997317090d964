using System.Security.Cryptography;

namespace LeanML.Runs;

/// <summary>
/// The files of a run under <c>.leanml/runs/RUN/</c>: written atomically with their SHA-256 recorded, and read
/// back only when the hash still matches, so a corrupted or swapped file is detected and never used.
/// </summary>
public static class RunArtifacts
{
    /// <summary>The XGBoost JSON model.</summary>
    public const string Model = "model.json";

    /// <summary>The feature schema (<see cref="Features.FeatureSchema"/>).</summary>
    public const string Schema = Features.FeatureSchema.FileName;

    /// <summary>The folder of a run.</summary>
    public static string RunDir(Workspace.Workspace workspace, string runId) => Path.Combine(workspace.RunsDir, runId);

    /// <summary>Writes an artifact (beside, then renamed into place) and returns its SHA-256 in lower-case hex.</summary>
    public static async Task<string> WriteAsync(string runDir, string name, byte[] bytes, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(runDir);
        var path = Path.Combine(runDir, name);
        var temp = path + ".tmp-" + Environment.ProcessId;
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
        return Sha256Hex(bytes);
    }

    /// <summary>Reads an artifact of a run and checks it against its recorded SHA-256.</summary>
    public static async Task<byte[]> ReadVerifiedAsync(Workspace.Workspace workspace, TrainingRunRecord run, string name, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(RunDir(workspace, run.Id), name);
        if (!run.Artifacts.TryGetValue(name, out var expected))
        {
            throw new LeanMLInputException($"run {run.Id} has no artifact '{name}' recorded.", path);
        }

        if (!File.Exists(path))
        {
            throw new LeanMLInputException($"the artifact '{name}' of run {run.Id} is missing. Restore .leanml/runs/{run.Id}/ or train again.", path);
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var actual = Sha256Hex(bytes);
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new LeanMLInputException($"the artifact '{name}' of run {run.Id} was changed since training (SHA-256 {actual[..12]}…, recorded {expected[..12]}…); it will not be used. Restore it or train again.", path);
        }

        return bytes;
    }

    /// <summary>SHA-256 of bytes as lower-case hex.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
