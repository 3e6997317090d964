using static LeanML.XGBoost.XGBoostLibrary;

namespace LeanML.XGBoost;

/// <summary>Layer 3: a dense float32 matrix in XGBoost (NaN is missing), with labels and feature names/types.</summary>
public sealed unsafe class DMatrix : IDisposable
{
    private DMatrix(DMatrixHandle handle, int rows, int columns)
    {
        Handle = handle;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The owned native handle.</summary>
    public DMatrixHandle Handle { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Creates a matrix from row-major values (rows × columns), NaN meaning missing, built by <paramref name="threads"/> threads (0: all processors).</summary>
    public static DMatrix FromRowMajor(ReadOnlySpan<float> values, int rows, int columns, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{values.Length} values do not make a {rows} x {columns} matrix.", nameof(values));
        }

        EnsureLoaded();
        nint raw;
        fixed (float* p = values)
        {
            Check(XGBoostNative.XGDMatrixCreateFromMat_omp(p, (ulong)rows, (ulong)columns, float.NaN, out raw, threads));
        }

        return new DMatrix(new DMatrixHandle(raw), rows, columns);
    }

    /// <summary>Sets the labels (one per row).</summary>
    public void SetLabels(ReadOnlySpan<float> labels)
    {
        fixed (float* p = labels)
        {
            Check(XGBoostNative.XGDMatrixSetFloatInfo(Handle, "label", p, (ulong)labels.Length));
        }
    }

    /// <summary>Sets the feature names (one per column).</summary>
    public void SetFeatureNames(IReadOnlyList<string> names) => SetStrings("feature_name", names);

    /// <summary>Sets the feature types: "q" for numeric, "c" for categorical (codes 0..n-1).</summary>
    public void SetFeatureTypes(IReadOnlyList<string> types) => SetStrings("feature_type", types);

    /// <summary>The row count as XGBoost sees it.</summary>
    public ulong NativeRowCount()
    {
        Check(XGBoostNative.XGDMatrixNumRow(Handle, out var rows));
        return rows;
    }

    /// <summary>The column count as XGBoost sees it.</summary>
    public ulong NativeColumnCount()
    {
        Check(XGBoostNative.XGDMatrixNumCol(Handle, out var cols));
        return cols;
    }

    /// <summary>Frees the native matrix.</summary>
    public void Dispose() => Handle.Dispose();

    private void SetStrings(string field, IReadOnlyList<string> values)
    {
        using var strings = new NativeUtf8Strings(values);
        fixed (nint* p = strings.Pointers)
        {
            Check(XGBoostNative.XGDMatrixSetStrFeatureInfo(Handle, field, p, strings.Count));
        }
    }
}
