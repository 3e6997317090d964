using LeanML.Ingestion;
using LeanML.Internal;
using LeanML.Storage;

namespace LeanML.Sources;

/// <summary>
/// A declared source, <c>sources/NAME.yaml</c> (DESIGN.md section 12): which file(s) it is, the vendor adapter that
/// reads it, columns renamed to the names the adapter knows, its key and table. <c>columns</c> (with data tests),
/// <c>tests</c> and <c>freshness</c> belong to the data-test runner: accepted here, read there.
/// </summary>
/// <param name="Name">The file's name without .yaml.</param>
/// <param name="File">The YAML file.</param>
/// <param name="Path">A file or glob, relative to the workspace.</param>
public sealed record SourceDefinition(string Name, string File, string Path)
{
    /// <summary>The keys a source file may have.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["path", "adapter", "rename", "key", "table", "columns", "tests", "freshness", "description"];

    /// <summary>The adapter named explicitly (<c>stripe_payments</c>), or null to recognise by header; <c>none</c> skips adapters.</summary>
    public string? Adapter { get; init; }

    /// <summary>Header renames applied before the adapter reads the file: file column → the name the adapter knows.</summary>
    public IReadOnlyDictionary<string, string> Rename { get; init; } = new Dictionary<string, string>();

    /// <summary>The key column: the raw table is upserted by it (a re-export's rows replace the earlier ones).</summary>
    public string? Key { get; init; }

    /// <summary>The raw table, when not the one plain ingest derives from <see cref="Path"/>.</summary>
    public string? Table { get; init; }

    /// <summary>True when the source says <c>adapter: none</c>: plain ingestion only.</summary>
    public bool Raw => string.Equals(Adapter, "none", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The table a source loads: its <c>table:</c> if given, else the raw table plain ingest derives from <c>path</c>
    /// (the file name in snake_case). The one function the data-test runner calls to find a source's table.
    /// </summary>
    public string LoadedTable => Table ?? IngestService.DefaultTable(Path);

    /// <summary>Reads a source file; errors name the file, line and key.</summary>
    public static SourceDefinition Load(string file)
    {
        var root = YamlSection.Load(file);
        root.AllowOnly([.. Keys]);
        var name = System.IO.Path.GetFileNameWithoutExtension(file);
        var path = root.String("path", required: true)!;
        var adapter = root.String("adapter");
        if (adapter is not null && !string.Equals(adapter, "none", StringComparison.OrdinalIgnoreCase) && ExportCatalog.Find(adapter) is null)
        {
            throw root.Error("adapter", $"is '{adapter}', which is no adapter LeanML has; use one of: {string.Join(", ", ExportCatalog.All.Select(e => e.Id))}, or none.");
        }

        var rename = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.Section("rename") is { } r)
        {
            foreach (var from in r.Keys)
            {
                rename[from] = r.String(from, required: true)!;
            }
        }

        var table = root.String("table");
        if (table is not null)
        {
            SqlNames.RefuseReserved(table, file, "table");
        }

        return new SourceDefinition(name, file, path) { Adapter = adapter, Rename = rename, Key = root.String("key"), Table = table };
    }

    /// <summary>Every source of a workspace (sources/*.yaml and *.yml), sorted by name; none when there is no folder.</summary>
    public static IReadOnlyList<SourceDefinition> LoadAll(Workspace.Workspace workspace)
    {
        var dir = System.IO.Path.Combine(workspace.Root, "sources");
        if (!Directory.Exists(dir))
        {
            return [];
        }

        return Directory.EnumerateFiles(dir)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();
    }
}
