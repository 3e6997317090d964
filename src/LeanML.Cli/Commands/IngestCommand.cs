using LeanML.Cli.Reports;
using System.CommandLine;
using System.Globalization;
using LeanML.Ingestion;
using LeanML.Sources;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml ingest PATH...</c>: load exports into the warehouse.</summary>
internal static class IngestCommand
{
    private const long ProgressBarBytes = 16L * 1024 * 1024;

    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files, folders (their .csv .tsv .json .jsonl .xlsx files) or globs", Arity = ArgumentArity.ZeroOrMore };
        var events = new Option<string?>("--events") { Description = "Load experiment events (id, unit, name, value, time) from a CSV or JSON Lines file, idempotent on id", HelpName = "FILE" };
        var table = new Option<string?>("--table", "-t") { Description = "Target table (default: the file name in snake_case)", HelpName = "T" };
        var key = new Option<string?>("--key") { Description = "Key column for --mode upsert", HelpName = "COL" };
        var mode = new Option<string>("--mode", "-m") { Description = "append (default) | replace | upsert", HelpName = "MODE", DefaultValueFactory = _ => "append" };
        mode.AcceptOnlyFromAmong("append", "replace", "upsert");
        var raw = new Option<bool>("--raw") { Description = "Plain ingestion only: do not recognise vendor exports or fill the canonical tables" };
        var reader = new ReaderFlags();
        var command = new Command("ingest", """
            Load CSV, TSV, JSON, JSON Lines, XLSX or Parquet files into the warehouse. Types are inferred over the whole
            file (a Parquet file's own types are kept); every row carries _load_id and _source_line; rows that cannot be read go to quarantine with their line and
            reason, and the rest loads. Each file loads in one transaction; loading the same bytes again does nothing.
            A file whose every row fails is an error (exit 3). Ctrl-C rolls the current file back.
            A vendor export (Stripe, Square, HubSpot, Salesforce) is recognised by its header names and also fills the
            canonical tables (payments, customers, companies, subscriptions, deals, deal_stage_history) in the same
            transaction; --raw skips that. With no PATH, every source declared in sources/*.yaml is loaded.

            Examples:
              leanml ingest data/
              leanml ingest data/stripe_payments.csv --table payments
              leanml ingest exports/*.csv --mode upsert --key id
              leanml ingest crm.xlsx --sheet Deals --type amount=money --json
              leanml ingest export.csv --delimiter ';' --decimal , --encoding cp1252 --na '-'
              leanml ingest visits.csv.gz --date-format day=d.M.yyyy --skip-rows 2
              leanml ingest features.parquet
              leanml ingest --events data/experiment_events.csv
              leanml ingest                      (every source in sources/*.yaml)
              leanml ingest exports/square.csv --raw
            """)
        {
            paths, table, key, mode, events, raw,
        };
        reader.AddTo(command);
        command.Validators.Add(result =>
        {
            var hasPaths = result.GetValue(paths) is { Length: > 0 };
            var hasEvents = result.GetValue(events) is not null;
            if (hasPaths && hasEvents)
            {
                result.AddError("Give either PATH... or --events FILE, not both.");
            }

            // PATH takes any number of words, so a mistyped option would arrive as a file name.
            var options = result.Command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(a => a.StartsWith('-')).ToList();
            foreach (var word in result.GetValue(paths) ?? [])
            {
                if (word.Length > 1 && word[0] == '-' && !File.Exists(word) && !Directory.Exists(word))
                {
                    result.AddError($"Unrecognized option '{word}'.{LeanML.Internal.Suggestions.DidYouMean(word, options)}");
                }
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            if (parse.GetValue(events) is { } eventsFile)
            {
                await using var eventsWarehouse = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false);
                return await ExperimentCommand.LoadEventsAsync(output, eventsWarehouse, eventsFile, ct).ConfigureAwait(false);
            }

            var request = new IngestRequest(parse.GetValue(paths) ?? [])
            {
                Table = parse.GetValue(table),
                Key = parse.GetValue(key),
                Mode = Enum.Parse<IngestMode>(parse.GetValue(mode) ?? "append", ignoreCase: true),
                Reader = reader.Parse(parse, workspace),
            };
            var skipped = new List<SkippedFile>();
            var declared = request.Paths.Count == 0;
            if (declared && SourceDefinition.LoadAll(workspace).Count == 0)
            {
                await output.Error.WriteLineAsync("Give the files to load (PATH...) or --events FILE; or declare sources in sources/NAME.yaml (path, adapter, rename, key) and run 'leanml ingest' alone.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var files = declared ? [] : IngestService.ResolveFiles(request.Paths, Environment.CurrentDirectory, skipped);
            foreach (var s in skipped)
            {
                output.Status($"skipped {Path.GetRelativePath(workspace.Root, s.Path)}: {s.Reason}");
            }

            await using var warehouse = await Warehouse.OpenAsync(workspace, ct).ConfigureAwait(false);
            var loads = new List<SourceLoadResult>();
            var options = new SourceOptions { Raw = parse.GetValue(raw), GmailFolding = workspace.Settings.Identity.GmailFolding };
            if (declared)
            {
                foreach (var load in await SourceIngestService.IngestSourcesAsync(warehouse, workspace, request, options.Raw, null, ct).ConfigureAwait(false))
                {
                    loads.Add(load);
                    if (!output.Json)
                    {
                        WriteHuman(output.Human, workspace.Root, load);
                    }
                }
            }

            var failed = new List<FailedFile>();
            foreach (var file in files)
            {
                var bar = new FileInfo(file).Length >= ProgressBarBytes ? new ProgressBar(output.Error, !Console.IsErrorRedirected, Path.GetRelativePath(workspace.Root, file)) : null;
                try
                {
                    var load = await SourceIngestService.IngestFileAsync(warehouse, workspace, file, request, options, bar, ct).ConfigureAwait(false);
                    bar?.Clear();
                    loads.Add(load);
                    if (!output.Json)
                    {
                        WriteHuman(output.Human, workspace.Root, load);
                    }
                }
                catch (OperationCanceledException)
                {
                    bar?.Clear();
                    await output.Error.WriteLineAsync($"interrupted: the load of {Path.GetRelativePath(workspace.Root, file)} was rolled back; the table and the ingest log are as they were.").ConfigureAwait(false);
                    throw;
                }
                catch (LeanMLInputException ex) when (files.Count > 1)
                {
                    // One bad file of several: it loaded nothing (its transaction rolled back); the others still load.
                    bar?.Clear();
                    failed.Add(new FailedFile(file, ex.Message));
                    await output.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                }
                catch
                {
                    bar?.Clear();
                    throw;
                }
            }

            var results = loads.Select(l => l.Load).ToList();
            var adapters = loads.Select(l => new AdapterFileReport(l.Load.File, l.Load.Table, l.Source, l.Adapter, l.Hint, l.Notice)).ToList();
            // Closing the warehouse deletes the load's WAL file (40-50 ms after a 1M-row load): done beside the report.
            var closing = Task.Run(() => warehouse.CloseAsync().AsTask(), CancellationToken.None);
            output.Report(new IngestReport(results, results.Sum(r => r.RowsRead), results.Sum(r => r.RowsLoaded), results.Sum(r => r.RowsQuarantined), skipped) { Adapters = adapters, Failed = failed }, _ => { });
            await closing.ConfigureAwait(false);
            if (failed.Count > 0)
            {
                await output.Error.WriteLineAsync($"{failed.Count} of {files.Count} files could not be loaded (each error above); the other {files.Count - failed.Count} loaded.").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteHuman(TextWriter w, string root, SourceLoadResult load)
    {
        WriteHuman(w, root, load.Load);
        if (load.Notice is { } notice)
        {
            w.WriteLine($"  note: {notice}");
        }

        if (load.Adapter is { SameBytesAsLoad: { } earlier } same)
        {
            w.WriteLine($"  {same.Summary}: nothing changed, load {earlier} brought these same bytes there already");
        }
        else if (load.Adapter is { } a)
        {
            var n = CultureInfo.InvariantCulture;
            w.WriteLine(string.Format(n, "  {0}: {1:N0} new, {2:N0} updated{3}{4}{5}", a.Summary, a.Inserted, a.Updated,
                a.Skipped > 0 ? string.Format(n, ", {0:N0} skipped (no id, deleted, or repeated later in the file)", a.Skipped) : "",
                a.RefundsApplied > 0 ? string.Format(n, ", {0:N0} refunds applied", a.RefundsApplied) : "",
                a.RefundsWaiting > 0 ? string.Format(n, ", {0:N0} refunds wait for their payment (applied when an export with it is loaded)", a.RefundsWaiting) : ""));
        }
        else if (load.Hint is { } hint)
        {
            w.WriteLine($"  hint: {hint}");
        }
    }

    private static void WriteHuman(TextWriter w, string root, IngestResult r)
    {
        var file = Path.GetRelativePath(root, r.File);
        if (r.AlreadyLoaded)
        {
            w.WriteLine($"{file} -> {r.Table}: already loaded (load {r.LoadId}); nothing to do");
            return;
        }

        var n = CultureInfo.InvariantCulture;
        var line = string.Format(n, "{0} -> {1}: {2:N0} rows read, {3:N0} loaded, {4:N0} quarantined", file, r.Table, r.RowsRead, r.RowsLoaded, r.RowsQuarantined);
        if (r.Mode == IngestMode.Upsert)
        {
            line += string.Format(n, " ({0:N0} updated, {1:N0} duplicate keys in the file)", r.RowsUpdated, r.Duplicates);
        }

        w.WriteLine($"{line} in {r.Seconds.ToString("0.0", n)} s (load {r.LoadId})");
        w.WriteLine("  columns: " + string.Join(", ", r.Columns.Select(c => $"{c.Name} {c.Type.Name()}{(c.Unit is null ? "" : $" ({c.Unit})")}")));
        foreach (var warning in r.Warnings)
        {
            w.WriteLine($"  warning: {warning}");
        }
    }

    /// <summary>
    /// Progress of a large file on stderr, as training reports its rounds: rows and MB/s, redrawn in place a few times a
    /// second on a terminal, otherwise one line every few seconds (a log keeps them).
    /// </summary>
    private sealed class ProgressBar(TextWriter error, bool terminal, string name) : IProgress<IngestProgress>
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private TimeSpan _last;
        private bool _reported;
        private int _pass;
        private TimeSpan _passStart;

        public void Report(IngestProgress value)
        {
            var now = _clock.Elapsed;
            if (value.Pass != _pass)
            {
                (_pass, _passStart) = (value.Pass, now);
            }

            // The first report at once (a fast load may take less than the interval), then one per interval.
            if ((_reported && now - _last < (terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(2))) || value.BytesTotal <= 0)
            {
                return;
            }

            (_reported, _last) = (true, now);
            var share = Math.Clamp(value.BytesRead / (double)value.BytesTotal, 0, 1);
            // A rate over the first instants is the read-ahead buffer's, not the load's (it printed 13,875 MB/s).
            var seconds = (now - _passStart).TotalSeconds;
            var rate = seconds >= 0.5 ? string.Create(CultureInfo.InvariantCulture, $"{value.BytesRead / seconds / (1024 * 1024):0.0} MB/s") : "";
            var what = value.Pass == 1 ? "reading types" : "loading     ";
            if (terminal)
            {
                var filled = (int)(share * 30);
                error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{what} [{new string('#', filled)}{new string('.', 30 - filled)}] {share * 100,5:0.0}% {value.Rows:N0} rows {rate,11}"));
            }
            else
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what.Trim()} {name}: {share * 100:0}%, {value.Rows:N0} rows{(rate.Length > 0 ? ", " + rate : "")}"));
            }
        }

        public void Clear()
        {
            if (terminal)
            {
                error.Write("\r" + new string(' ', 90) + "\r");
            }
        }
    }
}
