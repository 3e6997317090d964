using System.Text.Json;

namespace LeanML.Ingestion;

/// <summary>Reads the quarantine files of .leanml/quarantine (<c>leanml quarantine</c>).</summary>
public static class QuarantineReader
{
    /// <summary>The rejected records of one load, in file order; empty when it rejected none.</summary>
    public static IReadOnlyList<QuarantineEntry> Read(Workspace.Workspace workspace, string loadId)
    {
        var path = Path.Combine(workspace.QuarantineDir, loadId + ".jsonl");
        var list = new List<QuarantineEntry>();
        if (!File.Exists(path))
        {
            return list;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            list.Add(new QuarantineEntry(e.GetProperty("load_id").GetString() ?? loadId, e.GetProperty("file").GetString() ?? "", e.GetProperty("line").GetInt64(), e.GetProperty("reason").GetString() ?? "", e.GetProperty("raw").GetString() ?? "", e.TryGetProperty("raw_base64", out var bytes) ? bytes.GetBytesFromBase64() : null));
        }

        return list;
    }
}
