using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LeanML.Storage.DuckDb;

/// <summary>
/// DuckDB admits one read-write process or many read-only ones and fails at once instead of waiting. Every open of the
/// warehouse retries here up to <c>warehouse.lock_timeout</c>; a writer leaves a holder file beside the warehouse
/// naming its command and PID, so that the message of a process that waited in vain can say who holds it.
/// </summary>
internal static partial class WarehouseLock
{
    /// <summary>Opens the DuckDB file, retrying while another process holds it; the returned database releases the holder file when disposed.</summary>
    public static async Task<Database> OpenAsync(string path, bool readOnly, TimeSpan timeout, Action<string>? waiting, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(25);
        var told = false;
        while (true)
        {
            try
            {
                var connectionString = DuckDbEngine.ConnectionString(path, readOnly);
                var connection = await DuckDbEngine.Instance.OpenConnectionAsync(connectionString, readOnly, cancellationToken).ConfigureAwait(false);
                return new Database(connection, DuckDbEngine.Instance, connectionString, StoreKind.Warehouse, readOnly, readOnly ? null : Holder.Take(HolderPath(path)));
            }
            catch (Exception ex) when (DuckDbEngine.IsLockConflict(ex))
            {
                if (clock.Elapsed >= timeout)
                {
                    throw new LeanMLEnvironmentException(
                        $"the warehouse {path} is in use by {Describe(path, ex.Message)}; waited {timeout.TotalSeconds:0.#} s. " +
                        "DuckDB lets one process write it at a time: try again when that command ends, or raise warehouse.lock_timeout in leanml.yaml.", ex);
                }

                if (!told && clock.Elapsed >= TimeSpan.FromSeconds(1))
                {
                    waiting?.Invoke($"waiting for the warehouse: it is in use by {Describe(path, ex.Message)} (up to {timeout.TotalSeconds:0.#} s)...");
                    told = true;
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
            }
            catch (Exception ex) when (ex is DuckDB.NET.Data.DuckDBException)
            {
                throw EnvironmentFaults.Classify(ex) is { } fault
                    ? new LeanMLEnvironmentException($"cannot open the warehouse: {fault.Message}", ex)
                    : new LeanMLEnvironmentException($"cannot open the DuckDB warehouse {path}: {ex.Message.Trim()}", ex);
            }
        }
    }

    /// <summary>The holder file of a warehouse.</summary>
    public static string HolderPath(string path) => path + ".holder";

    // "the process 1234 ('leanml ingest data/x.csv', since 10:02:03Z)", from the holder file when its PID is the one
    // DuckDB names (or DuckDB names none), else from DuckDB's message alone.
    private static string Describe(string path, string message)
    {
        var match = PidPattern().Match(message);
        var pid = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
        var holder = Holder.Read(HolderPath(path));
        if (holder is not null && (pid is null || holder.Value.Pid == pid))
        {
            return $"'{holder.Value.Command}' (PID {holder.Value.Pid}, since {holder.Value.Since:HH:mm:ss}Z)";
        }

        return pid is null ? "another process" : $"the process with PID {pid}";
    }

    [GeneratedRegex(@"PID (\d+)")]
    private static partial Regex PidPattern();

    /// <summary>The holder file: written when a process opens the warehouse for writing, removed when it closes it.</summary>
    private sealed class Holder : IAsyncDisposable
    {
        private readonly string _path;

        private Holder(string path) => _path = path;

        public static Holder? Take(string path)
        {
            try
            {
                var args = Environment.GetCommandLineArgs();
                var command = "leanml " + string.Join(' ', args.Skip(1));
                File.WriteAllText(path, $"{Environment.ProcessId}\n{DateTime.UtcNow:O}\n{command}\n");
                return new Holder(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The note is for messages only; a read-only folder must not stop the work.
                return null;
            }
        }

        public static (int Pid, DateTime Since, string Command)? Read(string path)
        {
            try
            {
                var lines = File.ReadAllLines(path);
                return lines.Length >= 3 && int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid) && DateTime.TryParse(lines[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var since)
                    ? (pid, since, lines[2])
                    : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        public ValueTask DisposeAsync()
        {
            try
            {
                // Only our own note: another process may have taken the warehouse (and written its own) since.
                if (Read(_path) is { } h && h.Pid == Environment.ProcessId)
                {
                    File.Delete(_path);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }

            return ValueTask.CompletedTask;
        }
    }
}
