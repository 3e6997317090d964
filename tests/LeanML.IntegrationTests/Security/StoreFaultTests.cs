using System.Diagnostics;
using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Security;

/// <summary>A fact that needs root (to mount a small tmpfs); skipped, with the reason, for anyone else.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "needs root on Linux to mount a small tmpfs for a real full disk";
        }
    }
}

/// <summary>
/// Faults of the machine around the embedded stores: files deleted, emptied or damaged, a full disk, a lock held by
/// another process. Each is exit 4 with one line saying what to do, the data stays as it was, and a used workspace's
/// store is never silently recreated empty. The stores are private to their owner.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StoreFaultTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string Ws => _dir.Combine("ws");

    private string Warehouse => Path.Combine(Ws, ".leanml", "warehouse.duckdb");

    private string State => Path.Combine(Ws, ".leanml", "state.db");

    private CliResult Run(params string[] args) => Infrastructure.Cli.Run(Ws, args);

    private void InitWithQuarantine()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "ws").ExitCode);
        File.WriteAllText(Path.Combine(Ws, "a.csv"), "id,v\n1,2\n2,x,3\n");
        var ingest = Run("ingest", "a.csv");
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Ws, ".leanml", "quarantine")));
    }

    [Fact]
    public void The_workspace_state_is_readable_by_its_owner_only()
    {
        InitWithQuarantine();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(Ws, ".leanml")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Warehouse));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(State));

        // A workspace made by an earlier release (world-readable) is tightened the next time a store opens.
        File.SetUnixFileMode(Path.Combine(Ws, ".leanml"), (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(State, (UnixFileMode)0b110_100_100);
        Assert.Equal(0, Run("token", "list").ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(Ws, ".leanml")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(State));
    }

    [Fact]
    public void A_used_workspace_never_gets_a_new_empty_store_in_place_of_a_lost_one()
    {
        InitWithQuarantine();
        var backup = Warehouse + ".bak";
        File.Move(Warehouse, backup);
        var missing = Run("tables");
        Assert.True(missing.ExitCode == 4, missing.ToString());
        Assert.Contains("warehouse.duckdb is missing", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("Restore the file from a backup", missing.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Warehouse));

        File.WriteAllBytes(Warehouse, []);
        var empty = Run("ingest", "a.csv", "--table", "again");
        Assert.True(empty.ExitCode == 4, empty.ToString());
        Assert.Contains("is empty (0 bytes)", empty.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(Warehouse).Length);

        File.Delete(State);
        var state = Run("token", "create", "--scope", "admin");
        Assert.True(state.ExitCode == 4, state.ToString());
        Assert.Contains("state store .leanml/state.db is missing", state.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(State));

        // Restored, the workspace works again with its data.
        File.Move(backup, Warehouse, overwrite: true);
        var tables = Run("sql", "SELECT COUNT(*) FROM a", "--json");
        Assert.True(tables.ExitCode == 0, tables.ToString());
        Assert.Equal(1L, tables.Json().GetProperty("rows")[0][0].GetInt64());
    }

    [Fact]
    public void A_workspace_never_used_creates_its_stores_when_first_needed()
    {
        Directory.CreateDirectory(Ws);
        File.WriteAllText(Path.Combine(Ws, "leanml.yaml"), "warehouse:\n  provider: duckdb\n");
        File.WriteAllText(Path.Combine(Ws, "a.csv"), "id,v\n1,2\n");
        var r = Run("ingest", "a.csv");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(Warehouse));
    }

    [Fact]
    public void A_damaged_store_is_an_environment_error_that_says_to_restore_it()
    {
        InitWithQuarantine();
        var good = File.ReadAllBytes(Warehouse);
        File.WriteAllBytes(Warehouse, [.. Enumerable.Range(0, 65536).Select(i => (byte)(i * 7919 % 251))]);
        var wh = Run("tables");
        Assert.True(wh.ExitCode == 4, wh.ToString());
        Assert.Contains("the warehouse is damaged", wh.Stderr, StringComparison.Ordinal);
        Assert.Contains("restore .leanml/warehouse.duckdb from a backup", wh.Stderr, StringComparison.Ordinal);
        File.WriteAllBytes(Warehouse, good);

        using (var f = new FileStream(State, FileMode.Open, FileAccess.Write))
        {
            f.Write(new byte[4096]);   // the header and first page overwritten
        }

        var st = Run("token", "list");
        Assert.True(st.ExitCode == 4, st.ToString());
        Assert.Contains("the state store is damaged", st.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", st.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_store_locked_by_another_process_is_an_environment_error()
    {
        InitWithQuarantine();
        // Another process's write transaction, held past the CLI's busy timeout (10 s).
        using var holder = Process.Start(new ProcessStartInfo("sqlite3", [State]) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        await holder.StandardInput.WriteLineAsync("BEGIN EXCLUSIVE; SELECT 'held';");
        await holder.StandardInput.FlushAsync();
        Assert.Equal("held", await holder.StandardOutput.ReadLineAsync());
        try
        {
            var r = await Infrastructure.Cli.RunAsync(Ws, "token", "create", "--scope", "admin");
            Assert.True(r.ExitCode == 4, r.ToString());
            Assert.Contains("locked by another process", r.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await holder.StandardInput.WriteLineAsync("ROLLBACK;");
            holder.StandardInput.Close();
            await holder.WaitForExitAsync();
        }

        Assert.Equal(0, Run("token", "create", "--scope", "admin").ExitCode);   // and works once the lock is gone
    }

    [RootFact]
    public void A_full_disk_is_an_environment_error_and_the_table_stays_whole()
    {
        var mount = _dir.Combine("small");
        Directory.CreateDirectory(mount);
        Sh("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount);
        try
        {
            Assert.Equal(0, Infrastructure.Cli.Run(mount, "init", "ws").ExitCode);
            var ws = Path.Combine(mount, "ws");
            File.WriteAllText(Path.Combine(ws, "a.csv"), "id,v\n1,2\n");
            Assert.Equal(0, Infrastructure.Cli.Run(ws, "ingest", "a.csv").ExitCode);

            var big = _dir.Combine("big.csv");   // about 9 MB, outside the small disk
            using (var w = new StreamWriter(big))
            {
                w.WriteLine("id,name,v");
                for (var i = 0; i < 200_000; i++)
                {
                    w.WriteLine($"{i},name-{i * 7919 % 100_003},{i * 0.37:0.000}");
                }
            }

            foreach (var args in new[] { new[] { "ingest", big }, ["ingest", big, "--table", "a", "--mode", "append"] })
            {
                var r = Infrastructure.Cli.Run(ws, args);
                Assert.True(r.ExitCode == 4, r.ToString());
                Assert.Contains("the disk is full", r.Stderr, StringComparison.Ordinal);
            }

            var count = Infrastructure.Cli.Run(ws, "sql", "SELECT COUNT(*) FROM a", "--json");
            Assert.True(count.ExitCode == 0, count.ToString());
            Assert.Equal(1L, count.Json().GetProperty("rows")[0][0].GetInt64());
        }
        finally
        {
            Sh("umount", "-l", mount);
        }
    }

    [RootFact]
    public void An_assignment_file_cut_short_by_a_full_disk_never_replaces_the_previous_one()
    {
        var mount = _dir.Combine("small");
        Directory.CreateDirectory(mount);
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "ws").ExitCode);
        File.WriteAllText(Path.Combine(Ws, "experiments", "outreach.yaml"), "name: outreach\nunit: customer\nvariants:\n  - {name: control, weight: 0.5}\n  - {name: model, weight: 0.5}\nprimary: retained\nmetrics:\n  retained: {event: renewed, kind: proportion}\n");
        Assert.Equal(0, Run("experiment", "create", "outreach").ExitCode);
        File.WriteAllLines(Path.Combine(Ws, "units.csv"), ["customer", .. Enumerable.Range(0, 20_000).Select(i => $"customer-with-a-long-name-{i:D8}")]);
        Sh("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount);
        try
        {
            var output = Path.Combine(mount, "assignments.csv");
            File.WriteAllText(output, "unit,variant\nkept,control\n");
            var r = Run("experiment", "assign", "outreach", "--input", "units.csv", "--output", output);
            Assert.True(r.ExitCode == 4, r.ToString());
            Assert.Contains("the disk is full", r.Stderr, StringComparison.Ordinal);
            Assert.Equal("unit,variant\nkept,control\n", File.ReadAllText(output));
            Assert.Equal([output], Directory.GetFiles(mount));
        }
        finally
        {
            Sh("umount", "-l", mount);
        }
    }

    [Fact]
    public void A_dropped_metadata_table_or_a_damaged_run_record_is_an_environment_error_naming_it()
    {
        InitWithQuarantine();
        Assert.Equal(0, Run("token", "create", "--scope", "admin").ExitCode);
        Sqlite3(State, "DROP TABLE leanml_tokens;");
        var tokens = Run("token", "list");
        Assert.True(tokens.ExitCode == 4, tokens.ToString());
        Assert.Contains("LeanML's own table leanml_tokens is missing from the state store", tokens.Stderr, StringComparison.Ordinal);
        Assert.Contains("Restore .leanml/state.db from a backup", tokens.Stderr, StringComparison.Ordinal);

        Sqlite3(State, "INSERT INTO leanml_runs (id, project, created_at, task, metric, bar_met, verdict, seed, fingerprint, artifacts, details) " +
            "VALUES ('01DAMAGED0000000000000000', 'churn', '2026-12-01T00:00:00Z', 'binary', 'auc', 0, 'x', 1, 'fp', 'not json', '{}');");
        var runs = Run("runs");
        Assert.True(runs.ExitCode == 4, runs.ToString());
        Assert.Contains("the run 01DAMAGED0000000000000000 is damaged", runs.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void What_a_killed_command_left_behind_is_removed_by_the_next_one()
    {
        InitWithQuarantine();
        var quarantine = Path.Combine(Ws, ".leanml", "quarantine");
        var logged = Directory.GetFiles(quarantine).Single();
        var orphan = Path.Combine(quarantine, "a-20261206T000000-killed.jsonl");   // a load that never reached the log
        File.WriteAllText(orphan, "{}\n");
        var runDir = Path.Combine(Ws, ".leanml", "runs", "01KILLED00000000000000000");   // a training killed before it recorded its run
        Directory.CreateDirectory(runDir);
        File.WriteAllText(Path.Combine(runDir, "model.json"), "{}");
        Directory.SetLastWriteTimeUtc(runDir, DateTime.UtcNow.AddHours(-1));
        var fresh = Path.Combine(Ws, ".leanml", "runs", "01TRAINING0000000000000000");   // one still being written: left alone
        Directory.CreateDirectory(fresh);

        File.WriteAllText(Path.Combine(Ws, "b.csv"), "id\n1\n");
        Assert.Equal(0, Run("ingest", "b.csv").ExitCode);
        Assert.Equal(0, Run("runs").ExitCode);
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(logged));
        Assert.False(Directory.Exists(runDir));
        Assert.True(Directory.Exists(fresh));
    }

    private static void Sqlite3(string db, string sql)
    {
        using var p = Process.Start(new ProcessStartInfo("sqlite3", [db, sql]) { RedirectStandardError = true, UseShellExecute = false })!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
    }

    private static void Sh(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, UseShellExecute = false })!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: {err}");
    }

    public void Dispose() => _dir.Dispose();
}
