using System.Globalization;
using System.IO.Compression;
using System.Text;
using LeanML.Ingestion;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.IntegrationTests.Ingestion;

/// <summary>
/// Real exports read as they are (the reader options of DESIGN.md section 12), the same on DuckDB and PostgreSQL:
/// missing-value tokens, decimal commas, day-first dates, encodings, gzip, header options, wide files.
/// </summary>
public abstract class ReaderTests<TProvider> : WarehouseTestBase<TProvider>, IDisposable
    where TProvider : IWarehouseProvider, new()
{
    private readonly TempDir _dir = new();

    protected ReaderTests() => Ws = WorkspaceInitializer.Create(_dir.Combine("ws"));

    protected Workspace.Workspace Ws { get; }

    /// <summary>A fixture file of tests/LeanML.IntegrationTests/Fixtures/reader.</summary>
    public static string Fixture(string name) => Path.Combine(Repo.Root, "tests", "LeanML.IntegrationTests", "Fixtures", "reader", name);

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    private string Data(string name, string text)
    {
        var path = Path.Combine(Ws.DataDir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<IngestResult> IngestAsync(Database w, string path, ReaderOptions? reader = null, string? table = null) =>
        IngestService.IngestFileAsync(w, Ws, path, new IngestRequest([path]) { Table = table, Reader = reader ?? ReaderOptions.Default });

    private static async Task<object?> ScalarAsync(Database w, string sql)
    {
        await using var cmd = w.Command(sql);
        return WarehouseCatalog.Plain(await cmd.ExecuteScalarAsync() ?? DBNull.Value);
    }

    private static async Task<double> NumberAsync(Database w, string sql) => Convert.ToDouble(await ScalarAsync(w, sql), CultureInfo.InvariantCulture);

    private static ColumnType TypeOf(IngestResult r, string column) => r.Columns.Single(c => c.Name == column).Type;

    [Fact]
    public async Task Missing_value_tokens_are_null_as_pandas_reads_them_a_lone_dash_stays_text_and_na_adds_or_resets()
    {
        await using var w = await OpenFreshAsync();
        const string csv = "id,score,note\n1,5,ok\n2,n/a,-\n3,NA,fine\n4,7.5,NULL\n5,#N/A,None\n6,NaN,null\n7,nan,N/A\n";
        var r = await IngestAsync(w, Data("survey.csv", csv));
        Assert.Equal((ColumnType.Real, ColumnType.Text), (TypeOf(r, "score"), TypeOf(r, "note")));
        Assert.Equal(12.5, await NumberAsync(w, "SELECT SUM(score) FROM survey"));
        Assert.Equal(5L, Convert.ToInt64(await ScalarAsync(w, "SELECT COUNT(*) FROM survey WHERE score IS NULL"), CultureInfo.InvariantCulture));
        Assert.Equal("-", await ScalarAsync(w, "SELECT note FROM survey WHERE id = 2"));
        Assert.Equal(4L, Convert.ToInt64(await ScalarAsync(w, "SELECT COUNT(*) FROM survey WHERE note IS NULL"), CultureInfo.InvariantCulture));

        // --na - adds a token; --na '' keeps only empty cells as missing (one 'n/a' then makes the column text).
        await IngestAsync(w, Data("survey_dash.csv", csv), new ReaderOptions { NullTokens = [.. ReaderOptions.DefaultNullTokens, "-"] });
        Assert.Null(await ScalarAsync(w, "SELECT note FROM survey_dash WHERE id = 2"));
        var raw = await IngestAsync(w, Data("survey_raw.csv", csv), new ReaderOptions { NullTokens = [] });
        Assert.Equal(ColumnType.Text, TypeOf(raw, "score"));
        Assert.Equal("n/a", await ScalarAsync(w, "SELECT score FROM survey_raw WHERE id = 2"));
    }

    [Fact]
    public async Task A_semicolon_export_with_quoted_headers_and_decimal_commas_reads_as_numbers()
    {
        await using var w = await OpenFreshAsync();
        var r = await IngestAsync(w, Fixture("semicolon_decimal_comma.csv"));
        Assert.Equal(["customer_id", "monthly_charge", "discount", "signed_up", "active"], r.Columns.Select(c => c.Name));
        Assert.Equal("Monthly Charge", r.Columns[1].OriginalName);
        Assert.Equal([ColumnType.Integer, ColumnType.Real, ColumnType.Real, ColumnType.Date, ColumnType.Boolean], r.Columns.Select(c => c.Type));
        // 12,5 + 1.234,75 + 99 + 7,25 (N/A is NULL); 0,10 + 0,25 + 0 + 0,05 + 0,5.
        Assert.Equal(1353.5, await NumberAsync(w, "SELECT SUM(monthly_charge) FROM semicolon_decimal_comma"), 9);
        Assert.Equal(0.9, await NumberAsync(w, "SELECT SUM(discount) FROM semicolon_decimal_comma"), 9);
        Assert.Equal("2024-01-03", await ScalarAsync(w, "SELECT signed_up FROM semicolon_decimal_comma WHERE customer_id = 1001"));

        // "1,250" alone reads as a thousands separator; --decimal , forces the comma as the decimal separator.
        var english = await IngestAsync(w, Data("prices.csv", "price\n\"1,250\"\n\"3,000\"\n"));
        Assert.Equal(4250.0, await NumberAsync(w, "SELECT SUM(price) FROM prices"));
        Assert.Equal(ColumnType.Real, TypeOf(english, "price"));
        await IngestAsync(w, Data("prices_eu.csv", "price\n\"1,250\"\n\"3,000\"\n"), new ReaderOptions { DecimalComma = true });
        Assert.Equal(4.25, await NumberAsync(w, "SELECT SUM(price) FROM prices_eu"), 9);
    }

    [Fact]
    public async Task A_day_month_column_whose_days_are_all_at_most_12_loads_with_dayfirst_or_a_date_format()
    {
        await using var w = await OpenFreshAsync();
        var slashed = Fixture("dates_day_month_slashed.csv");
        var unclear = await IngestAsync(w, slashed, table: "unclear");
        Assert.Equal(ColumnType.Text, TypeOf(unclear, "born"));
        Assert.Contains(unclear.Warnings, x => x.Contains("cannot be decided", StringComparison.Ordinal) && x.Contains("--dayfirst", StringComparison.Ordinal));

        var dayFirst = await IngestAsync(w, slashed, new ReaderOptions { DayFirst = true }, table: "day_first");
        Assert.Equal(ColumnType.Date, TypeOf(dayFirst, "born"));
        Assert.Equal("1975-01-12", await ScalarAsync(w, "SELECT born FROM day_first WHERE id = 1"));

        var formatted = await IngestAsync(w, slashed, new ReaderOptions { DateFormats = new Dictionary<string, string> { ["born"] = "d/M/yyyy" } }, table: "formatted");
        Assert.Equal(ColumnType.Date, TypeOf(formatted, "born"));
        Assert.Equal("2012-12-03", await ScalarAsync(w, "SELECT born FROM formatted WHERE id = 5"));

        // A value that does not match the format is quarantined with the reason; a format with a time makes a timestamp.
        var stamped = await IngestAsync(w, Data("stamped.csv", "id,seen\n1,03/04/2024 13:05\n2,2024-04-03\n"), new ReaderOptions { DateFormats = new Dictionary<string, string> { ["seen"] = "dd/MM/yyyy HH:mm" } });
        Assert.Equal((ColumnType.Timestamp, 1L, 1L), (TypeOf(stamped, "seen"), stamped.RowsLoaded, stamped.RowsQuarantined));
        Assert.Equal("2024-04-03T13:05:00", await ScalarAsync(w, "SELECT seen FROM stamped WHERE id = 1"));
        Assert.Contains("does not match --date-format dd/MM/yyyy HH:mm", QuarantineReader.Read(Ws, stamped.LoadId).Single().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_latin1_file_gets_a_hint_naming_its_encoding_its_quarantine_keeps_the_bytes_and_encoding_reads_it()
    {
        await using var w = await OpenFreshAsync();
        var path = Fixture("latin1.csv");
        var r = await IngestAsync(w, path, table: "cities_utf8");
        Assert.Equal((5L, 1L, 4L), (r.RowsRead, r.RowsLoaded, r.RowsQuarantined));
        Assert.Contains("the file is not UTF-8: the file looks like latin1: read it with --encoding latin1", r.Warnings);
        var q = QuarantineReader.Read(Ws, r.LoadId);
        Assert.Contains("--encoding latin1", q[0].Reason, StringComparison.Ordinal);
        var lines = File.ReadAllBytes(path).AsSpan();
        Assert.Equal("Zürich,CH,421878"u8.ToArray().Length - 1, q[0].RawBytes!.Length);   // ü is one byte in Latin-1
        Assert.Equal(Encoding.Latin1.GetBytes("Zürich,CH,421878"), q[0].RawBytes);
        Assert.Equal("Z\uFFFDrich,CH,421878", q[0].Raw);
        Assert.True(lines.IndexOf(q[0].RawBytes) > 0);

        var latin = await IngestAsync(w, path, new ReaderOptions { Encoding = "latin1" }, table: "cities");
        Assert.Equal((5L, 0L), (latin.RowsLoaded, latin.RowsQuarantined));
        Assert.Equal("Zürich", await ScalarAsync(w, "SELECT city FROM cities WHERE population = 421878"));
        Assert.Equal("São Paulo", await ScalarAsync(w, "SELECT city FROM cities WHERE country = 'BR'"));

        // Windows-1252: 0x80 is the euro sign there (a control character in Latin-1), so the hint says cp1252.
        var cp = Path.Combine(Ws.DataDir, "prices_cp1252.csv");
        File.WriteAllBytes(cp, [.. "item,note\nbook,12"u8, 0x80, .. " less\n"u8]);
        var bad = await Assert.ThrowsAsync<LeanMLInputException>(() => IngestAsync(w, cp));
        Assert.Contains("--encoding cp1252", bad.Message, StringComparison.Ordinal);
        await IngestAsync(w, cp, new ReaderOptions { Encoding = "cp1252" });
        Assert.Equal("12€ less", await ScalarAsync(w, "SELECT note FROM prices_cp1252"));

        // UTF-16 without a byte-order mark.
        var utf16 = Path.Combine(Ws.DataDir, "wide_chars.csv");
        File.WriteAllBytes(utf16, Encoding.Unicode.GetBytes("name,n\nÅsa,1\nJürgen,2\n"));
        await IngestAsync(w, utf16, new ReaderOptions { Encoding = "utf-16" });
        Assert.Equal("Jürgen", await ScalarAsync(w, "SELECT name FROM wide_chars WHERE n = 2"));
    }

    [Fact]
    public async Task Gzip_files_are_read_by_their_magic_bytes_whatever_their_name()
    {
        await using var w = await OpenFreshAsync();
        var r = await IngestAsync(w, Fixture("orders.csv.gz"));
        Assert.Equal(("orders", IngestFormat.Csv, 4L, 0L), (r.Table, r.Format, r.RowsLoaded, r.RowsQuarantined));
        Assert.Equal((ColumnType.Money, ColumnType.Boolean), (TypeOf(r, "amount"), TypeOf(r, "paid")));
        Assert.Equal(1360.49, await NumberAsync(w, "SELECT SUM(amount) FROM orders"), 9);

        // The same gzip bytes named .csv, and a gzipped JSON Lines file.
        var renamed = Path.Combine(Ws.DataDir, "orders_export.csv");
        File.Copy(Fixture("orders.csv.gz"), renamed);
        Assert.Equal(4L, (await IngestAsync(w, renamed)).RowsLoaded);
        var jsonl = Path.Combine(Ws.DataDir, "events.jsonl.gz");
        await using (var gz = new GZipStream(File.Create(jsonl), CompressionLevel.Fastest))
        {
            gz.Write("{\"id\": 1, \"user\": {\"name\": \"ana\"}}\n{\"id\": 2, \"user\": {\"name\": \"bo\"}}\n"u8);
        }

        var events = await IngestAsync(w, jsonl);
        Assert.Equal(("events", IngestFormat.Jsonl, 2L), (events.Table, events.Format, events.RowsLoaded));
        Assert.Equal("bo", await ScalarAsync(w, "SELECT user_name FROM events WHERE id = 2"));
    }

    [Fact]
    public async Task A_truncated_gzip_file_is_refused_whole_and_the_table_keeps_what_it_had()
    {
        await using var w = await OpenFreshAsync();
        var whole = Path.Combine(Ws.DataDir, "visits.csv.gz");
        await using (var gz = new GZipStream(File.Create(whole), CompressionLevel.Fastest))
        {
            gz.Write("id,v\n"u8);
            for (var i = 1; i <= 200_000; i++)
            {
                gz.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{i},{i * 7}\n")));
            }
        }

        Assert.Equal(200_000L, (await IngestAsync(w, whole)).RowsLoaded);

        // Cut in the middle (the load's own pass meets the end), near the start (the first records' probe meets it),
        // and only the trailer's last bytes (every row decompresses): GZipStream alone ends quietly at each cut. Last,
        // the whole file with bytes garbled in its middle (GZipStream throws; the message says corrupt, not .NET's
        // "unsupported compression method").
        var bytes = File.ReadAllBytes(whole);
        var garbled = (byte[])bytes.Clone();
        for (var i = bytes.Length / 2; i < (bytes.Length / 2) + 200; i++)
        {
            garbled[i] ^= 0x5A;
        }

        foreach (var damaged in new[] { bytes[..(bytes.Length / 2)], bytes[..3_000], bytes[..^3], garbled })
        {
            var cut = Path.Combine(Ws.DataDir, "visits_cut.csv.gz");
            File.WriteAllBytes(cut, damaged);
            var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => IngestAsync(w, cut, table: "visits"));
            Assert.Contains("truncated or damaged", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("compression method", ex.Message, StringComparison.Ordinal);
            Assert.Equal(cut, ex.File);
            Assert.Equal(200_000.0, await NumberAsync(w, "SELECT COUNT(*) FROM visits"));
            Assert.Equal(1_400_000.0, await NumberAsync(w, "SELECT MAX(v) FROM visits"));
        }
    }

    [Fact]
    public async Task Delimiter_no_header_and_skip_rows_and_a_first_line_that_looks_like_data_is_warned_about()
    {
        await using var w = await OpenFreshAsync();
        const string spaced = "59 2 32 1\n60 3 33 0\n61 4 34 1\n";
        var oneColumn = await IngestAsync(w, Data("measures.txt", spaced));
        Assert.Single(oneColumn.Columns);
        Assert.Contains(oneColumn.Warnings, x => x.Contains("looks like data", StringComparison.Ordinal) && x.Contains("--delimiter ' '", StringComparison.Ordinal));

        var read = await IngestAsync(w, Data("measures_2.txt", spaced), new ReaderOptions { Delimiter = ' ', NoHeader = true });
        Assert.Equal(["column_1", "column_2", "column_3", "column_4"], read.Columns.Select(c => c.Name));
        Assert.Equal((3L, 180.0), (read.RowsLoaded, await NumberAsync(w, "SELECT SUM(column_1) FROM measures_2")));
        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync(w, "SELECT _source_line FROM measures_2 WHERE column_1 = 59"), CultureInfo.InvariantCulture));

        var titled = await IngestAsync(w, Data("report.csv", "Sales report, 2024\n\"generated by \"\"ERP\"\"\"\nregion,amount\nnorth,10\nsouth,20\n"), new ReaderOptions { SkipRows = 2 });
        Assert.Equal(["region", "amount"], titled.Columns.Select(c => c.Name));
        Assert.Equal((2L, 0L), (titled.RowsLoaded, titled.RowsQuarantined));
        Assert.DoesNotContain(titled.Warnings, x => x.Contains("looks like data", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_as_wide_as_the_engine_allows_loads_and_a_wider_one_fails_at_once_creating_nothing()
    {
        await using var w = await OpenFreshAsync();
        var widest = w.Engine.MaxColumns - 2;
        string Wide(int n, Func<int, string> value) => string.Join(",", Enumerable.Range(1, n).Select(i => $"c{i}")) + "\n" + string.Join(",", Enumerable.Range(1, n).Select(value)) + "\n";

        // The widest table the engine holds (besides _load_id and _source_line), of one-letter text values.
        var r = await IngestAsync(w, Data("widest.csv", Wide(widest, i => i == widest ? "z" : "x")));
        Assert.Equal((1L, widest), (r.RowsLoaded, (await WarehouseCatalog.ListTablesAsync(w)).Single(t => t.Name == "widest").Columns));
        Assert.Equal("z", await ScalarAsync(w, $"SELECT {SqlNames.Quote("c" + widest)} FROM widest"));

        // 1,100 number columns (once exit 70): DuckDB holds them; a PostgreSQL row of them is bigger than its 8 kB page.
        var numbers = Data("numbers.csv", Wide(1_100, i => i.ToString(CultureInfo.InvariantCulture)));
        if (w.Engine.Name == "postgres")
        {
            var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => IngestAsync(w, numbers));
            Assert.Contains("PostgreSQL cannot hold rows this wide", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Nothing was created", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("numbers", await WarehouseCatalog.TableNamesAsync(w));
        }
        else
        {
            Assert.Equal(1L, (await IngestAsync(w, numbers)).RowsLoaded);
            Assert.Equal(1100.0, await NumberAsync(w, "SELECT c1100 FROM numbers"));
        }

        // One column more than the engine holds, and a 200,000-column header: refused when the header is read.
        foreach (var (name, columns) in new[] { ("wider", widest + 1), ("widest_header", 200_000) })
        {
            var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => IngestAsync(w, Data(name + ".csv", Wide(columns, i => "1"))));
            Assert.Contains($"has {columns:N0} columns, more than a {w.Engine.Name} table can hold ({widest:N0}", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(name, await WarehouseCatalog.TableNamesAsync(w));
        }
    }
}

public sealed class DuckDbReaderTests : ReaderTests<DuckDbProvider>;

public sealed class PostgresReaderTests : ReaderTests<PostgresProvider>;
