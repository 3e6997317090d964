using System.Diagnostics;
using System.Security.Cryptography;
using LeanML.Ingestion.Internal;
using LeanML.Storage;

namespace LeanML.Ingestion;

/// <summary>
/// Loads exports (CSV, TSV, JSON, JSON Lines, XLSX) into the warehouse: types inferred over the whole file, each file
/// in one transaction, idempotent on the file's SHA-256, every row traceable by <c>_load_id</c> and <c>_source_line</c>,
/// unreadable rows quarantined with their line and reason.
/// </summary>
public static partial class IngestService
{
    /// <summary>Loads every file the request names, in order, each in its own transaction; one result per file.</summary>
    public static async Task<IReadOnlyList<IngestResult>> IngestAsync(Database warehouse, Workspace.Workspace workspace, IngestRequest request, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = new List<IngestResult>();
        foreach (var file in ResolveFiles(request.Paths, workspace.Root))
        {
            results.Add(await IngestFileAsync(warehouse, workspace, file, request, progress, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>
    /// The files named by paths: a file as is, a folder's files of known formats (not recursive), a glob's matches
    /// (* and ? in the last segment); sorted by name within each path. Relative paths are taken from <paramref name="baseDir"/>.
    /// A folder's other entries are added to <paramref name="skipped"/> with the reason.
    /// </summary>
    public static IReadOnlyList<string> ResolveFiles(IEnumerable<string> paths, string baseDir, ICollection<SkippedFile>? skipped = null)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path, baseDir);
            if (File.Exists(full))
            {
                files.Add(full);
            }
            else if (Directory.Exists(full))
            {
                var found = new List<string>();
                foreach (var entry in Directory.EnumerateFileSystemEntries(full).Order(StringComparer.Ordinal))
                {
                    var reason = Directory.Exists(entry) ? "a folder (folders are not read recursively)"
                        : !FileInput.HasKnownExtension(entry) ? $"not a format ingest reads ({string.Join(" ", FileInput.KnownExtensions)}, also gzipped)"
                        : null;
                    if (reason is null)
                    {
                        found.Add(entry);
                    }
                    else
                    {
                        skipped?.Add(new SkippedFile(entry, reason));
                    }
                }

                if (found.Count == 0)
                {
                    throw new LeanMLInputException($"the folder has no files to ingest (looked for {string.Join(" ", FileInput.KnownExtensions)}).", full);
                }

                files.AddRange(found);
            }
            else if (Path.GetFileName(full).IndexOfAny(['*', '?']) >= 0 && Directory.Exists(Path.GetDirectoryName(full)))
            {
                var found = Directory.EnumerateFiles(Path.GetDirectoryName(full)!, Path.GetFileName(full)).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    throw new LeanMLInputException("no file matches the pattern.", full);
                }

                files.AddRange(found);
            }
            else
            {
                throw new LeanMLInputException("no such file or folder.", full);
            }
        }

        return files;
    }

    /// <summary>The format of a file from its extension (a .json file holding one object per line is JSON Lines; .gz aside).</summary>
    public static IngestFormat DetectFormat(string file) => FileInput.FormatOf(file);

    /// <summary>The lineage columns every loaded row carries; they trace a value to its file and line and are never features.</summary>
    public static IReadOnlyList<string> LineageColumns { get; } = [TableDdl.LoadIdColumn, TableDdl.SourceLineColumn];

    /// <summary>The default table of a file: its name without extension in snake_case (data/Stripe Payments.csv → stripe_payments).</summary>
    public static string DefaultTable(string file) => SqlNames.ToSnakeCase(FileInput.BaseName(file));

