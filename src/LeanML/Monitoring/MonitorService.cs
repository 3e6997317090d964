using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using LeanML.Features;
using LeanML.Scoring;
using LeanML.Storage;
using LeanML.Training;

namespace LeanML.Monitoring;

/// <summary>
/// <c>leanml monitor</c>: compares live data (the prediction log's analytic copy in the warehouse, or a batch of rows
/// read as score reads them and scored by the run) with the run's reference profile, per feature and for the
/// prediction, over the period and per window. Streams: memory holds one counter per column and window, not the rows.
/// </summary>
public sealed class MonitorService(Workspace.Workspace workspace)
{
    // A batch is read in chunks of this many rows, each counted on one core; each counter queues at most ChunkQueue.
    private const int ChunkRows = 1024;
    private const int ChunkQueue = 2;

    /// <summary>The display name of the prediction log as a source.</summary>
    public const string PredictionLogSource = "prediction log";

    /// <summary>Computes the report (the CLI prints it; alerts and other checks may add to it).</summary>
    public async Task<MonitorReport> MonitorAsync(MonitorRequest request, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MonitorRequest.Windows.Contains(request.Window, StringComparer.Ordinal))
        {
            throw new LeanMLInputException($"--window is '{request.Window}'; write one of {string.Join(" | ", MonitorRequest.Windows)}.", field: "--window");
        }

