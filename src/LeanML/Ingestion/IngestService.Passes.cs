using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LeanML.Ingestion.Internal;

namespace LeanML.Ingestion;

/// <summary>The passes over a file (inferring types, loading) and the plan that maps its columns onto the table.</summary>
public static partial class IngestService
{
    private const int ProgressEvery = 1 << 16;
    private const int CancelCheckEvery = 1 << 12;

    // Records whose types a CSV load starts with; the whole file's types are checked at its end (see IngestFileAsync).
    private const long ProbeRecords = 10_000;

    private static (List<ColumnInfo> Columns, ValueConverter[] Converters, bool Widened) Plan(
        IReadOnlyList<ColumnInfo> existing,
        List<FileColumn> fileColumns,
        CellRules rules,
        List<string> warnings)
    {
        var columns = existing.ToList();
        var converters = new ValueConverter[fileColumns.Count];
        var widened = false;
        for (var i = 0; i < fileColumns.Count; i++)
        {
            var (name, original, inferred, forced, dateFormat) = fileColumns[i];
            var type = forced ?? inferred.Type;
            var unit = type == ColumnType.Money ? inferred.Unit : null;
            var at = columns.FindIndex(c => c.Name == name);
            if (at < 0)
            {
                columns.Add(new ColumnInfo(name, original, type, unit));
                if (existing.Count > 0)
                {
                    warnings.Add($"new column '{name}' ({type.Name()}) added; rows loaded before have NULL in it");
                }

                converters[i] = new ValueConverter(type, unit, inferred.Order, rules, inferred.DecimalComma, dateFormat);
                continue;
            }

            var old = columns[at];
            var target = old.Type;
            if (forced is not null || !inferred.Empty)
            {
                target = ColumnTypes.Widen(old.Type, type);
                if (old.Type == ColumnType.Money && type == ColumnType.Money && unit is not null && old.Unit is not null && unit != old.Unit)
                {
                    target = ColumnType.Text;
                }
            }

            if (target != old.Type)
            {
                widened = true;
                warnings.Add($"column '{name}' widened from {old.Type.Name()} to {target.Name()}: this file's values are {type.Name()}");
                columns[at] = old with { Type = target, Unit = target == ColumnType.Money ? old.Unit : null };
            }

            converters[i] = new ValueConverter(target, columns[at].Unit, inferred.Order, rules, inferred.DecimalComma, dateFormat);
        }

        foreach (var missing in existing.Where(e => !fileColumns.Any(f => f.Name == e.Name)))
        {
            warnings.Add($"column '{missing.Name}' is not in this file; its rows have NULL in it");
        }

        return (columns, converters, widened);
    }