    /// <summary>Loads one file in one transaction (see the class summary); a no-op when these bytes were loaded into the table before.</summary>
    public static async Task<IngestResult> IngestFileAsync(Database warehouse, Workspace.Workspace workspace, string file, IngestRequest request, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        file = Path.GetFullPath(file, workspace.Root);
        var readOptions = request.Reader.Fingerprint();
        var input = FileInput.Open(file, request.Reader);
        var format = input.Format;
        if (format == IngestFormat.Parquet)
        {
            // A Parquet file says its types; --type still overrides them.
            request = request with { Reader = request.Reader with { Types = FileReader.ParquetTypes(file, request.Reader.Types) } };
        }

        var table = request.Table ?? DefaultTable(file);
        ValidateTable(table, file);
        if (request.Mode == IngestMode.Upsert && string.IsNullOrWhiteSpace(request.Key))
        {
            throw new LeanMLInputException("--mode upsert needs --key COL: the column that identifies a row.", field: "--key");
        }

        var started = DateTimeOffset.UtcNow;
        var size = new FileInfo(file).Length;
        var log = new IngestLogStore(warehouse);

        // One load into a table at a time (across processes), so the check below holds when the same file is ingested twice at once.
        await using var loadLock = await warehouse.Engine.LockLoadsAsync(warehouse, table, cancellationToken).ConfigureAwait(false);

        // Loading the same bytes again is a no-op. The same bytes have the same size, so the file is hashed before the
        // load only when an earlier load into this table had its size; otherwise the hash is computed while it loads.
        var hashing = Task.Run(() => HashAsync(file, cancellationToken), cancellationToken);
        if ((await log.ListAsync(table, null, cancellationToken).ConfigureAwait(false)).Any(l => l.Outcome == "loaded" && l.SizeBytes == size))
        {
            var sha = await hashing.ConfigureAwait(false);
            var earlier = await log.EffectiveLoadOfAsync(table, sha, readOptions, request.Mode == IngestMode.Replace, null, cancellationToken).ConfigureAwait(false);
            if (earlier is not null)
            {
                return new IngestResult(file, table, earlier.LoadId, format, request.Mode, 0, 0, 0, 0, 0, true,
                    [$"already loaded: these exact bytes (sha256 {sha[..12]}…) went into '{table}' with load {earlier.LoadId} at {earlier.FinishedAt:yyyy-MM-dd HH:mm:ss}Z; nothing was done"],
                    await log.ColumnsAsync(table, null, cancellationToken).ConfigureAwait(false), null, sha, clock.Elapsed.TotalSeconds);
            }
        }

        var loadId = await log.NextLoadIdAsync(table, file, started, cancellationToken).ConfigureAwait(false);

        // Types come from every value of the file. A CSV's columns are fixed by its header, so one pass can infer and
        // load at once: the load starts with the types of the first records and checks at its end that the whole
        // file's types are the same ones; when they are not, it is rolled back and the file loads again with the whole
        // file's types. JSON (columns appear as they come) and XLSX infer in a pass of their own first.
        var probe = format is IngestFormat.Csv or IngestFormat.Tsv or IngestFormat.Parquet ? ProbeRecords : long.MaxValue;
        var (originals, inferred, complete, notice) = FileReader.Infer(input, probe, warehouse.Engine.MaxColumns - TableDdl.LineageColumnCount, warehouse.Engine.Name, progress, cancellationToken);
        if (originals.Count == 0)
        {
            throw new LeanMLInputException("the file is empty: it has no header and no records.", file);
        }

        var load = new FileLoad(input, table, request, hashing, size, started, loadId, originals, notice, clock, readOptions);
        var (result, wholeFile) = await LoadFileAsync(warehouse, workspace, load, inferred, checkTypes: !complete, progress, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            (result, _) = await LoadFileAsync(warehouse, workspace, load, wholeFile!, checkTypes: false, progress, cancellationToken).ConfigureAwait(false);
        }

        return result!;
    }