        var clock = Stopwatch.StartNew();
        var brief = ProjectBrief.Load(workspace, request.Project);
        var thresholds = MonitorThresholds.FromBrief(brief.File, brief.Text);
        ScoringModel model;
        Runs.TrainingRunRecord record;
        await using (var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false))
        {
            record = await ModelSource.ResolveRunAsync(state, request.Project, request.Run, cancellationToken).ConfigureAwait(false);
            model = await new ModelSource(workspace).LoadAsync(record, cancellationToken).ConfigureAwait(false);
        }

        var profile = await ReferenceProfiles.LoadAsync(workspace, record, progress, cancellationToken).ConfigureAwait(false);
        Timings?.Invoke("model and reference profile", clock.Elapsed.TotalSeconds);
        var phase = Stopwatch.StartNew();
        var schema = model.Schema;
        if (profile.Features.Count != schema.Features.Count || profile.Features.Where((f, i) => f.Name != schema.Features[i].Name).Any())
        {
            throw new LeanMLInputException($"the reference profile of run {record.Id} does not match its model's features; delete .leanml/runs/{record.Id}/{ReferenceProfile.FileName} if it was rebuilt, or train again.", field: "--run");
        }

        var batch = request.Input is not null || request.InputSql is not null;
        var now = request.Now ?? DateTimeOffset.UtcNow;
        var from = now - request.Since;
        DateTimeOffset[] starts = batch ? [from] : WindowStarts(from, now, request.Window);
        var windows = starts.Select(_ => new LiveWindow(profile, schema)).ToArray();
        long rejected;
        string source;
        if (batch)
        {
            (source, rejected) = await ReadBatchAsync(request, model, windows[0], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            source = PredictionLogSource;
            rejected = await ReadLogAsync(record.Id, request.Project, model, from, now, starts, windows, cancellationToken).ConfigureAwait(false);
        }

        Timings?.Invoke("read, score and count (all)", phase.Elapsed.TotalSeconds);
        phase.Restart();

        var total = new LiveWindow(profile, schema);
        foreach (var w in windows)
        {
            total.Merge(w);
        }

        var gains = profile.Gains.Values.Sum();
        var overall = Compare(total, profile, thresholds, gains, null, null);
        var byWindow = windows.Select((w, i) => Compare(w, profile, thresholds, gains,
            batch ? null : starts[i], batch ? null : i + 1 < starts.Length ? starts[i + 1] : now)).ToList();
        var drifted = overall.Drifted.Concat(byWindow.SelectMany(w => w.Drifted)).Distinct(StringComparer.Ordinal).ToList();
        var report = new MonitorReport(
            request.Project, record.Id, source, batch ? null : from, batch ? null : now, batch ? "all" : request.Window, thresholds,
            profile.Rows, profile.Source, total.Rows, rejected, overall.Prediction, overall.Features, drifted, byWindow, drifted.Count > 0,
            "", null, 0);
        Timings?.Invoke("statistics and verdicts", phase.Elapsed.TotalSeconds);
        var alert = DriftAlerts.Sentence(report);
        return report with { Alert = alert, Summary = Summary(report), Seconds = clock.Elapsed.TotalSeconds };
    }

    private static string Summary(MonitorReport r)
    {
        var period = r.From is { } f && r.To is { } t ? $" from {f.UtcDateTime:yyyy-MM-dd HH:mm} to {t.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "";
        var n = r.Rows.ToString("N0", CultureInfo.InvariantCulture);
        if (r.Drift)
        {
            return $"drift: {r.Drifted.Count} column{(r.Drifted.Count > 1 ? "s" : "")} drifted ({string.Join(", ", r.Drifted.Take(5))}{(r.Drifted.Count > 5 ? ", …" : "")}) in {n} rows of {r.SourcePhrase}{period}.";
        }

        if (r.Prediction.Verdict == DriftVerdicts.NotEnoughData)
        {
            return $"not enough data: {n} rows of {r.SourcePhrase}{period}; a verdict needs at least {r.Thresholds.MinN} per window (monitor.min_n in the brief).";
        }

        var negligible = r.Features.Count(c => c.Verdict == DriftVerdicts.Negligible) + (r.Prediction.Verdict == DriftVerdicts.Negligible ? 1 : 0);
        return $"no drift in {n} rows of {r.SourcePhrase}{period}" + (negligible > 0 ? $" ({negligible} column{(negligible > 1 ? "s" : "")} moved significantly but below the effect floors: negligible)." : ".");
    }

    private static MonitorWindow Compare(LiveWindow w, ReferenceProfile profile, MonitorThresholds thresholds, double gains, DateTimeOffset? start, DateTimeOffset? end)
    {
        var prediction = DriftComparison.Compare(w.Prediction, thresholds, ColumnDrift.PredictionRole, 1);
        var features = w.Features.Select(f => DriftComparison.Compare(f, thresholds, ColumnDrift.FeatureRole, gains > 0 ? profile.Gains.GetValueOrDefault(f.Reference.Name) / gains : 0))
            .OrderByDescending(c => c.Score).ThenByDescending(c => c.Effect ?? 0).ThenBy(c => c.Column, StringComparer.Ordinal).ToList();
        var drifted = features.Where(f => f.Drifted).Select(f => f.Column).Prepend(prediction.Column).Skip(prediction.Drifted ? 0 : 1).ToList();
        return new MonitorWindow(start, end, w.Rows, prediction, features, drifted);
    }

    // UTC days, or weeks from Monday, that overlap [from, now); "all" is one window.
    private static DateTimeOffset[] WindowStarts(DateTimeOffset from, DateTimeOffset now, string window)
    {
        if (window == "all")
        {
            return [from];
        }

        var day = new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero);
        var step = TimeSpan.FromDays(window == "week" ? 7 : 1);
        if (window == "week")
        {
            day = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        }

        var list = new List<DateTimeOffset>();
        for (var s = day; s < now; s += step)
        {
            list.Add(list.Count == 0 ? from : s);
        }

        return [.. list];
    }

    private async Task<(string Source, long Rejected)> ReadBatchAsync(MonitorRequest request, ScoringModel model, LiveWindow window, CancellationToken cancellationToken)
    {
        var inputIsFile = request.Input is not null && BatchScorer.IsInputFile(request.Input);
        await using var warehouse = inputIsFile ? null : await Warehouse.OpenAsync(workspace, readOnly: true, cancellationToken).ConfigureAwait(false);
        await using var rows = await new BatchScorer(workspace) { Reader = Reader }.OpenRowsAsync(warehouse, request.Input, request.InputSql, model.Schema, cancellationToken).ConfigureAwait(false);
        var columns = rows.Columns;
        var featureOf = columns.Select(model.Encoder.IndexOf).ToArray();
        var missing = model.Schema.Features.Select(f => f.Name).Where(f => !columns.Contains(f, StringComparer.Ordinal)).ToArray();
        if (missing.Length > 0)
        {
            throw new LeanMLInputException($"the input lacks {missing.Length} feature column{(missing.Length > 1 ? "s" : "")} the model needs: {string.Join(", ", missing)}.", rows.Name, field: missing[0]);
        }

        // This thread reads rows into chunks; chunk k goes to counter k mod N (so every run adds the sums in the same
        // order), which encodes, scores and counts it into a window of its own on a core of its own; the windows are
        // merged at the end. Memory: a few chunks per counter, however many rows there are.
        var counters = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => new BatchCounter(model, window.Empty(), featureOf)).ToArray();
        var free = Channel.CreateUnbounded<RowChunk>();
        for (var i = 0; i < (counters.Length * (ChunkQueue + 1)) + 1; i++)
        {
            free.Writer.TryWrite(new RowChunk(new FieldValue[ChunkRows * columns.Length]));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = counters.Select(c => Task.Run(() => c.RunAsync(free.Writer, stop), CancellationToken.None)).ToArray();
        var reading = new Stopwatch();
        var waiting = new Stopwatch();
        try
        {
            var row = new FieldValue[columns.Length];
            for (long k = 0; ; k++)
            {
                waiting.Start();
                var chunk = await free.Reader.ReadAsync(stop.Token).ConfigureAwait(false);
                waiting.Stop();
                reading.Start();
                chunk.Rows = 0;
                while (chunk.Rows < ChunkRows && await rows.ReadAsync(row, stop.Token).ConfigureAwait(false) is not null)
                {
                    row.CopyTo(chunk.Values, chunk.Rows++ * row.Length);
                }

                reading.Stop();
                if (chunk.Rows > 0)
                {
                    waiting.Start();
                    await counters[k % counters.Length].Queue.Writer.WriteAsync(chunk, stop.Token).ConfigureAwait(false);
                    waiting.Stop();
                }

                if (chunk.Rows < ChunkRows)
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var c in counters)
            {
                c.Queue.Writer.TryComplete();
            }

            // A counter's failure stopped the reading; it is the error thrown here.
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        long rejected = 0;
        foreach (var c in counters)
        {
            window.Merge(c.Window);
            rejected += c.Rejected;
        }

        Timings?.Invoke("reading rows (query, driver, typed values)", reading.Elapsed.TotalSeconds);
        Timings?.Invoke("reader waiting for the counters", waiting.Elapsed.TotalSeconds);
        Timings?.Invoke($"encoding, scoring and counting (summed over {counters.Length} counters)", counters.Sum(c => c.Busy.TotalSeconds));
        return (rows.Name, rejected);
    }

    /// <summary>How a batch file is read (the reader flags of ingest and score).</summary>
    public Ingestion.ReaderOptions Reader { get; init; } = Ingestion.ReaderOptions.Default;

    /// <summary>Called with each phase's name and its seconds as the monitor runs (the benchmark prints them); null: not timed.</summary>
    public Action<string, double>? Timings { get; init; }

    /// <summary>Rows read from a batch, one after another in <see cref="Values"/>, for one counter.</summary>
    private sealed class RowChunk(FieldValue[] values)
    {
        public FieldValue[] Values { get; } = values;

        public int Rows { get; set; }
    }

    /// <summary>Encodes, scores and counts the chunks queued for it into a window of its own.</summary>
    private sealed class BatchCounter(ScoringModel model, LiveWindow window, int[] featureOf)
    {
        private readonly Encoder _encoder = new(model);
        private readonly Stopwatch _busy = new();

        public Channel<RowChunk> Queue { get; } = Channel.CreateBounded<RowChunk>(new BoundedChannelOptions(ChunkQueue) { SingleReader = true, SingleWriter = true });

        public LiveWindow Window { get; } = window;

        public long Rejected { get; private set; }

        public TimeSpan Busy => _busy.Elapsed;

        public async Task RunAsync(ChannelWriter<RowChunk> free, CancellationTokenSource stop)
        {
            try
            {
                await foreach (var chunk in Queue.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    _busy.Start();
                    var width = featureOf.Length;
                    for (var r = 0; r < chunk.Rows; r++)
                    {
                        if (!_encoder.EncodeColumns(featureOf, chunk.Values.AsSpan(r * width, width)))
                        {
                            Rejected++;
                            continue;
                        }

                        model.Predict(_encoder.Features, _encoder.Output);
                        Window.Add(_encoder);
                    }

                    _busy.Stop();
                    free.TryWrite(chunk);
                }
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // Stop the reader (and the other counters); the error is thrown where they are awaited.
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    // The run's logged predictions in [from, now), from the warehouse's analytic copy (brought up to date when the
    // state store has newer rows) or, on PostgreSQL, the log itself: each row's inputs as the request sent them, encoded
    // as serving encoded them, and the output the model gave then.
    private async Task<long> ReadLogAsync(string runId, string project, ScoringModel model, DateTimeOffset from, DateTimeOffset now, DateTimeOffset[] starts, LiveWindow[] windows, CancellationToken cancellationToken)
    {
        await using var warehouse = await Warehouse.OpenAsync(workspace, readOnly: true, cancellationToken).ConfigureAwait(false);
        await using var cmd = warehouse.Command($"""
            SELECT logged_at, inputs, output FROM {warehouse.Engine.Meta("prediction_log")}
            WHERE project = @project AND run_id = @run AND logged_at >= @from AND logged_at < @to ORDER BY id
            """);
        cmd.Bind("@project", project);
        cmd.Bind("@run", runId);
        cmd.Bind("@from", from.UtcDateTime.ToString(Serving.PredictionLog.TimeFormat, CultureInfo.InvariantCulture));
        cmd.Bind("@to", now.UtcDateTime.ToString(Serving.PredictionLog.TimeFormat, CultureInfo.InvariantCulture));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var encoder = new Encoder(model);
        long rejected = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var at = DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            var w = Array.BinarySearch(starts, at);
            w = w >= 0 ? w : ~w - 1;
            if (w < 0)
            {
                continue;
            }

            using var inputs = JsonDocument.Parse(reader.GetString(1));
            if (!encoder.EncodeJson(inputs.RootElement) || !encoder.ParseOutput(reader.GetString(2)))
            {
                rejected++;
                continue;
            }

            windows[w].Add(encoder);
        }

        return rejected;
    }

    /// <summary>One row encoded as the model sees it, with which category features held values training never saw.</summary>
    internal sealed class Encoder(ScoringModel model)
    {
        private readonly List<FeatureError> _errors = [];
        private readonly List<UnseenCategory> _unseen = [];

        public ScoringModel Model { get; } = model;

        public float[] Features { get; } = new float[model.Encoder.FeatureCount];

        public float[] Output { get; } = new float[model.OutputCount];

        public bool[] Unseen { get; } = new bool[model.Encoder.FeatureCount];

        public bool EncodeColumns(int[] featureOf, ReadOnlySpan<FieldValue> values)
        {
            _errors.Clear();
            _unseen.Clear();
            Model.Encoder.EncodeColumns(0, featureOf, values, Features, _errors, _unseen);
            return Finish();
        }

        public bool EncodeJson(JsonElement row)
        {
            _errors.Clear();
            _unseen.Clear();
            Model.Encoder.EncodeJson(0, row, Features, _errors, _unseen);
            return Finish();
        }

        public bool ParseOutput(string json)
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() != Output.Length)
            {
                return false;
            }

            var i = 0;
            foreach (var v in doc.RootElement.EnumerateArray())
            {
                Output[i++] = v.GetSingle();
            }

            return true;
        }

        private bool Finish()
        {
            Array.Clear(Unseen);
            foreach (var u in _unseen)
            {
                if (Model.Encoder.IndexOf(u.Field) is var f and >= 0)
                {
                    Unseen[f] = true;
                }
            }

            return _errors.Count == 0;
        }
    }

    /// <summary>The counters of one window: one per feature and one for the prediction.</summary>
    internal sealed class LiveWindow
    {
        private readonly ReferenceProfile _profile;
        private readonly FeatureSchema _schema;

        public LiveWindow(ReferenceProfile profile, FeatureSchema schema)
        {
            _profile = profile;
            _schema = schema;
            Features = [.. profile.Features.Select((p, i) => new LiveColumn(p, schema.Features[i].Kind == FeatureKind.Category ? schema.Features[i].Categories : null))];
            Prediction = new LiveColumn(profile.Prediction, profile.Prediction.IsCategory ? schema.Classes : null);
        }

        public LiveColumn[] Features { get; }

        public LiveColumn Prediction { get; }

        public long Rows { get; private set; }

        public void Add(Encoder row)
        {
            Rows++;
            for (var i = 0; i < Features.Length; i++)
            {
                if (row.Unseen[i])
                {
                    Features[i].AddUnseen();
                }
                else
                {
                    Features[i].Add(row.Features[i]);
                }
            }

            if (Prediction.Reference.IsCategory)
            {
                Prediction.Add(row.Model.ClassIndex(row.Output));
            }
            else
            {
                Prediction.Add(row.Output[0]);
            }
        }

        /// <summary>A window of the same reference with nothing counted yet.</summary>
        public LiveWindow Empty() => new(_profile, _schema);

        public void Merge(LiveWindow other)
        {
            Rows += other.Rows;
            for (var i = 0; i < Features.Length; i++)
            {
                Features[i].Merge(other.Features[i]);
            }

            Prediction.Merge(other.Prediction);
        }
    }
}