    private static async Task<(long Read, long Loaded, long Updated)> LoadAsync(
        FileInput input, IReadOnlyList<string> originals, ValueConverter[] converters, IReadOnlyList<string> names,
        int keyIndex, RowSink sink, QuarantineWriter quarantine, ColumnInference[]? wholeFile, long size, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        // Three stages: one thread reads records into batches of text cells, workers (one per core, at most three)
        // convert batches into rows, and the caller's thread writes each batch's rows to the database and its rejected
        // records to quarantine, batch by batch in the file's order. A fixed pool of batches keeps memory flat. (Since
        // reading a plain record is one search, converting is the longest stage: on 2 cores two workers beside the
        // reader took 1M x 10 columns in 1.36-1.60 s against 1.54-1.70 s with one, in alternating runs.)
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var workers = Math.Clamp(Environment.ProcessorCount, 1, 3);
        var rows = RowBatch.RowsFor(converters.Length);
        var free = Channel.CreateUnbounded<LoadBatch>();
        for (var i = 0; i < workers + 4; i++)
        {
            free.Writer.TryWrite(new LoadBatch(converters.Length, rows));
        }

        var ordered = Channel.CreateUnbounded<LoadBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var work = Channel.CreateUnbounded<LoadBatch>(new UnboundedChannelOptions { SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = new RecordReading(input.Path, size, progress);
        var reader = Task.Run(() => ReadAsync(input, originals, reading, free.Reader, ordered.Writer, work.Writer, stop.Token), stop.Token);

        // Each worker infers over the records it converts; their inferences merge into the whole file's at the end.
        var conversions = new RecordConversion[workers];
        var converting = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var conversion = conversions[w] = new RecordConversion(originals, converters, names, keyIndex, wholeFile?.Select(c => c.Fresh()).ToArray());
            converting[w] = Task.Run(() => ConvertAsync(conversion, work.Reader, stop.Token), stop.Token);
        }

        long loaded = 0, updated = 0, writeTicks = 0;
        try
        {
            await foreach (var batch in ordered.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await batch.Converted.WaitAsync(ct).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                foreach (var (line, reason, raw) in batch.Rejected)
                {
                    quarantine.Write(line, reason, raw);
                }

                if (batch.Rows.Count > 0)
                {
                    var writing = System.Diagnostics.Stopwatch.GetTimestamp();
                    updated += await sink.WriteAsync(batch.Rows, ct).ConfigureAwait(false);
                    writeTicks += System.Diagnostics.Stopwatch.GetTimestamp() - writing;
                    loaded += batch.Rows.Count;
                }

                batch.Clear();
                free.Writer.TryWrite(batch);
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);

            // The reading stage's own error (e.g. invalid JSON) is the one to report: the others only stopped because of it.
            await StoppedAsync(reader).ConfigureAwait(false);
            foreach (var task in converting)
            {
                await StoppedAsync(task).ConfigureAwait(false);
            }

            throw;
        }

        var read = await reader.ConfigureAwait(false);
        await Task.WhenAll(converting).ConfigureAwait(false);
        if (wholeFile is not null)
        {
            foreach (var conversion in conversions)
            {
                for (var i = 0; i < wholeFile.Length; i++)
                {
                    wholeFile[i].Merge(conversion.Inference![i]);
                }
            }
        }

        // Where a load's time goes (for the ingest benchmark): each stage's busy time beside the stages' wall time.
        ReportPhases($"read {reading.Busy.TotalSeconds:0.000} s, convert {conversions.Sum(c => c.Busy.TotalSeconds):0.000} s on {workers} worker(s), write {System.Diagnostics.Stopwatch.GetElapsedTime(0, writeTicks).TotalSeconds:0.000} s; stages' wall {clock.Elapsed.TotalSeconds:0.000} s");

        progress?.Report(new IngestProgress(input.Path, 2, size, size, read));
        return (read, loaded, updated);
    }

    // With LEANML_INGEST_PHASES=1, a line on standard error saying where a load's time went.
    private static void ReportPhases(FormattableString line)
    {
        if (Environment.GetEnvironmentVariable("LEANML_INGEST_PHASES") == "1")
        {
            Console.Error.WriteLine("ingest phases: " + FormattableString.Invariant(line));
        }
    }

    // Waits for a stage that was told to stop; its own error is thrown unless it only stopped.
    private static async Task StoppedAsync(Task stage)
    {
        try
        {
            await stage.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            // It stopped because it was told to.
        }
    }

    private static async Task<long> ReadAsync(
        FileInput input, IReadOnlyList<string> originals, RecordReading reading, ChannelReader<LoadBatch> free, ChannelWriter<LoadBatch> ordered, ChannelWriter<LoadBatch> work, CancellationToken ct)
    {
        Exception? failure = null;
        try
        {
            using var source = input.OpenSource(originals);
            bool more;
            do
            {
                var batch = await free.ReadAsync(ct).ConfigureAwait(false);
                more = reading.Fill(source, batch.Records, ct);
                if (batch.Records.Count > 0)
                {
                    // In the file's order for the writer, in any order for the workers.
                    ordered.TryWrite(batch);
                    work.TryWrite(batch);
                }
            }
            while (more);

            return reading.Read;
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            ordered.TryComplete(failure);
            work.TryComplete();
        }
    }

    private static async Task ConvertAsync(RecordConversion conversion, ChannelReader<LoadBatch> work, CancellationToken ct)
    {
        await foreach (var batch in work.ReadAllAsync(ct).ConfigureAwait(false))
        {
            try
            {
                conversion.Convert(batch);
                batch.Done();
            }
            catch (Exception ex)
            {
                // The writer meets the failure at this batch, in the file's order, and stops the load.
                batch.Fail(ex);
            }
        }
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";

    /// <summary>One batch of the file on its way through a load: its records as read, then as rows and rejections.</summary>
    private sealed class LoadBatch(int width, int rows)
    {
        private TaskCompletionSource _converted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The records as the source read them.</summary>
        public RecordBatch Records { get; } = new(rows);

        /// <summary>The records that converted, as rows.</summary>
        public RowBatch Rows { get; } = new(width, rows);

        /// <summary>The records that did not, in the file's order: line, reason, raw text.</summary>
        public List<(long Line, string Reason, string Raw)> Rejected { get; } = [];

        /// <summary>Completes when a worker has converted the batch.</summary>
        public Task Converted => _converted.Task;

        /// <summary>Marks the batch converted.</summary>
        public void Done() => _converted.TrySetResult();

        /// <summary>Marks the batch's conversion failed.</summary>
        public void Fail(Exception ex) => _converted.TrySetException(ex);

        /// <summary>Empties the batch for reuse.</summary>
        public void Clear()
        {
            Records.Clear();
            Rows.Clear();
            Rejected.Clear();
            _converted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>
    /// Reads records into batches. Its loop is a plain method called once a batch and compiled fully optimized at its
    /// first call: inside an async method it ran its precompiled (ReadyToRun) code for the whole file, and left to the
    /// tiered JIT it spends most of a load in the slower tiers first (1M rows, 6 runs in turns: 1.80 s precompiled,
    /// 1.73 s tiered, 1.68 s optimized at once).
    /// </summary>
    private sealed class RecordReading(string file, long size, IProgress<IngestProgress>? progress)
    {
        /// <summary>Records read so far (loaded or quarantined).</summary>
        public long Read { get; private set; }

        /// <summary>Time spent reading.</summary>
        public TimeSpan Busy { get; private set; }

        /// <summary>Fills the batch from the source: true when it is full (more may follow), false at the end of the file.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Fill(RecordSource source, RecordBatch batch, CancellationToken ct)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                while (!batch.Full)
                {
                    if (!source.Read())
                    {
                        return false;
                    }

                    if (++Read % CancelCheckEvery == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                        if (Read % ProgressEvery == 0)
                        {
                            progress?.Report(new IngestProgress(file, 2, source.BytesRead, size, Read));
                        }
                    }

                    batch.Add(source);
                }

                return true;
            }
            finally
            {
                Busy += System.Diagnostics.Stopwatch.GetElapsedTime(started);
            }
        }
    }

    /// <summary>
    /// Converts a batch of records into rows, or rejects them with the reason; with an inference, also watches every
    /// readable record's cells (as the inference pass would) for the whole file's types. Compiled fully optimized at its
    /// first call, as <see cref="RecordReading"/>.
    /// </summary>
    private sealed class RecordConversion(
        IReadOnlyList<string> originals, ValueConverter[] converters, IReadOnlyList<string> names, int keyIndex, ColumnInference[]? inference)
    {
        /// <summary>What this worker's records showed of the column types, or null.</summary>
        public ColumnInference[]? Inference => inference;

        /// <summary>Time spent converting.</summary>
        public TimeSpan Busy { get; private set; }

        /// <summary>Converts every record of the batch.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Convert(LoadBatch load)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var records = load.Records;
            var batch = load.Rows;
            var n = converters.Length;
            for (var r = 0; r < records.Count; r++)
            {
                var error = records.Error(r);
                if (error is null)
                {
                    var count = records.FieldCount(r);
                    for (var i = 0; i < n; i++)
                    {
                        var absent = i >= count || records.IsNull(r, i);
                        var raw = absent ? default : records.Field(r, i);
                        if (error is null)
                        {
                            if (!converters[i].TryConvert(raw, absent, batch, i, inference?[i], out var reason))
                            {
                                error = $"column '{originals[i]}' ({names[i]}, {converters[i].Type.Name()}): '{Shorten(raw.ToString())}' {reason}";
                            }
                        }
                        else if (!absent)
                        {
                            // Inference sees the records the inference pass would: every readable one, converted or not.
                            inference?[i].Observe(raw);
                        }
                    }

                    if (error is null && keyIndex >= 0 && batch.Kind(batch.Count, keyIndex) == CellKind.Null)
                    {
                        error = $"the key column '{names[keyIndex]}' is empty";
                    }
                }

                if (error is not null)
                {
                    batch.DropRow();
                    load.Rejected.Add((records.Line(r), error, records.RawText(r)));
                    continue;
                }

                batch.EndRow(records.Line(r));
            }

            Busy += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }
    }
}
