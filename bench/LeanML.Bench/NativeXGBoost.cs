using System.Globalization;
using System.Runtime.InteropServices;

namespace LeanML.Bench;

/// <summary>
/// A minimal libxgboost binding for the reference side of the evaluator benchmark only (the product's binding lives
/// in LeanML.XGBoost): load a JSON model, predict a dense float32 matrix in place.
/// </summary>
internal sealed partial class NativeXGBoost : IDisposable
{
    private const string Lib = "libxgboost.so.0";
    private IntPtr _booster;

    public NativeXGBoost(byte[] model, int threads)
    {
        Check(XGBoosterCreate(IntPtr.Zero, 0, out _booster));
        Check(XGBoosterLoadModelFromBuffer(_booster, model, (ulong)model.Length));
        Check(XGBoosterSetParam(_booster, "nthread", threads.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>XGBoosterPredictFromDense over rows x cols floats (NaN = missing); returns the library's output buffer.</summary>
    public unsafe ReadOnlySpan<float> Predict(ReadOnlySpan<float> values, int rows, int cols)
    {
        fixed (float* p = values)
        {
            var array = $"{{\"data\": [{(ulong)p}, true], \"shape\": [{rows}, {cols}], \"typestr\": \"<f4\", \"version\": 3}}";
            const string Config = "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false, \"missing\": NaN, \"cache_id\": 0}";
            Check(XGBoosterPredictFromDense(_booster, array, Config, IntPtr.Zero, out var shape, out var dim, out var result));
            ulong n = 1;
            for (var i = 0; i < (int)dim; i++)
            {
                n *= shape[i];
            }

            return new ReadOnlySpan<float>(result, (int)n);
        }
    }

    public void Dispose()
    {
        if (_booster != IntPtr.Zero)
        {
            _ = XGBoosterFree(_booster);
            _booster = IntPtr.Zero;
        }
    }

    private static void Check(int rc)
    {
        if (rc != 0)
        {
            throw new InvalidOperationException("libxgboost: " + Marshal.PtrToStringUTF8(XGBGetLastError()));
        }
    }

    [LibraryImport(Lib)]
    private static partial IntPtr XGBGetLastError();

    [LibraryImport(Lib)]
    private static partial int XGBoosterCreate(IntPtr dmats, ulong len, out IntPtr handle);

    [LibraryImport(Lib)]
    private static partial int XGBoosterFree(IntPtr handle);

    [LibraryImport(Lib)]
    private static partial int XGBoosterLoadModelFromBuffer(IntPtr handle, byte[] buffer, ulong length);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int XGBoosterSetParam(IntPtr handle, string name, string value);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int XGBoosterPredictFromDense(IntPtr handle, string values, string config, IntPtr proxy, out ulong* shape, out ulong dim, out float* result);
}
