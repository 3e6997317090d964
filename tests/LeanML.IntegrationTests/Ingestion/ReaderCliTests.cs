using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Ingestion;

/// <summary>
/// The reader as a user meets it through the CLI process: the same flags on ingest and score, inputs that are not
/// files, damaged workbooks, records past the cap, folders with other files, workbooks with several sheets, progress.
/// </summary>
public sealed partial class ReaderCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public ReaderCliTests() => Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "ws").ExitCode);

    private string Ws => _dir.Combine("ws");

    public void Dispose() => _dir.Dispose();

    private CliResult Run(params string[] args) => Infrastructure.Cli.Run(Ws, args);

    private string Data(string name, string text)
    {
        var path = Path.Combine(Ws, "data", name);
        File.WriteAllText(path, text);
        return path;
    }

    [GeneratedRegex(@"^\s+(?:-[a-z], )?(--[a-z-]+)", RegexOptions.Multiline)]
    private static partial Regex OptionName();

    [Fact]
    public void Ingest_and_score_accept_the_same_reader_flags()
    {
        string[] reader = ["--na", "--decimal", "--encoding", "--delimiter", "--no-header", "--skip-rows", "--date-format", "--dayfirst", "--sheet", "--type", "--format"];
        var ingest = OptionName().Matches(Run("ingest", "--help").Stdout).Select(m => m.Groups[1].Value).ToHashSet();
        var score = OptionName().Matches(Run("score", "--help").Stdout).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.All(reader, flag => Assert.True(ingest.Contains(flag) && score.Contains(flag), $"{flag}: ingest {ingest.Contains(flag)}, score {score.Contains(flag)}"));

        // Bad values are usage errors on both, before anything is read.
        var file = Data("a.csv", "x\n1\n");
        Assert.Equal(2, Run("ingest", file, "--encoding", "ebcdic").ExitCode);
        Assert.Equal(2, Run("score", "p", "--input", file, "--output", "o.csv", "--encoding", "ebcdic").ExitCode);
        Assert.Equal(2, Run("ingest", file, "--delimiter", ";;").ExitCode);
        Assert.Equal(2, Run("score", "p", "--input", file, "--output", "o.csv", "--skip-rows", "-1").ExitCode);
    }

    [Fact]
    public async Task A_fifo_a_device_and_dangling_or_looping_links_are_exit_3_naming_what_they_are_not()
    {
        var fifo = Path.Combine(Ws, "data", "pipe.csv");
        using (var mk = Process.Start("mkfifo", [fifo]))
        {
            await mk.WaitForExitAsync();
        }

        var dangling = Path.Combine(Ws, "data", "gone.csv");
        File.CreateSymbolicLink(dangling, Path.Combine(Ws, "data", "nowhere.csv"));
        var loop = Path.Combine(Ws, "data", "loop.csv");
        File.CreateSymbolicLink(loop, Path.Combine(Ws, "data", "loop2.csv"));
        File.CreateSymbolicLink(Path.Combine(Ws, "data", "loop2.csv"), loop);

        // score reads its input with the same reader: a workspace with a model to score with.
        using var scoring = Scoring.ServingWorkspace.Create();
        await scoring.AddRunAsync("churn", "telco", Scoring.ServingWorkspace.TelcoSchema());
        foreach (var (path, says) in new[] { (fifo, "not a regular file"), ("/dev/zero", "not a regular file"), (dangling, "which does not exist"), (loop, "loops") })
        {
            // A FIFO with no writer would block an open: the command must answer without opening it (the CLI helper gives up after 5 minutes).
            foreach (var (dir, args) in new[] { (Ws, new[] { "ingest", path }), (scoring.Root, ["score", "churn", "--input", path, "--output", "out.csv"]) })
            {
                var r = await Infrastructure.Cli.RunAsync(dir, args);
                Assert.True(r.ExitCode == 3, r.ToString());
                Assert.Contains(path, r.Stderr, StringComparison.Ordinal);
                Assert.Contains(says, r.Stderr, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_damaged_workbook_is_exit_3_naming_the_file_and_what_it_is_not()
    {
        var random = Path.Combine(Ws, "data", "random.xlsx");
        File.WriteAllBytes(random, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 % 251))]);
        var zip = Path.Combine(Ws, "data", "plain_zip.xlsx");
        using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var w = new StreamWriter(archive.CreateEntry("hello.txt").Open());
            w.Write("not a workbook");
        }

        var truncated = Path.Combine(Ws, "data", "truncated.xlsx");
        var whole = File.ReadAllBytes(ReaderTests<DuckDbProvider>.Fixture("notes_first.xlsx"));
        File.WriteAllBytes(truncated, whole[..(whole.Length / 2)]);
        foreach (var path in new[] { random, zip, truncated })
        {
            var r = Run("ingest", path);
            Assert.True(r.ExitCode == 3, r.ToString());
            Assert.Contains(path, r.Stderr, StringComparison.Ordinal);
            Assert.Contains("is not a readable XLSX workbook", r.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_record_longer_than_ingest_max_record_mb_is_quarantined_with_its_line_and_the_rest_loads()
    {
        var settings = Path.Combine(Ws, "leanml.yaml");
        File.WriteAllText(settings, File.ReadAllText(settings).Replace("max_record_mb: 64", "max_record_mb: 1", StringComparison.Ordinal));
        var path = Path.Combine(Ws, "data", "notes.csv");
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            w.Write("id,note\n1,short\n2,\"");
            w.Write(new string('x', 3 * 1024 * 1024));
            w.Write("\"\n3,also short\n");
        }

        var r = Run("ingest", path, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var file = r.Json().GetProperty("files")[0];
        Assert.Equal((3, 2, 1), (file.GetProperty("rows_read").GetInt32(), file.GetProperty("rows_loaded").GetInt32(), file.GetProperty("rows_quarantined").GetInt32()));
        var q = Run("quarantine", file.GetProperty("load_id").GetString()!, "--json").Json().GetProperty("rows")[0];
        Assert.Equal(3, q.GetProperty("line").GetInt32());
        Assert.Contains("longer than 1 MB (ingest.max_record_mb", q.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(q.GetProperty("raw").GetString()!.Length <= 1001);

        // An unterminated quote runs to the end of the file: past the cap it is one record, quarantined, not held.
        var open = Data("open_quote.csv", "id,note\n1,fine\n2,\"" + new string('y', 2 * 1024 * 1024) + "\n");
        r = Run("ingest", open, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(1, r.Json().GetProperty("files")[0].GetProperty("rows_quarantined").GetInt32());
    }

    [Fact]
    public void A_folder_ingest_lists_the_files_it_skipped_and_why()
    {
        Data("customers.csv", "id,name\n1,ana\n");
        Data("README.md", "# exports\n");
        Data("notes.docx", "x");
        Directory.CreateDirectory(Path.Combine(Ws, "data", "archive"));
        File.Copy(ReaderTests<DuckDbProvider>.Fixture("orders.csv.gz"), Path.Combine(Ws, "data", "orders.csv.gz"));
        var r = Run("ingest", "data/", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = r.Json();
        Assert.Equal(["customers", "orders"], json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("table").GetString()));
        var skipped = json.GetProperty("skipped").EnumerateArray().Select(s => (Path.GetFileName(s.GetProperty("path").GetString()), s.GetProperty("reason").GetString())).ToList();
        Assert.Equal(["README.md", "archive", "notes.docx"], skipped.Select(s => s.Item1));
        Assert.Contains("folders are not read recursively", skipped[1].Item2, StringComparison.Ordinal);
        Assert.Contains("not a format ingest reads", skipped[2].Item2, StringComparison.Ordinal);
        Assert.Contains("skipped data/README.md: not a format ingest reads", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_file_in_a_folder_fails_alone_the_others_load_and_the_exit_says_so()
    {
        Data("a.csv", "id\n1\n");
        Data("b_empty.csv", "");
        File.WriteAllBytes(Path.Combine(Ws, "data", "c_binary.csv"), [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x0A, 0x41]);
        Data("d.csv", "id\n2\n");
        var r = Run("ingest", "data/", "--json");
        Assert.True(r.ExitCode == 3, r.ToString());
        var json = r.Json();
        Assert.Equal(["a", "d"], json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("table").GetString()));
        var failed = json.GetProperty("failed").EnumerateArray().Select(f => (Path.GetFileName(f.GetProperty("file").GetString()), f.GetProperty("error").GetString()!)).ToList();
        Assert.Equal(["b_empty.csv", "c_binary.csv"], failed.Select(f => f.Item1));
        Assert.Contains("has no bytes", failed[0].Item2, StringComparison.Ordinal);
        Assert.Contains("is not a text file: byte 8 is NUL", failed[1].Item2, StringComparison.Ordinal);
        Assert.Contains("2 of 4 files could not be loaded", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("a\nd", string.Join('\n', Run("tables", "--json").Json().GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString())));

        // One file alone: its error, exit 3, as before.
        var single = Run("ingest", "data/c_binary.csv");
        Assert.Equal(3, single.ExitCode);
        Assert.Contains("is not a text file", single.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_ingest_option_is_a_usage_error_with_a_suggestion_not_a_missing_file()
    {
        var file = Data("s.csv", "id,n\n1,5\n");
        var r = Run("ingest", file, "--delimter", ";");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Unrecognized option '--delimter'. Did you mean '--delimiter'?", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("no such file", r.Stderr, StringComparison.Ordinal);

        // A file whose name starts with a dash is still a file.
        Data("-odd.csv", "x\n1\n");
        var odd = Infrastructure.Cli.Run(Path.Combine(Ws, "data"), "ingest", "--workspace", Ws, "--", "-odd.csv");
        Assert.True(odd.ExitCode == 0, odd.ToString());
    }

    [Fact]
    public void A_workbook_read_at_its_first_sheet_names_its_sheets_and_sheet_reads_the_data()
    {
        var path = Path.Combine(Ws, "data", "crm.xlsx");
        File.Copy(ReaderTests<DuckDbProvider>.Fixture("notes_first.xlsx"), path);
        var first = Run("ingest", path);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("the workbook has 2 sheets ('Notes', 'Deals'); the first, 'Notes', was read: choose another with --sheet NAME", first.Stdout, StringComparison.Ordinal);

        var deals = Run("ingest", path, "--sheet", "Deals", "--table", "deals", "--json");
        Assert.True(deals.ExitCode == 0, deals.ToString());
        var file = deals.Json().GetProperty("files")[0];
        Assert.Equal(3, file.GetProperty("rows_loaded").GetInt32());
        Assert.Equal(["deal_name", "amount", "won"], file.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.DoesNotContain(file.GetProperty("warnings").EnumerateArray(), x => x.GetString()!.Contains("sheets", StringComparison.Ordinal));
    }

    [Fact]
    public void Ingest_of_a_large_file_reports_rows_and_mb_per_second_on_stderr()
    {
        var path = Path.Combine(Ws, "data", "big.csv");
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
        {
            w.Write("id,value,day,label\n");
            for (var i = 0; i < 1_000_000; i++)
            {
                w.Write(string.Create(CultureInfo.InvariantCulture, $"{i},{i % 1000 / 8.0},2024-{(i % 12) + 1:00}-{(i % 28) + 1:00},label-{i % 97}\n"));
            }
        }

        var r = Run("ingest", path, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(1_000_000, r.Json().GetProperty("files")[0].GetProperty("rows_loaded").GetInt32());
        var progress = r.Stderr.Split('\n').Where(l => l.Contains("data/big.csv", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(progress);
        // The rate once the pass has run half a second (before, it would be the read-ahead buffer's).
        Assert.All(progress, l => Assert.Matches(@"^(reading types|loading) data/big\.csv: \d+%, [\d,]+ rows(, \d+\.\d MB/s)?$", l));
        Assert.All(progress.Select(l => Regex.Match(l, @"(\d+\.\d) MB/s")).Where(m => m.Success), m => Assert.InRange(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), 0.1, 2000));
    }
}
