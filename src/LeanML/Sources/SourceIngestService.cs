using LeanML.Ingestion;
using LeanML.Sources.Internal;
using LeanML.Storage;

namespace LeanML.Sources;

/// <summary>
/// Ingest with vendor adapters: the raw table loads exactly as plain ingest loads it, and a recognised export's
/// rows also go to their canonical table in the same transaction, so both commit or neither does — except where the
/// engine scans a transaction's own rows on one thread (DuckDB): there the SQL mapping runs right after the load
/// commits, kept in the ingest log until it has, so a kill between is finished by the next open for writing.
/// </summary>
public static class SourceIngestService
{
    /// <summary>Loads one file; see the class summary. An unrecognised file near a known export gets a hint.</summary>
    public static async Task<SourceLoadResult> IngestFileAsync(Database warehouse, Workspace.Workspace workspace, string file, IngestRequest request, SourceOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        file = Path.GetFullPath(file, workspace.Root);
        if (options.Raw)
        {
            return new SourceLoadResult(await IngestService.IngestFileAsync(warehouse, workspace, file, request, progress, cancellationToken).ConfigureAwait(false), null, null, options.Source);
        }

        AdapterResult? adapted = null;
        string? hint = null;
        var explicitExport = options.Adapter is null ? null : ExportCatalog.Find(options.Adapter)
            ?? throw new LeanMLInputException($"no adapter is called '{options.Adapter}'.{LeanML.Internal.Suggestions.DidYouMean(options.Adapter, ExportCatalog.All.Select(e => e.Id))} The adapters: {string.Join(", ", ExportCatalog.All.Select(e => e.Id))}.", options.DeclaredIn, field: "adapter");
        // A file named like a canonical table (payments.csv) would load its raw rows where the canonical rows go.
        string? notice = null;
        var table = request.Table ?? IngestService.DefaultTable(file);
        if ((CanonicalSchema.Find(table) is not null || table == Identity.IdentityService.LinksTable)
            && (explicitExport is not null || ExportCatalog.Recognise(Header(warehouse, file, request, options, cancellationToken)) is not null))
        {
            if (options.DeclaredIn is not null)
            {
                throw new LeanMLInputException($"the source loads its raw rows into '{table}', which is a canonical table's name; give it another with 'table: raw_{table}'.", options.DeclaredIn, field: "table");
            }

            notice = $"'{table}' is a canonical table: the raw rows went to 'raw_{table}' (choose another with --table)";
            table = "raw_" + table;
        }

        var dayFirst = request.Reader.DayFirst;
        request = request with
        {
            Table = table,
            AfterLoad = async (loaded, ct) =>
            {
                var headers = loaded.FileColumns.Select(c => options.Rename.TryGetValue(c.OriginalName, out var to) ? to : c.OriginalName).ToList();
                ExportMatch? match;
                if (explicitExport is not null)
                {
                    match = ExportCatalog.Match(explicitExport, headers);
                    if (match is null)
                    {
                        var missing = explicitExport.Signature.Where(k => !explicitExport.Field(k).Headers.Any(h => headers.Any(x => Fields.Normalize(x) == Fields.Normalize(h)))).Select(k => explicitExport.Field(k).Headers[0]);
                        throw new LeanMLInputException(
                            $"the file is not a {explicitExport.Title} as its adapter '{explicitExport.Id}' needs: it lacks {string.Join(", ", missing.Select(m => $"'{m}'"))}. Add 'rename: {{FILE_COLUMN: NAME}}' for the columns it calls otherwise{(options.DeclaredIn is null ? "" : $" in {options.DeclaredIn}")}; nothing was loaded.",
                            loaded.File, field: "adapter");
                    }
                }
                else
                {
                    match = ExportCatalog.Recognise(headers);
                }

                if (match is null)
                {
                    hint = ExportCatalog.Nearest(headers)?.Message;
                    return;
                }

                if (await CanonicalWriter.MappedBeforeAsync(loaded, match.Export, ct).ConfigureAwait(false) is { } earlier)
                {
                    // Logged without an adapter: this load mapped nothing, so a later copy names the load that did.
                    adapted = new AdapterResult(match.Export.Id, match.Export.Title, match.Export.Target.Name, 0, 0, 0, 0) { SameBytesAsLoad = earlier };
                    return;
                }

                loaded.Adapter = match.Export.Id;

                using (SourceValues.ReadDayFirst(dayFirst))
                {
                    adapted = await CanonicalWriter.WriteAsync(loaded, match, options.Rename, options.GmailFolding, options.RowByRow, final => adapted = final, ct).ConfigureAwait(false);
                }
            },
        };
        var load = await IngestService.IngestFileAsync(warehouse, workspace, file, request, progress, cancellationToken).ConfigureAwait(false);
        return new SourceLoadResult(load, adapted, hint, options.Source) { Notice = notice };
    }

    /// <summary>Loads every file the request's paths name (resolved as plain ingest resolves them), each through the adapters.</summary>
    public static async Task<IReadOnlyList<SourceLoadResult>> IngestAsync(Database warehouse, Workspace.Workspace workspace, IngestRequest request, SourceOptions options, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = new List<SourceLoadResult>();
        foreach (var file in IngestService.ResolveFiles(request.Paths, workspace.Root))
        {
            results.Add(await IngestFileAsync(warehouse, workspace, file, request, options, progress, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    // The file's header (after renames) from its first records, without loading it.
    private static List<string> Header(Database warehouse, string file, IngestRequest request, SourceOptions options, CancellationToken ct)
    {
        var input = Ingestion.Internal.FileInput.Open(file, request.Reader);
        var originals = Ingestion.Internal.FileReader.Infer(input, 50, int.MaxValue, warehouse.Engine.Name, null, ct).Originals;
        return originals.Select(h => options.Rename.TryGetValue(h, out var to) ? to : h).ToList();
    }

    /// <summary>
    /// Loads every declared source (sources/*.yaml) in name order: each file of its path into its table, through
    /// its adapter; a source whose path matches nothing is an input error naming the source file.
    /// </summary>
    public static async Task<IReadOnlyList<SourceLoadResult>> IngestSourcesAsync(Database warehouse, Workspace.Workspace workspace, IngestRequest template, bool raw, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = new List<SourceLoadResult>();
        foreach (var source in SourceDefinition.LoadAll(workspace))
        {
            IReadOnlyList<string> files;
            try
            {
                files = IngestService.ResolveFiles([source.Path], workspace.Root);
            }
            catch (LeanMLInputException ex)
            {
                throw new LeanMLInputException($"the source's path '{source.Path}' finds no file: {ex.Message}", source.File, field: "path", inner: ex);
            }

            var request = template with
            {
                Table = source.LoadedTable,
                Key = source.Key ?? template.Key,
                Mode = source.Key is not null ? IngestMode.Upsert : template.Mode,
            };
            var options = new SourceOptions
            {
                Adapter = source.Raw ? null : source.Adapter,
                Rename = source.Rename,
                Raw = raw || source.Raw,
                GmailFolding = workspace.Settings.Identity.GmailFolding,
                Source = source.Name,
                DeclaredIn = source.File,
            };
            foreach (var file in files)
            {
                results.Add(await IngestFileAsync(warehouse, workspace, file, request, options, progress, cancellationToken).ConfigureAwait(false));
            }
        }

        return results;
    }
}
