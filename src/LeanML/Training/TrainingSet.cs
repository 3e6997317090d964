using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using LeanML.Features;

namespace LeanML.Training;

/// <summary>
/// The training data of a brief, read in one pass: one float32 column per feature (NaN = missing), the encoded
/// labels, the business baseline's value per row and the split time, all in canonical order (by id when given).
/// </summary>
public sealed class TrainingSet
{
    private readonly Task<string> _fingerprint;

    internal TrainingSet(
        IReadOnlyList<FeatureSpec> features,
        IReadOnlyList<float[]> columns,
        float[] labels,
        IReadOnlyList<string>? classes,
        double[] baseline,
        double[]? time,
        int droppedMissingLabel,
        int baselineNulls,
        IReadOnlyList<string> warnings,
        ulong[]? idHashes = null)
    {
        IdHashes = idHashes;
        Features = features;
        Columns = columns;
        Labels = labels;
        Classes = classes;
        Baseline = baseline;
        Time = time;
        DroppedMissingLabel = droppedMissingLabel;
        BaselineNulls = baselineNulls;
        Warnings = warnings;
        // Hashing the matrix (1M rows: about 40 ms) runs beside the split and training; the run's record needs it last.
        _fingerprint = Task.Run(ComputeFingerprint);
    }

    /// <summary>The features in model column order (without distributions).</summary>
    public IReadOnlyList<FeatureSpec> Features { get; }

    /// <summary>One array per feature, one value per row.</summary>
    public IReadOnlyList<float[]> Columns { get; }

    /// <summary>Labels: 0/1 for binary, the class index for multiclass, the value for regression.</summary>
    public float[] Labels { get; }

    /// <summary>Binary: [negative, positive]; multiclass: class values in index order; regression: null.</summary>
    public IReadOnlyList<string>? Classes { get; }

    /// <summary>The business baseline per row: a score or value, or the class index for multiclass; NaN for NULL.</summary>
    public double[] Baseline { get; }

    /// <summary>The split time per row (days since 1970-01-01), when the brief names dataset.time.</summary>
    public double[]? Time { get; }

    /// <summary>The FNV-1a hash of each row's id (<see cref="SplitHash.OfId"/>), which places the row in its split; null without an id.</summary>
    public ulong[]? IdHashes { get; }

    /// <summary>Rows dropped because the label was NULL.</summary>
    public int DroppedMissingLabel { get; }

    /// <summary>Rows where the baseline expression was NULL (scored as the naive baseline).</summary>
    public int BaselineNulls { get; }

    /// <summary>Warnings for the user (excluded columns and why).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Number of rows.</summary>
    public int Rows => Labels.Length;

    /// <summary>SHA-256 over feature names, kinds, categories, the matrix and the labels in canonical order.</summary>
    public string Fingerprint => _fingerprint.GetAwaiter().GetResult();

    /// <summary>A row-major matrix of the given rows, as XGBoost takes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float[] RowMajor(ReadOnlySpan<int> rows)
    {
        var columns = Columns.ToArray();
        var width = columns.Length;
        var data = new float[rows.Length * width];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            for (var c = 0; c < width; c++)
            {
                data[(r * width) + c] = columns[c][row];
            }
        }

        return data;
    }

    /// <summary>The labels of the given rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float[] LabelsOf(ReadOnlySpan<int> rows)
    {
        var labels = new float[rows.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = Labels[rows[i]];
        }

        return labels;
    }

    private string ComputeFingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var header = new StringBuilder()
            .Append("rows=").Append(Rows).Append(";columns=").Append(Columns.Count).Append(';');
        foreach (var f in Features)
        {
            header.Append(f.Name).Append(':').Append(f.Kind).Append(':').Append(string.Join('\u001f', f.Categories ?? [])).Append(';');
        }

        header.Append("classes=").Append(string.Join('\u001f', Classes ?? []));
        hash.AppendData(Encoding.UTF8.GetBytes(header.ToString()));
        foreach (var column in Columns)
        {
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(column.AsSpan()));
        }

        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Labels.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
