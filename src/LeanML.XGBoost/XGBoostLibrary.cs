using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace LeanML.XGBoost;

/// <summary>
/// Finds and loads libxgboost (DESIGN.md section 3): <c>LEANML_XGBOOST_LIB</c>, then the system names, then a
/// pip-installed xgboost's <c>lib/</c> folder. <see cref="EnsureLoaded"/> says how to install it when none is found.
/// </summary>
public static unsafe partial class XGBoostLibrary
{
    /// <summary>The environment variable naming the library file explicitly.</summary>
    public const string PathVariable = "LEANML_XGBOOST_LIB";

    /// <summary>The library's names on Linux (Debian/Ubuntu libxgboost0), macOS and Windows.</summary>
    public static IReadOnlyList<string> SystemNames { get; } = ["libxgboost.so.0", "libxgboost.so", "libxgboost.dylib", "xgboost.dll"];

    private static readonly Lock Gate = new();
    private static nint _handle;
    private static string? _loadedFrom;
    private static bool _resolverSet;
    private static bool _logRouted;
    private static Action<string>? _logSink;

    /// <summary>Where the library was loaded from (null until loaded).</summary>
    public static string? LoadedFrom => _loadedFrom;

    /// <summary>Loads the library now, or throws <see cref="XGBoostLibraryNotFoundException"/> saying how to install it.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_handle != 0)
            {
                return;
            }

            var tried = new List<string>();
            var explicitPath = Environment.GetEnvironmentVariable(PathVariable);
            if (!string.IsNullOrWhiteSpace(explicitPath))
            {
                // An explicit choice is honoured or reported, never silently replaced by another copy.
                if (!NativeLibrary.TryLoad(explicitPath, out _handle))
                {
                    throw new XGBoostLibraryNotFoundException(
                        $"{PathVariable} is set to '{explicitPath}', but no XGBoost library could be loaded from it. " +
                        $"Point it at libxgboost.so (e.g. /usr/lib/x86_64-linux-gnu/libxgboost.so.0), or unset it and install the system package: sudo apt-get install libxgboost0.");
                }

                _loadedFrom = explicitPath;
            }
            else
            {
                foreach (var candidate in SystemNames.Concat(PipCandidates()))
                {
                    tried.Add(candidate);
                    if (NativeLibrary.TryLoad(candidate, out _handle))
                    {
                        _loadedFrom = candidate;
                        break;
                    }
                }

                if (_handle == 0)
                {
                    throw new XGBoostLibraryNotFoundException(
                        "the XGBoost library (libxgboost 1.7) was not found. Install it with: sudo apt-get install libxgboost0 " +
                        $"(or pip install xgboost==1.7.*, or set {PathVariable} to the library file). Tried: {string.Join(", ", tried)}.");
                }
            }

            if (!_resolverSet)
            {
                NativeLibrary.SetDllImportResolver(typeof(XGBoostLibrary).Assembly, Resolve);
                _resolverSet = true;
            }
        }
    }

    /// <summary>
    /// Sends libxgboost's log lines (its warnings, e.g. "Parameters: { "x" } are not used.") to <paramref name="sink"/>
    /// until the result is disposed, cleaned of their time stamp and source location. Without a sink they go to stderr
    /// as the library writes them.
    /// </summary>
    public static IDisposable CaptureLog(Action<string> sink)
    {
        EnsureLoaded();
        lock (Gate)
        {
            if (!_logRouted)
            {
                Check(XGBoostNative.XGBRegisterLogCallback(&OnLog));
                _logRouted = true;
            }

            _logSink = sink;
        }

        return new LogCapture();
    }

    private sealed class LogCapture : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                _logSink = null;
            }
        }
    }

    // Called by libxgboost on the thread that logs; never lets an exception cross back into native code.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(byte* message)
    {
        try
        {
            var text = Marshal.PtrToStringUTF8((nint)message) ?? "";
            var sink = _logSink;
            if (sink is null)
            {
                Console.Error.WriteLine(text.TrimEnd());
                return;
            }

            sink(LogPrefix().Replace(text, "").ReplaceLineEndings(" ").Trim());
        }
        catch (Exception)
        {
            // A log line is not worth a crash of the process.
        }
    }

    // "[10:36:06] WARNING: ./src/learner.cc:767: " in front of each message.
    [GeneratedRegex(@"^\s*(\[[0-9:]+\]\s*)?([A-Z]+:\s*)?(\S+:[0-9]+:\s*)?")]
    private static partial Regex LogPrefix();

    /// <summary>The version of the loaded library as "major.minor.patch".</summary>
    public static string Version()
    {
        EnsureLoaded();
        XGBoostNative.XGBoostVersion(out var major, out var minor, out var patch);
        return $"{major}.{minor}.{patch}";
    }

    /// <summary>Turns a non-zero return code into an <see cref="XGBoostException"/> carrying XGBoost's own message.</summary>
    public static void Check(int rc)
    {
        if (rc != 0)
        {
            throw new XGBoostException(LastError());
        }
    }

    /// <summary>The library's message for the last failure on this thread.</summary>
    public static string LastError()
    {
        var text = Marshal.PtrToStringUTF8(XGBoostNative.XGBGetLastError()) ?? "";
        return text.Trim();
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == XGBoostNative.Library ? _handle : 0;

    // A pip-installed xgboost ships its library in site-packages/xgboost/lib/.
    private static IEnumerable<string> PipCandidates()
    {
        var roots = new List<string>();
        var venv = Environment.GetEnvironmentVariable("VIRTUAL_ENV");
        if (!string.IsNullOrEmpty(venv))
        {
            roots.Add(Path.Combine(venv, "lib"));
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        roots.Add(Path.Combine(home, ".local", "lib"));
        roots.Add("/usr/local/lib");
        roots.Add("/usr/lib");
        foreach (var root in roots.Where(Directory.Exists))
        {
            IEnumerable<string> pythons;
            try
            {
                pythons = Directory.EnumerateDirectories(root, "python3*").Order(StringComparer.Ordinal).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var python in pythons)
            {
                foreach (var packages in new[] { "site-packages", "dist-packages" })
                {
                    foreach (var name in SystemNames)
                    {
                        var path = Path.Combine(python, packages, "xgboost", "lib", name);
                        if (File.Exists(path))
                        {
                            yield return path;
                        }
                    }
                }
            }
        }
    }
}
