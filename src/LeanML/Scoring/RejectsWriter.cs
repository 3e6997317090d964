using System.Globalization;
using System.Text;
using System.Text.Json;
using LeanML.Internal;

namespace LeanML.Scoring;

/// <summary>
/// The rows a batch score could not score, one line each (row, field, value, reason): CSV beside a file output
/// (<c>scores.rejects.csv</c>), JSON Lines under <c>.leanml/rejects/</c> for a table output. Written beside and renamed
/// with the output, so it always describes the output next to it; created only when a row is rejected.
/// </summary>
internal sealed class RejectsWriter(string path) : IAsyncDisposable
{
    private StreamWriter? _writer;
    private string? _temp;
    private bool _committed;

    /// <summary>Rows written.</summary>
    public long Count { get; private set; }

    private bool Csv => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>The rejects file of a file output: <c>out/scores.csv</c> → <c>out/scores.rejects.csv</c>.</summary>
    public static string BesideFile(string output) => Path.ChangeExtension(output, ".rejects.csv");

    public async ValueTask WriteAsync(long row, string field, string value, string reason, CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.tmp-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
            _writer = new StreamWriter(_temp, false, new UTF8Encoding(false), 1 << 16);
            if (Csv)
            {
                await _writer.WriteAsync("row,field,value,reason\n".AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }

        var r = row.ToString(CultureInfo.InvariantCulture);
        var line = Csv
            ? $"{r},{CsvText.Quote(field)},{CsvText.Quote(value)},{CsvText.Quote(reason)}\n"
            : $"{{\"row\":{r},\"field\":{Json(field)},\"value\":{Json(value)},\"reason\":{Json(reason)}}}\n";
        await _writer.WriteAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        Count++;
    }

    /// <summary>Makes the file visible (or removes a stale one of an earlier score when nothing was rejected); returns its path or null.</summary>
    public async Task<string?> CommitAsync(CancellationToken cancellationToken)
    {
        _committed = true;
        if (_writer is null)
        {
            if (Csv && File.Exists(path))
            {
                File.Delete(path);   // the previous score's rejects no longer describe the output beside them
            }

            return null;
        }

        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        ((FileStream)_writer.BaseStream).Flush(flushToDisk: true);   // on disk before the name points at it
        await _writer.DisposeAsync().ConfigureAwait(false);
        File.Move(_temp!, path, overwrite: true);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        if (!_committed && _temp is not null && File.Exists(_temp))
        {
            File.Delete(_temp);
        }
    }

    private static string Json(string s) => JsonSerializer.Serialize(s, LeanMLJsonContext.Default.String);
}