    /// <summary>
    /// Loads the file in one transaction with the given column types. With <paramref name="checkTypes"/>, the types
    /// came from the first records only: the load also infers the whole file's types and, if they differ, rolls back
    /// and returns them instead of a result.
    /// </summary>
    private static async Task<(IngestResult? Result, List<InferredColumn>? WholeFile)> LoadFileAsync(
        Database warehouse, Workspace.Workspace workspace, FileLoad load, List<InferredColumn> inferred, bool checkTypes, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var (input, table, request, hashing, size, started, loadId, originals, notice, clock, readOptions) = load;
        var (file, format) = (input.Path, input.Format);
        var log = new IngestLogStore(warehouse);
        var names = FileReader.Names(originals);
        var forced = FileReader.Forced(request.Reader, originals, names, file);
        var fileColumns = new List<FileColumn>();
        for (var i = 0; i < originals.Count; i++)
        {
            var f = forced.TryGetValue(i, out var x) ? x : ((ColumnType, string?)?)null;
            fileColumns.Add(new FileColumn(names[i], originals[i], inferred[i], f?.Item1, f?.Item2));
        }

        string? keyName = null;
        if (request.Mode == IngestMode.Upsert)
        {
            var k = FileReader.IndexOf(request.Key!, originals, names);
            keyName = k >= 0 ? names[k] : throw new LeanMLInputException($"the key column '{request.Key}' is not in the file; its columns are: {string.Join(", ", names)}.", file, field: "--key");
        }

        var quarantinePath = Path.Combine(workspace.QuarantineDir, loadId + ".jsonl");
        using var quarantine = new QuarantineWriter(quarantinePath, loadId, file);
        var rules = new CellRules(request.Reader);
        var wholeFile = checkTypes ? originals.Select(_ => new ColumnInference(rules)).ToArray() : null;
        var warnings = new List<string>();
        long read = 0, loaded = 0, updated = 0, duplicates = 0;
        IReadOnlyList<ColumnInfo> finalColumns;
        object loadIdValue;
        var failureLogged = false;
        try
        {
            await using var tx = await warehouse.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var existing = await log.ColumnsAsync(table, tx, cancellationToken).ConfigureAwait(false);
            var exists = await TableDdl.ExistsAsync(warehouse, tx, table, cancellationToken).ConfigureAwait(false);
            if (exists && existing.Count == 0 && request.Mode != IngestMode.Replace)
            {
                throw new LeanMLInputException($"the table '{table}' exists but was not created by 'leanml ingest'; nothing was changed. Choose another table with --table, or replace it with --mode replace.", file, field: "--table");
            }

            if (request.Mode == IngestMode.Replace && exists)
            {
                await TableDdl.DropAsync(warehouse, tx, table, cancellationToken).ConfigureAwait(false);
                existing = [];
                exists = false;
            }

            var plan = Plan(existing, fileColumns, rules, warnings);
            finalColumns = plan.Columns;
            if (!exists)
            {
                await TableDdl.CreateAsync(warehouse, tx, table, plan.Columns, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (plan.Widened)
                {
                    await TableDdl.WidenAsync(warehouse, tx, table, existing, plan.Columns, cancellationToken).ConfigureAwait(false);
                }

                // New columns come after the existing ones (SQLite's rebuild copied only the existing ones).
                foreach (var added in plan.Columns.Where(c => !existing.Any(e => e.Name == c.Name)))
                {
                    await TableDdl.AddColumnAsync(warehouse, tx, table, added, cancellationToken).ConfigureAwait(false);
                }
            }

            var insertColumns = names.Append(TableDdl.LoadIdColumn).Append(TableDdl.SourceLineColumn).ToList();
            loadIdValue = await TableDdl.LoadIdValueAsync(warehouse, tx, table, loadId, cancellationToken).ConfigureAwait(false);
            var sink = request.Mode == IngestMode.Upsert
                ? await warehouse.Engine.StartUpsertAsync(warehouse, tx, table, insertColumns, names.ToList().IndexOf(keyName!), loadIdValue, cancellationToken).ConfigureAwait(false)
                : await warehouse.Engine.StartBulkLoadAsync(warehouse, tx, table, insertColumns, loadIdValue, cancellationToken).ConfigureAwait(false);
            await using (sink.ConfigureAwait(false))
            {
                // Convert and write every record, or quarantine it with its reason.
                ReportPhases($"ready to load after {clock.Elapsed.TotalSeconds:0.000} s");
                (read, loaded, updated) = await LoadAsync(input, originals, plan.Converters, names, keyName is null ? -1 : names.ToList().IndexOf(keyName), sink, quarantine, wholeFile, size, progress, cancellationToken).ConfigureAwait(false);
                var completing = Stopwatch.GetTimestamp();
                updated += await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
                ReportPhases($"the warehouse finished writing {Stopwatch.GetElapsedTime(completing).TotalSeconds:0.000} s after the last batch");
                duplicates = sink.Duplicates;
            }

            if (wholeFile is not null)
            {
                var whole = wholeFile.Select((c, i) => c.Result(originals[i])).ToList();
                if (!SameTypes(inferred, whole))
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    quarantine.Delete();
                    return (null, whole);
                }

                // The same types, but the warnings of the whole file.
                inferred = whole;
            }

            warnings.InsertRange(0, inferred.Where(c => c.Warning is not null).Select(c => c.Warning!));
            if (notice is not null)
            {
                warnings.Insert(0, notice);
            }

            quarantine.Dispose();
            if (read > 0 && loaded == 0)
            {
                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                var first = quarantine.First!.Value;
                await LogFailureAsync(log, loadId, file, await hashing.ConfigureAwait(false), size, format, table, request.Mode, read, quarantine.Count, started, "every row failed", cancellationToken).ConfigureAwait(false);
                failureLogged = true;
                throw new LeanMLInputException(
                    $"no row could be loaded: all {read} rows were quarantined (first, line {first.Line}: {first.Reason}). Nothing was changed; see 'leanml quarantine {loadId}'.",
                    file, checked((int)Math.Min(first.Line, int.MaxValue)));
            }

            if (quarantine.Count > 0)
            {
                warnings.Add($"{quarantine.Count} row(s) quarantined: see 'leanml quarantine {loadId}'");
            }

            if (quarantine.EncodingReason is { } encoding)
            {
                // One line for the whole file: the likely encoding, and the flag that reads it.
                warnings.Add($"the file is not UTF-8: {encoding[(Utf8Escape.ReasonStart.Length + 2)..^1]}");
            }

            var afterLoadStarted = Stopwatch.GetTimestamp();
            LoadedFile? loadedFile = null;
            if (request.AfterLoad is { } afterLoad)
            {
                var loadedColumns = fileColumns.Select(c => plan.Columns.First(p => p.Name == c.Name) with { OriginalName = c.Original }).ToList();
                loadedFile = new LoadedFile(warehouse, tx, file, table, loadId, loadedColumns) { Sha256 = hashing, ReadOptions = readOptions, LoadIdIsText = loadIdValue is string };
                await afterLoad(loadedFile, cancellationToken).ConfigureAwait(false);
            }

            await log.SaveColumnsAsync(table, plan.Columns, tx, cancellationToken).ConfigureAwait(false);
            var sha = await hashing.ConfigureAwait(false);
            var afterCommit = loadedFile?.AfterCommit ?? [];
            await log.InsertAsync(new IngestLogEntry(loadId, file, sha, size, FormatName(format), table, ModeName(request.Mode), read, loaded, quarantine.Count, updated, duplicates, warnings, plan.Columns, started, DateTimeOffset.UtcNow, "loaded", null) { ReadOptions = readOptions, Adapter = loadedFile?.Adapter, AfterCommit = afterCommit }, tx, cancellationToken).ConfigureAwait(false);
            var commitStarted = Stopwatch.GetTimestamp();
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            ReportPhases($"after load (adapters) {Stopwatch.GetElapsedTime(afterLoadStarted, commitStarted).TotalSeconds:0.000} s, commit {Stopwatch.GetElapsedTime(commitStarted).TotalSeconds:0.000} s; total {clock.Elapsed.TotalSeconds:0.000} s");
            if (afterCommit.Count > 0)
            {
                // The load has committed: what it left to run after runs to its end (a kill is finished by the next open).
                var afterCommitStarted = Stopwatch.GetTimestamp();
                IReadOnlyList<long> counts;
                try
                {
                    counts = await log.RunAfterCommitAsync(loadId, afterCommit).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not LeanMLException)
                {
                    // The load stays committed, its mapping pending: every open for writing tries it again.
                    throw new LeanMLEnvironmentException(IngestLogStore.AfterCommitFailed(loadId, table, ex), ex);
                }

                loadedFile!.Committed?.Invoke(counts);
                ReportPhases($"after commit (adapters) {Stopwatch.GetElapsedTime(afterCommitStarted).TotalSeconds:0.000} s; total {clock.Elapsed.TotalSeconds:0.000} s");
            }
        }
        catch (OperationCanceledException)
        {
            quarantine.Delete();
            throw;
        }
        catch (System.Data.Common.DbException ex) when (warehouse.Engine.LimitExceeded(ex) is { } limit)
        {
            // The transaction rolled back: nothing was created.
            quarantine.Delete();
            var error = new LeanMLInputException($"{limit}. Nothing was created. Load fewer columns: split the file, or keep the columns you need.", file, inner: ex);
            await LogFailureAsync(log, loadId, file, await hashing.ConfigureAwait(false), size, format, table, request.Mode, read, 0, started, error.Message, CancellationToken.None).ConfigureAwait(false);
            throw error;
        }
        catch (LeanMLInputException ex) when (!failureLogged)
        {
            quarantine.Delete();
            await LogFailureAsync(log, loadId, file, await hashing.ConfigureAwait(false), size, format, table, request.Mode, read, 0, started, ex.Message, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return (new IngestResult(file, table, loadId, format, request.Mode, read, loaded, quarantine.Count, updated, duplicates, false, warnings, finalColumns,
            quarantine.Count > 0 ? quarantinePath : null, await hashing.ConfigureAwait(false), clock.Elapsed.TotalSeconds), null);
    }

    /// <summary>What one file's load needs whichever types it runs with.</summary>
    private sealed record FileLoad(FileInput Input, string Table, IngestRequest Request, Task<string> Sha, long Size, DateTimeOffset Started, string LoadId, List<string> Originals, string? Notice, Stopwatch Clock, string ReadOptions);

    /// <summary>One column of the file as the plan maps it onto the table.</summary>
    private sealed record FileColumn(string Name, string Original, InferredColumn Inferred, ColumnType? Forced, string? DateFormat);

    // What decides how every cell converts: a load made with the first records' types is the load the whole file's types make.
    private static bool SameTypes(List<InferredColumn> a, List<InferredColumn> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Type == p.Second.Type && p.First.Unit == p.Second.Unit && p.First.Order == p.Second.Order && p.First.Empty == p.Second.Empty && p.First.DecimalComma == p.Second.DecimalComma);

    /// <summary>The lower-case name of a format, as logged.</summary>
    public static string FormatName(IngestFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>The lower-case name of a mode, as logged.</summary>
    public static string ModeName(IngestMode mode) => mode.ToString().ToLowerInvariant();

    private static void ValidateTable(string table, string file) => SqlNames.RefuseReserved(table, file, "--table");

    private static async Task<string> HashAsync(string file, CancellationToken ct)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
    }

    private static async Task LogFailureAsync(IngestLogStore log, string loadId, string file, string sha, long size, IngestFormat format, string table, IngestMode mode, long read, long quarantined, DateTimeOffset started, string error, CancellationToken ct) =>
        await log.InsertAsync(new IngestLogEntry(loadId, file, sha, size, FormatName(format), table, ModeName(mode), read, 0, quarantined, 0, 0, [], [], started, DateTimeOffset.UtcNow, "failed", error), null, ct).ConfigureAwait(false);
}
