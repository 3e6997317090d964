using System.Globalization;
using LeanML.Ingestion;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.IntegrationTests.Ingestion;

/// <summary>Ingestion behaviour, the same on SQLite and PostgreSQL.</summary>
public abstract class IngestTests<TProvider> : WarehouseTestBase<TProvider>, IDisposable
    where TProvider : IWarehouseProvider, new()
{
    private readonly TempDir _dir = new();

    protected Workspace.Workspace Ws { get; }

    protected IngestTests() => Ws = WorkspaceInitializer.Create(_dir.Combine("ws"));

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected string Data(string name, string text)
    {
        var path = Path.Combine(Ws.DataDir, name);
        File.WriteAllText(path, text);
        return path;
    }

    protected Task<IngestResult> IngestAsync(Database w, string path, IngestMode mode = IngestMode.Append, string? table = null, string? key = null, Dictionary<string, ColumnType>? types = null) =>
        IngestService.IngestFileAsync(w, Ws, path, new IngestRequest([path]) { Mode = mode, Table = table, Key = key, Reader = new ReaderOptions { Types = types ?? [] } });

    protected static async Task<object?> ScalarAsync(Database w, string sql)
    {
        // As 'leanml sql' shows values: dates as yyyy-MM-dd, whole numbers (also DuckDB's HUGEINT sums) as long.
        await using var cmd = w.Command(sql);
        return WarehouseCatalog.Plain(await cmd.ExecuteScalarAsync() ?? DBNull.Value);
    }

    protected static async Task<long> CountAsync(Database w, string sql) => Convert.ToInt64(await ScalarAsync(w, sql), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Telco_loads_with_numeric_total_charges_and_its_eleven_nulls()
    {
        await using var w = await OpenFreshAsync();
        var r = await IngestAsync(w, Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv"));
        Assert.Equal("telco_customer_churn", r.Table);
        Assert.Equal((7043L, 7043L, 0L), (r.RowsRead, r.RowsLoaded, r.RowsQuarantined));
        var total = r.Columns.Single(c => c.Name == "total_charges");
        Assert.Equal((ColumnType.Real, "TotalCharges"), (total.Type, total.OriginalName));
        Assert.Equal(ColumnType.Boolean, r.Columns.Single(c => c.Name == "churn").Type);
        Assert.Equal(7043L, await CountAsync(w, "SELECT COUNT(*) FROM telco_customer_churn"));
        Assert.Equal(11L, await CountAsync(w, "SELECT COUNT(*) FROM telco_customer_churn WHERE total_charges IS NULL"));
        // Golden values from /usr/bin/python3 pandas: pd.to_numeric(TotalCharges.str.strip()).sum() = 16056168.7; (Churn=='Yes').sum() = 1869.
        Assert.Equal(16056168.7, Convert.ToDouble(await ScalarAsync(w, "SELECT SUM(total_charges) FROM telco_customer_churn"), CultureInfo.InvariantCulture), 3);
        Assert.Equal(1869L, await CountAsync(w, "SELECT SUM(churn) FROM telco_customer_churn"));
        // Lineage: the first data row is on line 2 of the file, and every row carries this load's id.
        Assert.Equal("7590-VHVEG", await ScalarAsync(w, "SELECT customer_id FROM telco_customer_churn WHERE _source_line = 2"));
        Assert.Equal(7043L, await CountAsync(w, $"SELECT COUNT(*) FROM telco_customer_churn WHERE _load_id = '{r.LoadId}'"));
    }

    [Fact]
    public async Task Load_ids_are_numbers_in_order_a_failed_load_leaves_a_gap_and_concurrent_loads_never_share_one()
    {
        var connection = await Provider.CreateDatabaseAsync();
        await using var w = await Database.OpenAsync(Provider.Engine, connection, Store);
        var first = await IngestAsync(w, Data("a.csv", "id\n1\n"));
        await Assert.ThrowsAsync<LeanMLInputException>(() => IngestAsync(w, Data("bad.csv", "a,b\n1\n2\n")));
        var third = await IngestAsync(w, Data("c.csv", "id\n3\n"));
        Assert.Equal(("1", "3"), (first.LoadId, third.LoadId));
        Assert.Equal(("2", "failed"), (await new IngestLogStore(w).ListAsync("bad")).Select(l => (l.LoadId, l.Outcome)).Single());

        // Two loads at once, each on its own connection (as two processes would be).
        await using var other = await Database.OpenAsync(Provider.Engine, connection, Store);
        var both = await Task.WhenAll(IngestAsync(w, Data("d.csv", "id\n4\n")), IngestAsync(other, Data("e.csv", "id\n5\n")));
        Assert.Equal(["4", "5"], both.Select(r => r.LoadId).Order());
        Assert.Equal(1L, await CountAsync(w, $"SELECT COUNT(*) FROM e WHERE _load_id = '{both[1].LoadId}'"));
    }

    [Fact]
    public async Task Load_ids_are_stored_as_numbers_and_a_table_made_with_text_load_ids_keeps_taking_loads()
    {
        await using var w = await OpenFreshAsync();
        var first = await IngestAsync(w, Data("plans.csv", "id,plan\n1,basic\n2,pro\n"));
        Assert.IsType<long>(await ScalarAsync(w, "SELECT MAX(_load_id) FROM plans"));
        Assert.Equal(2L, await CountAsync(w, $"SELECT COUNT(*) FROM plans WHERE _load_id = {first.LoadId}"));

        // A table made when load ids were text (one row keeps a letter-and-digit id of before numbered loads):
        // appends, upserts and replacements still load, writing text.
        foreach (var sql in new[] { "ALTER TABLE plans ALTER COLUMN _load_id TYPE TEXT", "UPDATE plans SET _load_id = '01HZX3K9Q8T6WJ' WHERE id = 2" })
        {
            await using var change = w.Command(sql);
            await change.ExecuteNonQueryAsync();
        }

        var append = await IngestAsync(w, Data("plans_more.csv", "id,plan\n3,team\n"), table: "plans");
        var upsert = await IngestAsync(w, Data("plans_upsert.csv", "id,plan\n1,team\n4,basic\n"), IngestMode.Upsert, table: "plans", key: "id");
        Assert.Equal((1L, 1L), (append.RowsLoaded, upsert.RowsUpdated));
        Assert.Equal(append.LoadId, await ScalarAsync(w, "SELECT _load_id FROM plans WHERE id = 3"));
        Assert.Equal([upsert.LoadId, "01HZX3K9Q8T6WJ", append.LoadId, upsert.LoadId], await ColumnAsync(w, "SELECT _load_id FROM plans ORDER BY id"));
        var replaced = await IngestAsync(w, Data("plans_new.csv", "id,plan\n9,pro\n"), IngestMode.Replace, table: "plans");
        Assert.IsType<long>(await ScalarAsync(w, $"SELECT _load_id FROM plans WHERE _load_id = {replaced.LoadId}"));
    }

    private static async Task<List<string>> ColumnAsync(Database w, string sql)
    {
        await using var cmd = w.Command(sql);
        await using var reader = await cmd.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    [Fact]
    public async Task Same_bytes_again_are_a_no_op_that_says_already_loaded()
    {
        await using var w = await OpenFreshAsync();
        var path = Data("orders.csv", "id,amount\n1,10\n2,20\n");
        var first = await IngestAsync(w, path);
        var again = await IngestAsync(w, path);
        Assert.True(again.AlreadyLoaded);
        Assert.Equal(first.LoadId, again.LoadId);
        Assert.Contains("already loaded", again.Warnings[0], StringComparison.Ordinal);
        Assert.Equal(2L, await CountAsync(w, "SELECT COUNT(*) FROM orders"));
        Assert.Single(await new IngestLogStore(w).ListAsync("orders"));
    }

    [Fact]
    public async Task Replacing_a_table_of_several_files_with_one_of_them_leaves_that_file_alone()
    {
        await using var w = await OpenFreshAsync();
        var a = Data("a.csv", "id\n1\n2\n");
        var b = Data("b.csv", "id\n3\n");
        await IngestAsync(w, a, table: "t");
        await IngestAsync(w, b, table: "t");
        var replaced = await IngestAsync(w, a, IngestMode.Replace, table: "t");
        Assert.False(replaced.AlreadyLoaded);
        Assert.Equal(3L, await CountAsync(w, "SELECT SUM(id) FROM t"));

        // Now the table is that file alone: replacing it with the same bytes, or appending them, does nothing.
        Assert.True((await IngestAsync(w, a, IngestMode.Replace, table: "t")).AlreadyLoaded);
        Assert.True((await IngestAsync(w, a, table: "t")).AlreadyLoaded);
        Assert.Equal(2L, await CountAsync(w, "SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public async Task The_same_bytes_read_another_way_are_a_new_load()
    {
        await using var w = await OpenFreshAsync();
        var path = Data("people.csv", "id,born\n1,03/04/2020\n2,05/06/2021\n");
        var first = await IngestAsync(w, path);
        Assert.Equal(ColumnType.Text, first.Columns.Single(c => c.Name == "born").Type);

        // What the first load's warning advises: read the dates day first, in place of the text.
        var dayFirst = await IngestService.IngestFileAsync(w, Ws, path, new IngestRequest([path]) { Mode = IngestMode.Replace, Reader = new ReaderOptions { DayFirst = true } });
        Assert.False(dayFirst.AlreadyLoaded);
        Assert.Equal(ColumnType.Date, dayFirst.Columns.Single(c => c.Name == "born").Type);
        Assert.Equal("2020-04-03", await ScalarAsync(w, "SELECT MIN(born) FROM people"));
        Assert.Equal("dayfirst=true", (await new IngestLogStore(w).ListAsync("people"))[0].ReadOptions);

        // Read that way again: already loaded; read with the defaults again: a new load (it replaces the dates by text).
        Assert.True((await IngestService.IngestFileAsync(w, Ws, path, new IngestRequest([path]) { Mode = IngestMode.Replace, Reader = new ReaderOptions { DayFirst = true } })).AlreadyLoaded);
        Assert.False((await IngestAsync(w, path, IngestMode.Replace)).AlreadyLoaded);
    }

    [Fact]
    public async Task Other_bytes_of_the_same_size_load_and_the_log_keeps_each_files_sha256()
    {
        await using var w = await OpenFreshAsync();
        var path = Data("orders.csv", "id,amount\n1,10\n2,20\n");
        var first = await IngestAsync(w, path);
        File.WriteAllText(path, "id,amount\n3,30\n4,40\n");
        var second = await IngestAsync(w, path);
        Assert.False(second.AlreadyLoaded);
        Assert.Equal(4L, await CountAsync(w, "SELECT COUNT(*) FROM orders"));
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(expected, second.Sha256);
        Assert.NotEqual(first.Sha256, second.Sha256);
        var log = await new IngestLogStore(w).ListAsync("orders");
        Assert.Equal([second.Sha256, first.Sha256], log.Select(l => l.Sha256));
    }

    [Fact]
    public async Task Bad_rows_go_to_quarantine_with_line_and_reason_and_the_rest_loads()
    {
        await using var w = await OpenFreshAsync();
        var path = Data("payments.csv", "id,amount,paid_at\n1,$10.00,2024-01-05\n2,$5\n3,$7.50,2024-01-06,extra\n4,\"$1,234.50\",2024-01-07\n");
        var r = await IngestAsync(w, path);
        Assert.Equal((4L, 2L, 2L), (r.RowsRead, r.RowsLoaded, r.RowsQuarantined));
        Assert.Equal(r.RowsRead, r.RowsLoaded + r.RowsQuarantined);
        var amount = r.Columns.Single(c => c.Name == "amount");
        Assert.Equal((ColumnType.Money, "USD"), (amount.Type, amount.Unit));
        Assert.Equal(1244.5, Convert.ToDouble(await ScalarAsync(w, "SELECT SUM(amount) FROM payments"), CultureInfo.InvariantCulture), 9);
        Assert.Equal("2024-01-07", await ScalarAsync(w, "SELECT paid_at FROM payments WHERE id = 4"));
        var q = QuarantineReader.Read(Ws, r.LoadId);
        Assert.Equal([3L, 4L], q.Select(e => e.Line));
        Assert.Equal("expected 3 fields, found 2", q[0].Reason);
        Assert.Equal("2,$5", q[0].Raw);
        Assert.Equal("3,$7.50,2024-01-06,extra", q[1].Raw);
        var log = (await new IngestLogStore(w).ListAsync("payments")).Single();
        Assert.Equal((4L, 2L, 2L, "loaded"), (log.RowsRead, log.RowsLoaded, log.RowsQuarantined, log.Outcome));
    }

    [Fact]
    public async Task A_forced_type_quarantines_values_that_do_not_fit_with_the_reason()
    {
        await using var w = await OpenFreshAsync();
        var path = Data("items.csv", "sku,qty\nA,1\nB,two\nC,3\n");
        var r = await IngestAsync(w, path, types: new() { ["qty"] = ColumnType.Integer });
        Assert.Equal((3L, 2L, 1L), (r.RowsRead, r.RowsLoaded, r.RowsQuarantined));
        var q = Assert.Single(QuarantineReader.Read(Ws, r.LoadId));
        Assert.Equal(3L, q.Line);
        Assert.Contains("'two' is not a whole number", q.Reason, StringComparison.Ordinal);
        Assert.Equal(ColumnType.Integer, r.Columns.Single(c => c.Name == "qty").Type);
    }

    [Fact]
    public async Task Rejected_records_spread_over_many_batches_keep_their_lines_order_and_raw_text_and_every_row_its_line()
    {
        // 25,000 records, past the first records' types and over many of the load's batches (converted by parallel
        // workers): bad numbers, wrong field counts and quoted line breaks here and there, and one late real that makes
        // the whole file's type of 'score' real (the load infers it while converting, then loads again with it).
        await using var w = await OpenFreshAsync();
        var text = new System.Text.StringBuilder("id,qty,price,note,score\n");
        var expected = new List<(long Line, string Raw, string Reason)>();
        var lineOf = new Dictionary<long, long>();
        long line = 2;
        for (var id = 1; id <= 25_000; id++)
        {
            var quoted = id % 700 == 0;
            var note = quoted ? "\"first, line\nsecond \"\"line\"\"\"" : "n" + (id % 13);
            var qty = id % 997 == 0 ? "x" : id % 3500 == 0 ? "y" : (id % 50).ToString(CultureInfo.InvariantCulture);
            var score = id == 20_000 ? "2.5" : (id % 7).ToString(CultureInfo.InvariantCulture);
            var raw = string.Create(CultureInfo.InvariantCulture, $"{id},{qty},{id % 100}.25,{note},{score}") + (id % 1500 == 0 ? ",extra" : "");
            text.Append(raw).Append('\n');
            if (id % 1500 == 0)
            {
                expected.Add((line, raw, "expected 5 fields, found 6"));
            }
            else if (qty is "x" or "y")
            {
                expected.Add((line, raw, $"'{qty}' is not a whole number"));
            }
            else
            {
                lineOf[id] = line;
            }

            line += quoted ? 2 : 1;
        }

        var r = await IngestAsync(w, Data("spread.csv", text.ToString()), types: new() { ["qty"] = ColumnType.Integer });
        Assert.Equal((25_000L, (long)lineOf.Count, (long)expected.Count), (r.RowsRead, r.RowsLoaded, r.RowsQuarantined));
        Assert.Equal(ColumnType.Real, r.Columns.Single(c => c.Name == "score").Type);
        Assert.Equal(ColumnType.Integer, r.Columns.Single(c => c.Name == "qty").Type);
        var q = QuarantineReader.Read(Ws, r.LoadId);
        Assert.Equal(expected.Select(e => e.Line), q.Select(e => e.Line));
        Assert.Equal(expected.Select(e => e.Raw), q.Select(e => e.Raw));
        Assert.All(expected.Zip(q), p => Assert.Contains(p.First.Reason, p.Second.Reason, StringComparison.Ordinal));

        // Every row keeps the line it was read from.
        var loaded = new Dictionary<long, long>();
        await using (var cmd = w.Command("SELECT id, _source_line FROM spread"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                loaded.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(lineOf.OrderBy(p => p.Key), loaded.OrderBy(p => p.Key));
        Assert.Equal(2.5, Convert.ToDouble(await ScalarAsync(w, "SELECT score FROM spread WHERE id = 20000"), CultureInfo.InvariantCulture));
        Assert.Equal("first, line\nsecond \"line\"", await ScalarAsync(w, "SELECT note FROM spread WHERE id = 1400"));
    }

    [Fact]
    public async Task A_load_over_several_bulk_batches_keeps_every_value_null_and_the_files_order()
    {
        // 300,000 rows: DuckDB's bulk path hands them over in batches of a row group (122,880 rows here), stored by
        // several threads at once. NULLs of every type fall on and around the batches' edges; the expected figures are
        // computed here from the same formulas that wrote the file.
        await using var w = await OpenFreshAsync();
        const int Rows = 300_000;
        static bool Edge(int id) => id % 122_880 is 0 or 1;
        static double? Amount(int id) => Edge(id) || id % 1000 == 0 ? null : (id % 997) + 0.25;
        static DateOnly? Day(int id) => Edge(id) || id % 777 == 0 ? null : new DateOnly(2020, 1, 1).AddDays(id % 1500);
        static DateTime? At(int id) => Edge(id) || id % 555 == 0 ? null : new DateTime(2021, 6, 1, 0, 0, 0, DateTimeKind.Unspecified).AddSeconds(id * 37L);
        static string? Name(int id) => Edge(id) || id % 333 == 0 ? null : "n" + new string('é', id % 5) + (id % 1009).ToString(CultureInfo.InvariantCulture);
        var text = new System.Text.StringBuilder("id,amount,day,seen_at,name,flag\n");
        double amountSum = 0;
        long amountNulls = 0, dayNulls = 0, atNulls = 0, nameNulls = 0, nameChars = 0, flags = 0;
        for (var id = 1; id <= Rows; id++)
        {
            var (amount, day, at, name) = (Amount(id), Day(id), At(id), Name(id));
            text.Append(CultureInfo.InvariantCulture, $"{id},{amount},{day:yyyy-MM-dd},{at:yyyy-MM-dd HH:mm:ss},{name},{(id % 3 == 0 ? "true" : "false")}\n");
            amountSum += amount ?? 0;
            amountNulls += amount is null ? 1 : 0;
            dayNulls += day is null ? 1 : 0;
            atNulls += at is null ? 1 : 0;
            nameNulls += name is null ? 1 : 0;
            nameChars += name?.Length ?? 0;
            flags += id % 3 == 0 ? 1 : 0;
        }

        var r = await IngestAsync(w, Data("batches.csv", text.ToString()));
        Assert.Equal((Rows, Rows, 0L), (r.RowsRead, r.RowsLoaded, r.RowsQuarantined));
        Assert.Equal(
            [ColumnType.Integer, ColumnType.Real, ColumnType.Date, ColumnType.Timestamp, ColumnType.Text, ColumnType.Boolean],
            r.Columns.Where(c => !c.Name.StartsWith('_')).Select(c => c.Type));
        Assert.Equal(amountSum, Convert.ToDouble(await ScalarAsync(w, "SELECT SUM(amount) FROM batches"), CultureInfo.InvariantCulture), 3);
        Assert.Equal(
            (amountNulls, dayNulls, atNulls, nameNulls),
            (await CountAsync(w, "SELECT COUNT(*) FROM batches WHERE amount IS NULL"), await CountAsync(w, "SELECT COUNT(*) FROM batches WHERE day IS NULL"),
             await CountAsync(w, "SELECT COUNT(*) FROM batches WHERE seen_at IS NULL"), await CountAsync(w, "SELECT COUNT(*) FROM batches WHERE name IS NULL")));
        Assert.Equal(nameChars, await CountAsync(w, "SELECT SUM(LENGTH(name)) FROM batches"));
        Assert.Equal(flags, await CountAsync(w, "SELECT SUM(flag) FROM batches"));

        // The rows on both sides of a batch's edge, whole.
        foreach (var id in new[] { 122_879, 122_880, 122_881, 122_882, 245_760, 245_761 })
        {
            Assert.Equal(
                (Amount(id), WarehouseCatalog.Plain(Day(id) ?? (object)DBNull.Value), WarehouseCatalog.Plain(At(id) ?? (object)DBNull.Value), Name(id), (long)id + 1),
                ((double?)await ScalarAsync(w, $"SELECT amount FROM batches WHERE id = {id}"), await ScalarAsync(w, $"SELECT day FROM batches WHERE id = {id}"),
                 await ScalarAsync(w, $"SELECT seen_at FROM batches WHERE id = {id}"), (string?)await ScalarAsync(w, $"SELECT name FROM batches WHERE id = {id}"),
                 await CountAsync(w, $"SELECT _source_line FROM batches WHERE id = {id}")));
        }

        // A plain scan gives the rows in the file's order, as 'SELECT * FROM t LIMIT 10' shows its first lines.
        var lines = new List<long>();
        await using (var cmd = w.Command("SELECT _source_line FROM batches"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(Enumerable.Range(2, Rows).Select(l => (long)l), lines);
    }

    [Fact]
    public async Task A_load_cancelled_midway_leaves_no_table_no_rows_and_no_quarantine_file()
    {
        await using var w = await OpenFreshAsync();
        var text = new System.Text.StringBuilder("id,qty\n1,2,3\n");
        for (var id = 2; id <= 150_000; id++)
        {
            text.Append(id).Append(',').Append(id % 9).Append('\n');
        }

        var path = Data("cancelled.csv", text.ToString());
        using var cts = new CancellationTokenSource();
        var progress = new CancelOnLoad(cts);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            IngestService.IngestFileAsync(w, Ws, path, new IngestRequest([path]), progress, cts.Token));
        Assert.True(progress.Cancelled);
        Assert.DoesNotContain("cancelled", await WarehouseCatalog.TableNamesAsync(w));
        Assert.DoesNotContain(await new IngestLogStore(w).ListAsync("cancelled"), l => l.Outcome == "loaded");
        Assert.False(Directory.Exists(Ws.QuarantineDir) && Directory.EnumerateFiles(Ws.QuarantineDir).Any());

        // The same file then loads whole.
        var r = await IngestAsync(w, path);
        Assert.Equal((150_000L, 149_999L, 1L), (r.RowsRead, r.RowsLoaded, r.RowsQuarantined));
        Assert.Equal(149_999L, await CountAsync(w, "SELECT COUNT(*) FROM cancelled"));
    }

    [Fact]
    public async Task A_file_whose_every_row_fails_is_an_error_and_creates_nothing()
    {
        await using var w = await OpenFreshAsync();
        var path = Data("broken.csv", "a,b,c\n1,2\n3\n");
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => IngestAsync(w, path));
        Assert.Contains("no row could be loaded", ex.Message, StringComparison.Ordinal);
        Assert.Equal(path, ex.File);
        Assert.DoesNotContain("broken", await WarehouseCatalog.TableNamesAsync(w));
        var log = Assert.Single(await new IngestLogStore(w).ListAsync("broken"));
        Assert.Equal(("failed", 2L), (log.Outcome, log.RowsQuarantined));
        Assert.Equal(2, QuarantineReader.Read(Ws, log.LoadId).Count);
    }

    [Fact]
    public async Task Replace_swaps_the_table_for_the_new_file()
    {
        await using var w = await OpenFreshAsync();
        await IngestAsync(w, Data("plans.csv", "id,name\n1,basic\n2,pro\n3,team\n"));
        var r = await IngestAsync(w, Data("plans_v2.csv", "id,price\n10,9.5\n"), IngestMode.Replace, table: "plans");
        Assert.Equal(1L, r.RowsLoaded);
        Assert.Equal(1L, await CountAsync(w, "SELECT COUNT(*) FROM plans"));
        Assert.Equal(["id", "price"], (await new IngestLogStore(w).ColumnsAsync("plans")).Select(c => c.Name));
        Assert.Equal(9.5, Convert.ToDouble(await ScalarAsync(w, "SELECT price FROM plans"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Upsert_updates_by_key_inserts_new_keys_and_the_last_duplicate_wins()
    {
        await using var w = await OpenFreshAsync();
        await IngestAsync(w, Data("customers.csv", "id,email,plan\n1,a@x.io,basic\n2,b@x.io,pro\n"), IngestMode.Upsert, key: "id");
        var r = await IngestAsync(w, Data("customers_update.csv", "id,email,plan\n2,b@x.io,team\n3,c@x.io,basic\n3,c@x.io,pro\n"), IngestMode.Upsert, table: "customers", key: "id");
        Assert.Equal((3L, 3L, 1L, 1L), (r.RowsRead, r.RowsLoaded, r.RowsUpdated, r.Duplicates));
        Assert.Equal(3L, await CountAsync(w, "SELECT COUNT(*) FROM customers"));
        Assert.Equal("team", await ScalarAsync(w, "SELECT plan FROM customers WHERE id = 2"));
        Assert.Equal("pro", await ScalarAsync(w, "SELECT plan FROM customers WHERE id = 3"));
        Assert.Equal("basic", await ScalarAsync(w, "SELECT plan FROM customers WHERE id = 1"));
        Assert.Equal(4L, await CountAsync(w, "SELECT _source_line FROM customers WHERE id = 3"));
    }

    [Fact]
    public async Task Schema_evolves_new_columns_added_missing_ones_null_and_types_widened_with_warnings()
    {
        await using var w = await OpenFreshAsync();
        await IngestAsync(w, Data("events.csv", "id,score,label\n1,5,a\n2,6,b\n"));
        var r = await IngestAsync(w, Data("events_2.csv", "id,score,channel\n3,7.5,web\n"), table: "events");
        Assert.Contains(r.Warnings, x => x.Contains("'score' widened from integer to real", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, x => x.Contains("new column 'channel'", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, x => x.Contains("'label' is not in this file", StringComparison.Ordinal));
        Assert.Equal(18.5, Convert.ToDouble(await ScalarAsync(w, "SELECT SUM(score) FROM events"), CultureInfo.InvariantCulture));
        Assert.Null(await ScalarAsync(w, "SELECT label FROM events WHERE id = 3"));
        Assert.Null(await ScalarAsync(w, "SELECT channel FROM events WHERE id = 1"));

        // A word that is not a missing-value token ('n/a' would be NULL, as pandas reads it).
        var t = await IngestAsync(w, Data("events_3.csv", "id,score\n4,unknown\n"), table: "events");
        Assert.Contains(t.Warnings, x => x.Contains("'score' widened from real to text", StringComparison.Ordinal));
        var columns = await new IngestLogStore(w).ColumnsAsync("events");
        Assert.Equal(ColumnType.Text, columns.Single(c => c.Name == "score").Type);
        Assert.Equal(4L, await CountAsync(w, "SELECT COUNT(*) FROM events"));
        Assert.Equal("unknown", await ScalarAsync(w, "SELECT score FROM events WHERE id = 4"));
        var log = await new IngestLogStore(w).ListAsync("events");
        Assert.Contains(log[0].Warnings, x => x.Contains("widened", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_array_is_flattened_and_arrays_kept_as_json_text()
    {
        await using var w = await OpenFreshAsync();
        var path = Data("deals.json", """
            [{"id": 1, "amount": 10.5, "owner": {"name": "Ana", "team": {"region": "EU"}}, "tags": ["a", "b"], "won": true},
             {"id": 2, "amount": 3, "owner": {"name": "Bo"}, "tags": [], "won": false, "extra": null}]
            """);
        var r = await IngestAsync(w, path);
        Assert.Equal(["id", "amount", "owner_name", "owner_team_region", "tags", "won", "extra"], r.Columns.Select(c => c.Name));
        Assert.Equal("owner.team.region", r.Columns[3].OriginalName);
        Assert.Equal(ColumnType.Boolean, r.Columns.Single(c => c.Name == "won").Type);
        Assert.Equal("[\"a\", \"b\"]", await ScalarAsync(w, "SELECT tags FROM deals WHERE id = 1"));
        Assert.Null(await ScalarAsync(w, "SELECT owner_team_region FROM deals WHERE id = 2"));
        Assert.Equal(2L, await CountAsync(w, "SELECT _source_line FROM deals WHERE id = 2"));
    }

    [Fact]
    public async Task Json_lines_quarantine_invalid_lines()
    {
        await using var w = await OpenFreshAsync();
        var path = Data("clicks.jsonl", "{\"user\": \"u1\", \"n\": 1}\n{\"user\": \"u2\", \"n\": \n\n[1,2]\n{\"user\": \"u3\", \"n\": 3, \"meta\": {\"src\": \"ad\"}}\n");
        var r = await IngestAsync(w, path);
        Assert.Equal((4L, 2L, 2L), (r.RowsRead, r.RowsLoaded, r.RowsQuarantined));
        var q = QuarantineReader.Read(Ws, r.LoadId);
        Assert.Equal([2L, 4L], q.Select(e => e.Line));
        Assert.StartsWith("invalid JSON", q[0].Reason, StringComparison.Ordinal);
        Assert.Contains("expected a JSON object", q[1].Reason, StringComparison.Ordinal);
        Assert.Equal("ad", await ScalarAsync(w, "SELECT meta_src FROM clicks WHERE _source_line = 5"));
    }

    [Fact]
    public async Task Xlsx_sheet_loads_with_excel_dates_converted()
    {
        await using var w = await OpenFreshAsync();
        var path = Path.Combine(Ws.DataDir, "pipeline.xlsx");
        XlsxFixture.Write(path, "Deals", ["Deal", "Amount", "Close Date", "Won"],
        [
            ["Acme", 1200.5, new DateTime(2024, 3, 1), true],
            ["Globex", 300, new DateTime(2024, 12, 31), false],
        ]);
        var r = await IngestService.IngestFileAsync(w, Ws, path, new IngestRequest([path]) { Reader = new ReaderOptions { Sheet = "Deals" } });
        Assert.Equal(2L, r.RowsLoaded);
        Assert.Equal(["deal", "amount", "close_date", "won"], r.Columns.Select(c => c.Name));
        Assert.Equal([ColumnType.Text, ColumnType.Real, ColumnType.Date, ColumnType.Boolean], r.Columns.Select(c => c.Type));
        Assert.Equal("2024-12-31", await ScalarAsync(w, "SELECT close_date FROM pipeline WHERE deal = 'Globex'"));
        Assert.Equal(3L, await CountAsync(w, "SELECT _source_line FROM pipeline WHERE deal = 'Globex'"));
    }

    [Fact]
    public async Task Us_and_european_dates_are_read_in_the_order_the_column_proves()
    {
        await using var w = await OpenFreshAsync();
        var r = await IngestAsync(w, Data("visits.csv", "us,eu,unclear\n01/02/2024 9:30 AM,01/02/2024,01/02/2024\n12/31/2024 5:00 PM,31/12/2024,03/04/2024\n"));
        Assert.Equal([ColumnType.Timestamp, ColumnType.Date, ColumnType.Text], r.Columns.Select(c => c.Type));
        Assert.Contains(r.Warnings, x => x.Contains("'unclear'", StringComparison.Ordinal) && x.Contains("cannot be decided", StringComparison.Ordinal));
        Assert.Equal("2024-01-02T09:30:00", await ScalarAsync(w, "SELECT us FROM visits WHERE _source_line = 2"));
        Assert.Equal("2024-02-01", await ScalarAsync(w, "SELECT eu FROM visits WHERE _source_line = 2"));
        Assert.Equal("01/02/2024", await ScalarAsync(w, "SELECT unclear FROM visits WHERE _source_line = 2"));
    }

    [Fact]
    public async Task Types_that_only_the_later_records_decide_are_still_the_whole_files()
    {
        // A CSV load starts with the types of its first records; here the last ones change two columns' types.
        await using var w = await OpenFreshAsync();
        var csv = new System.Text.StringBuilder("qty,day\n");
        for (var i = 0; i < 11_999; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i % 10},01/02/2024\n");
        }

        csv.Append("2.5,13/02/2024\n");
        var r = await IngestAsync(w, Data("late.csv", csv.ToString()));
        Assert.Equal([ColumnType.Real, ColumnType.Date], r.Columns.Select(c => c.Type));
        Assert.Equal((12_000L, 12_000L, 0L), (r.RowsRead, r.RowsLoaded, r.RowsQuarantined));
        Assert.Null(r.QuarantineFile);
        Assert.False(File.Exists(Path.Combine(Ws.QuarantineDir, r.LoadId + ".jsonl")));
        // Golden value from /usr/bin/python3: sum(i % 10 for i in range(11999)) + 2.5 = 53993.5.
        Assert.Equal(53993.5, Convert.ToDouble(await ScalarAsync(w, "SELECT SUM(qty) FROM late"), CultureInfo.InvariantCulture), 9);
        Assert.Equal("2024-02-01", await ScalarAsync(w, "SELECT day FROM late WHERE _source_line = 2"));
        Assert.Equal("2024-02-13", await ScalarAsync(w, "SELECT day FROM late WHERE _source_line = 12001"));
        Assert.Equal(12_000L, await CountAsync(w, $"SELECT COUNT(*) FROM late WHERE _load_id = '{r.LoadId}'"));
        var log = Assert.Single(await new IngestLogStore(w).ListAsync("late"));
        Assert.Equal((12_000L, 0L, "loaded"), (log.RowsLoaded, log.RowsQuarantined, log.Outcome));
    }

    [Fact]
    public async Task A_table_not_created_by_ingest_is_refused()
    {
        await using var w = await OpenFreshAsync();
        await using (var cmd = w.Command("CREATE TABLE mine (x INTEGER)"))
        {
            await cmd.ExecuteNonQueryAsync();
        }

        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => IngestAsync(w, Data("mine.csv", "x\n1\n")));
        Assert.Contains("was not created by 'leanml ingest'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(w, "SELECT COUNT(*) FROM mine"));
    }

    [Fact]
    public async Task Parquet_export_keeps_types_and_values_and_loads_back_the_same()
    {
        var visits = Data("visits.csv", "id,day,seen_at,paid,amount\n1,2024-01-05,2024-01-05T10:15:30Z,yes,$12.50\n2,2024-02-29,,no,\n3,2023-12-31,2024-03-10T12:00:00.25Z,yes,$1000.00\n");
        var cs = await Provider.CreateDatabaseAsync();
        await using (var rw = await Database.OpenAsync(Provider.Engine, cs, Store))
        {
            await IngestAsync(rw, Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv"));
            await IngestAsync(rw, visits);
            await rw.DisposeAsync();

            await using var ro = await Database.OpenReadOnlyAsync(rw.Engine, rw.ConnectionString, Store);
            var telco = Path.Combine(Ws.Root, "telco.parquet");
            var exported = await WarehouseExport.ExportAsync(ro, "telco_customer_churn", null, telco, replace: false);
            Assert.Equal(7043L, exported.Rows);
            var again = await Assert.ThrowsAsync<LeanMLInputException>(() => WarehouseExport.ExportAsync(ro, "telco_customer_churn", null, telco, replace: false));
            Assert.Contains("--replace", again.Message, StringComparison.Ordinal);

            // Read back by Parquet.Net, an independent reader: the types and the values of the warehouse.
            var t = await ParquetTable.ReadAsync(telco);
            Assert.Equal(7043, t.Rows.Count);
            var kinds = t.Columns.ToDictionary(c => c.Name, c => c.Kind);
            Assert.Equal(("string", "long", "double", "long"), (kinds["customer_id"], kinds["tenure"], kinds["total_charges"], kinds["churn"]));
            // Golden values from /usr/bin/python3 pandas (as in the load test above): 11 blank TotalCharges, their sum, 1869 churned.
            Assert.Equal(11, t.Column("total_charges").Count(v => v is null));
            Assert.Equal(16056168.7, t.Column("total_charges").OfType<double>().Sum(), 3);
            Assert.Equal(1869L, t.Column("churn").OfType<long>().Sum());
            Assert.Equal("7590-VHVEG", t.Rows.Single(r => (long)r[t.Columns.ToList().FindIndex(c => c.Name == "_source_line")]! == 2)[0]);

            var v = await ParquetTable.ReadAsync((await WarehouseExport.ExportAsync(ro, null, "SELECT day, seen_at, paid, amount FROM visits ORDER BY id", Path.Combine(Ws.Root, "visits.parquet"), replace: false)).Output);
            Assert.Equal([("day", "date"), ("seen_at", "timestamp"), ("paid", "long"), ("amount", "double")], v.Columns);
            Assert.Equal([new DateTime(2024, 1, 5), new DateTime(2024, 2, 29), new DateTime(2023, 12, 31)], v.Column("day").Cast<DateTime>().Select(d => d.Date));
            Assert.Equal([new DateTime(2024, 1, 5, 10, 15, 30), null, new DateTime(2024, 3, 10, 12, 0, 0, 250)], v.Column("seen_at").Select(a => a is DateTime d ? DateTime.SpecifyKind(d, DateTimeKind.Unspecified) : (DateTime?)null));
            Assert.Equal([12.5, null, 1000.0], v.Column("amount"));
        }

        // Loaded back, the Parquet file gives the same rows and the same types as the table it came from.
        await using var w = await Database.OpenAsync(Provider.Engine, cs, Store);
        var back = await IngestAsync(w, Path.Combine(Ws.Root, "telco.parquet"), table: "telco_back");
        Assert.Equal((7043L, 0L), (back.RowsLoaded, back.RowsQuarantined));
        Assert.Equal("real", back.Columns.Single(c => c.Name == "total_charges").Type.Name());
        var columns = string.Join(", ", (await new IngestLogStore(w).ColumnsAsync("telco_customer_churn")).Select(c => SqlNames.Quote(c.Name)));
        Assert.Equal(0L, await CountAsync(w, $"SELECT COUNT(*) FROM (SELECT {columns} FROM telco_customer_churn EXCEPT SELECT {columns} FROM telco_back) d"));
        Assert.Equal(0L, await CountAsync(w, $"SELECT COUNT(*) FROM (SELECT {columns} FROM telco_back EXCEPT SELECT {columns} FROM telco_customer_churn) d"));
        await IngestAsync(w, Path.Combine(Ws.Root, "visits.parquet"), table: "visits_back");
        Assert.Equal(["date", "timestamp", "integer", "real"], (await new IngestLogStore(w).ColumnsAsync("visits_back")).Select(c => c.Type.Name()));
    }

    [Fact]
    public async Task Sql_is_read_only_and_describe_profiles_columns()
    {
        await using var rw = await OpenFreshAsync();
        await IngestAsync(rw, Data("sales.csv", "region,amount\nnorth,10\nsouth,30\nnorth,\nnorth,20\n"));
        await rw.DisposeAsync();
        var write = await Assert.ThrowsAsync<InvalidOperationException>(() => WarehouseCatalog.QueryAsync(rw, "SELECT 1"));
        Assert.Contains("read-only", write.Message, StringComparison.Ordinal);

        await using var w = await Database.OpenReadOnlyAsync(rw.Engine, rw.ConnectionString, Store);
        var q = await WarehouseCatalog.QueryAsync(w, "SELECT region, SUM(amount) AS total FROM sales GROUP BY region ORDER BY region");
        Assert.Equal(["region", "total"], q.Columns);
        Assert.Equal("north", q.Rows[0][0]);
        Assert.Equal(30.0, Convert.ToDouble(q.Rows[0][1], CultureInfo.InvariantCulture));
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => WarehouseCatalog.QueryAsync(w, "DELETE FROM sales"));
        Assert.Contains("the query failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("read-only", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(4L, await CountAsync(w, "SELECT COUNT(*) FROM sales"));

        var profile = await WarehouseCatalog.DescribeAsync(w, "sales");
        var amount = profile.Columns.Single(c => c.Name == "amount");
        Assert.Equal(("integer", 1L, 0.25, 3L), (amount.Type, amount.Nulls, amount.NullShare, amount.Distinct));
        Assert.Equal(20.0, amount.Mean);
        Assert.Equal(w.Engine.Name == "duckdb" ? "BIGINT" : "bigint", amount.StoredAs);   // the warehouse's own type name
        var region = profile.Columns.Single(c => c.Name == "region");
        Assert.Equal(new ValueCount("north", 3), region.Top[0]);
        var tables = await WarehouseCatalog.ListTablesAsync(w);
        Assert.Equal(("sales", 4L, 2), (tables[0].Name, tables[0].Rows, tables[0].Columns));
    }
}

/// <summary>Cancels the load the first time it reports loading progress (on the loading thread, at once).</summary>
internal sealed class CancelOnLoad(CancellationTokenSource cts) : IProgress<IngestProgress>
{
    public bool Cancelled { get; private set; }

    public void Report(IngestProgress value)
    {
        if (value.Pass == 2 && value.Rows > 0 && value.BytesRead < value.BytesTotal && !Cancelled)
        {
            Cancelled = true;
            cts.Cancel();
        }
    }
}

public sealed class DuckDbIngestTests : IngestTests<DuckDbProvider>;

public sealed class PostgresIngestTests : IngestTests<PostgresProvider>;
