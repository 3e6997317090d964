using System.Runtime.InteropServices;

namespace LeanML.XGBoost;

/// <summary>
/// Layer 1: the raw C API of libxgboost 1.7 (xgboost/c_api.h), one declaration per C symbol under its own name.
/// Every int-returning function returns 0 on success and -1 on failure, with the reason in <see cref="XGBGetLastError"/>.
/// </summary>
internal static unsafe partial class XGBoostNative
{
    /// <summary>The logical library name the resolver maps to a real file (see <see cref="XGBoostLibrary"/>).</summary>
    public const string Library = "xgboost";

    // void: writes the version of the loaded library.
    [LibraryImport(Library)]
    public static partial void XGBoostVersion(out int major, out int minor, out int patch);

    // Returns a thread-local, NUL-terminated message of the last failure (never null).
    [LibraryImport(Library)]
    public static partial nint XGBGetLastError();

    // 0 ok, -1 failure. Routes every log line of the library (warnings, at verbosity 1) to `callback` instead of stderr.
    [LibraryImport(Library)]
    public static partial int XGBRegisterLogCallback(delegate* unmanaged[Cdecl]<byte*, void> callback);

    // 0 ok, -1 failure. Dense row-major float32 matrix; `missing` marks missing cells (NaN for us).
    [LibraryImport(Library)]
    public static partial int XGDMatrixCreateFromMat(float* data, ulong nrow, ulong ncol, float missing, out nint handle);

    // 0 ok, -1 failure. As XGDMatrixCreateFromMat, built by `nthread` threads (0 or less: all processors).
    [LibraryImport(Library)]
    public static partial int XGDMatrixCreateFromMat_omp(float* data, ulong nrow, ulong ncol, float missing, out nint handle, int nthread);

    // 0 ok, -1 failure. Frees a DMatrix.
    [LibraryImport(Library)]
    public static partial int XGDMatrixFree(nint handle);

    // 0 ok, -1 failure (e.g. a length that does not match the row count). Fields: label, weight, base_margin.
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int XGDMatrixSetFloatInfo(DMatrixHandle handle, string field, float* array, ulong len);

    // 0 ok, -1 failure. Fields: feature_name, feature_type ("q" numeric, "c" categorical).
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int XGDMatrixSetStrFeatureInfo(DMatrixHandle handle, string field, nint* features, ulong size);

    // 0 ok, -1 failure.
    [LibraryImport(Library)]
    public static partial int XGDMatrixNumRow(DMatrixHandle handle, out ulong rows);

    // 0 ok, -1 failure.
    [LibraryImport(Library)]
    public static partial int XGDMatrixNumCol(DMatrixHandle handle, out ulong cols);

    // 0 ok, -1 failure. The booster caches the given matrices (for training and evaluation).
    [LibraryImport(Library)]
    public static partial int XGBoosterCreate(nint* dmats, ulong len, out nint handle);

    // 0 ok, -1 failure. Frees a booster.
    [LibraryImport(Library)]
    public static partial int XGBoosterFree(nint handle);

    // 0 ok, -1 failure (an unknown parameter is only reported when training starts).
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int XGBoosterSetParam(BoosterHandle handle, string name, string value);

    // 0 ok, -1 failure (e.g. an invalid parameter value, labels out of range for the objective).
    [LibraryImport(Library)]
    public static partial int XGBoosterUpdateOneIter(BoosterHandle handle, int iter, DMatrixHandle dtrain);

    // 0 ok, -1 failure. `result` points to "[iter]\tname-metric:value..." owned by the library.
    [LibraryImport(Library)]
    public static partial int XGBoosterEvalOneIter(BoosterHandle handle, int iter, nint* dmats, nint* evnames, ulong len, out nint result);

    // 0 ok, -1 failure. `result` points to len floats owned by the booster until its next call.
    [LibraryImport(Library)]
    public static partial int XGBoosterPredict(BoosterHandle handle, DMatrixHandle dmat, int optionMask, uint ntreeLimit, int training, out ulong len, out float* result);

    // 0 ok, -1 failure (a config that is not JSON or lacks a required key, a matrix of the wrong width). config is
    // {"type": 0 value | 1 margin | 2 SHAP contributions | 3 approximate contributions | 4-5 interactions | 6 leaf,
    // "training": false, "iteration_begin": 0, "iteration_end": 0 (all), "strict_shape": false}; `shape` (dim numbers)
    // and `result` are owned by the booster until its next call.
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int XGBoosterPredictFromDMatrix(BoosterHandle handle, DMatrixHandle dmat, string config, out ulong* shape, out ulong dim, out float* result);

    // 0 ok, -1 failure. A new booster with layers [begin, end) (step) of this one.
    [LibraryImport(Library)]
    public static partial int XGBoosterSlice(BoosterHandle handle, int beginLayer, int endLayer, int step, out nint result);

    // 0 ok, -1 failure.
    [LibraryImport(Library)]
    public static partial int XGBoosterBoostedRounds(BoosterHandle handle, out int rounds);

    // 0 ok, -1 failure. config {"format": "json"|"ubj"|"deprecated"}; the buffer is owned by the booster.
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int XGBoosterSaveModelToBuffer(BoosterHandle handle, string config, out ulong len, out byte* buffer);

    // 0 ok, -1 failure (e.g. bytes that are not a model).
    [LibraryImport(Library)]
    public static partial int XGBoosterLoadModelFromBuffer(BoosterHandle handle, byte* buffer, ulong len);

    // 0 ok, -1 failure. Fields: feature_name, feature_type (a sliced booster loses them; this puts them back).
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int XGBoosterSetStrFeatureInfo(BoosterHandle handle, string field, nint* features, ulong size);

    // 0 ok, -1 failure. config {"importance_type": "gain"|...}; outputs owned by the library (thread-local).
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int XGBoosterFeatureScore(BoosterHandle handle, string config, out ulong nFeatures, out nint* features, out ulong dim, out ulong* shape, out float* scores);
}
