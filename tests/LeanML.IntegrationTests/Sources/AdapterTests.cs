using System.Globalization;
using LeanML.Ingestion;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Sources;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.IntegrationTests.Sources;

/// <summary>
/// Vendor adapters on fixtures written from the vendors' documented headers (Fixtures/vendors): recognition, the
/// canonical rows and their values, idempotent re-imports and updates — the same on DuckDB and PostgreSQL.
/// </summary>
public abstract class AdapterTests<TProvider> : WarehouseTestBase<TProvider>, IDisposable
    where TProvider : IWarehouseProvider, new()
{
    private readonly TempDir _dir = new();

    protected Workspace.Workspace Ws { get; }

    protected AdapterTests() => Ws = WorkspaceInitializer.Create(_dir.Combine("ws"));

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A fixture copied into the workspace's data folder (optionally under another name).</summary>
    protected string Fixture(string name, string? asName = null)
    {
        var path = Path.Combine(Ws.DataDir, asName ?? name);
        File.Copy(Path.Combine(Repo.Root, "tests", "LeanML.IntegrationTests", "Fixtures", "vendors", name), path, overwrite: true);
        return path;
    }

    protected Task<SourceLoadResult> LoadAsync(Database w, string path, SourceOptions? options = null) =>
        SourceIngestService.IngestFileAsync(w, Ws, path, new IngestRequest([path]), options ?? SourceOptions.Default);

    protected static async Task<object?> ScalarAsync(Database w, string sql)
    {
        await using var cmd = w.Command(sql);
        var v = await cmd.ExecuteScalarAsync();
        return v is DBNull ? null : v;
    }

    protected static async Task<long> CountAsync(Database w, string sql) => Convert.ToInt64(await ScalarAsync(w, sql), CultureInfo.InvariantCulture);

    protected static async Task<double?> NumberAsync(Database w, string sql) => await ScalarAsync(w, sql) is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;

    protected static async Task<string?> TextAsync(Database w, string sql) => await ScalarAsync(w, sql) is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

    protected static async Task<string?> TimeAsync(Database w, string sql) =>
        await ScalarAsync(w, sql) is DateTime d ? d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : null;

    [Fact]
    public async Task Stripe_classic_payments_export_is_recognised_and_maps_money_statuses_and_zero_decimal_yen()
    {
        await using var w = await OpenFreshAsync();
        var r = await LoadAsync(w, Fixture("stripe_payments_classic.csv"));
        Assert.Equal("Stripe payments export → payments", r.Adapter!.Summary);
        Assert.Equal((5L, 0L), (r.Adapter.Inserted, r.Adapter.Updated));

        // The raw table loads as plain ingest loads it: its own name, every row, lineage columns.
        Assert.Equal("stripe_payments_classic", r.Load.Table);
        Assert.Equal(5L, await CountAsync(w, "SELECT COUNT(*) FROM stripe_payments_classic"));

        Assert.Equal(5L, await CountAsync(w, "SELECT COUNT(*) FROM payments WHERE source_vendor = 'stripe'"));
        Assert.Equal("succeeded", await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'ch_1'"));
        Assert.Equal("partially_refunded", await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'ch_2'"));
        Assert.Equal(20.0, await NumberAsync(w, "SELECT refund_amount FROM payments WHERE source_id = 'ch_2'"));
        Assert.Equal("refunded", await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'ch_3'"));
        Assert.Equal("failed", await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'ch_4'"));
        Assert.Equal(3.78, await NumberAsync(w, "SELECT fee_amount FROM payments WHERE source_id = 'ch_2'"));

        // The Dashboard writes major units, also for a zero-decimal currency: ¥1000 stays 1000.
        Assert.Equal(1000.0, await NumberAsync(w, "SELECT amount FROM payments WHERE source_id = 'ch_5'"));
        Assert.Equal("JPY", await TextAsync(w, "SELECT currency FROM payments WHERE source_id = 'ch_5'"));
        Assert.Equal("2024-03-12 09:14:00", await TimeAsync(w, "SELECT payment_at FROM payments WHERE source_id = 'ch_1'"));
        Assert.Equal("UTC", await TextAsync(w, "SELECT source_time_zone FROM payments WHERE source_id = 'ch_1'"));

        // Lineage: the file and its line (ch_1 is the first record, line 2).
        Assert.Equal("stripe_payments_classic.csv:2", await TextAsync(w, "SELECT source_file || ':' || CAST(source_line AS VARCHAR) FROM payments WHERE source_id = 'ch_1'"));
    }

    [Fact]
    public async Task A_later_unified_export_updates_the_earlier_row_and_reimporting_changes_nothing()
    {
        await using var w = await OpenFreshAsync();
        await LoadAsync(w, Fixture("stripe_payments_classic.csv"));
        var later = await LoadAsync(w, Fixture("stripe_payments_unified.csv"));
        Assert.Equal("Stripe payments export → payments", later.Adapter!.Summary);
        Assert.Equal((1L, 1L), (later.Adapter.Inserted, later.Adapter.Updated));

        // ch_1 was refunded since the first export: the later export's status and refund win.
        Assert.Equal(1L, await CountAsync(w, "SELECT COUNT(*) FROM payments WHERE source_id = 'ch_1'"));
        Assert.Equal("refunded", await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'ch_1'"));
        Assert.Equal(49.0, await NumberAsync(w, "SELECT refund_amount FROM payments WHERE source_id = 'ch_1'"));
        Assert.Equal("stripe_payments_unified.csv", await TextAsync(w, "SELECT source_file FROM payments WHERE source_id = 'ch_1'"));

        // EU locale: 399,00 is 399 euros, its fee 11,87.
        Assert.Equal(399.0, await NumberAsync(w, "SELECT amount FROM payments WHERE source_id = 'ch_6'"));
        Assert.Equal(11.87, await NumberAsync(w, "SELECT fee_amount FROM payments WHERE source_id = 'ch_6'"));

        // The same bytes again: nothing at all; an overlapping copy with other bytes: the same six rows.
        var again = await LoadAsync(w, Fixture("stripe_payments_unified.csv"));
        Assert.True(again.Load.AlreadyLoaded);
        var copy = Fixture("stripe_payments_classic.csv", "stripe_payments_copy.csv");
        File.AppendAllText(copy, "\n");
        var overlap = await LoadAsync(w, copy);
        Assert.Equal((0L, 5L), (overlap.Adapter!.Inserted, overlap.Adapter.Updated));
        Assert.Equal(6L, await CountAsync(w, "SELECT COUNT(*) FROM payments"));
        Assert.Equal(6L, await CountAsync(w, "SELECT COUNT(DISTINCT source_id) FROM payments"));
    }

    [Fact]
    public async Task A_copy_of_an_older_export_loaded_again_never_undoes_a_later_refund()
    {
        await using var w = await OpenFreshAsync();
        const string header = "id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID,Customer Email\n";
        var october = Path.Combine(Ws.DataDir, "stripe_oct.csv");
        File.WriteAllText(october, header + "ch_1,2026-10-01 10:00,50.00,0.00,usd,Paid,cus_1,a@x.com\n");
        var november = Path.Combine(Ws.DataDir, "stripe_nov.csv");
        File.WriteAllText(november, header + "ch_1,2026-10-01 10:00,50.00,50.00,usd,Refunded,cus_1,a@x.com\n");
        var first = await LoadAsync(w, october);
        await LoadAsync(w, november);

        // The browser's re-download of October: the same bytes under another name, so another raw table.
        var copy = Path.Combine(Ws.DataDir, "stripe_oct (1).csv");
        File.Copy(october, copy);
        var again = await LoadAsync(w, copy);
        Assert.Equal(("stripe_oct_1", 1L), (again.Load.Table, again.Load.RowsLoaded));
        Assert.Equal(first.Load.LoadId, again.Adapter!.SameBytesAsLoad);
        Assert.Equal((0L, 0L), (again.Adapter.Inserted, again.Adapter.Updated));
        Assert.Equal("refunded", await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'ch_1'"));
        Assert.Equal(50.0, await NumberAsync(w, "SELECT refund_amount FROM payments WHERE source_id = 'ch_1'"));

        // A third copy names the load that mapped those bytes, not the copy that mapped nothing; the log says which did.
        var third = Path.Combine(Ws.DataDir, "stripe_oct (2).csv");
        File.Copy(october, third);
        Assert.Equal(first.Load.LoadId, (await LoadAsync(w, third)).Adapter!.SameBytesAsLoad);
        Assert.Equal(1L, await CountAsync(w, $"SELECT COUNT(*) FROM leanml.ingest_log WHERE sha256 = '{first.Load.Sha256}' AND adapter IS NOT NULL"));

        // Bytes first loaded raw filled no canonical row: loaded through the adapter later, they are mapped.
        var raw = Path.Combine(Ws.DataDir, "stripe_dec.csv");
        File.WriteAllText(raw, header + "ch_2,2026-12-01 10:00,20.00,0.00,usd,Paid,cus_2,b@x.com\n");
        await LoadAsync(w, raw, new SourceOptions { Raw = true });
        var rawCopy = Path.Combine(Ws.DataDir, "stripe_dec_copy.csv");
        File.Copy(raw, rawCopy);
        var mapped = await LoadAsync(w, rawCopy);
        Assert.Null(mapped.Adapter!.SameBytesAsLoad);
        Assert.Equal(1L, mapped.Adapter.Inserted);
    }

    [Fact]
    public async Task Dates_that_read_both_ways_are_never_guessed_and_dayfirst_maps_the_export_again()
    {
        await using var w = await OpenFreshAsync();
        // A European dashboard export where every date reads both ways: ingest keeps the raw column as text and says
        // to pass --dayfirst; the canonical time is unknown, not read month first.
        var path = Path.Combine(Ws.DataDir, "stripe_eu.csv");
        File.WriteAllText(path, "Created date (UTC),id,Amount,Amount Refunded,Currency,Status,Fee,Customer ID,Customer Email\n"
            + "03/04/2024 10:15,ch_1,\"10,50\",\"0,00\",eur,Paid,\"0,45\",cus_1,a@example.com\n"
            + "05/06/2024 11:00,ch_2,\"20,00\",\"0,00\",eur,Paid,\"0,83\",cus_2,b@example.com\n");
        var first = await LoadAsync(w, path);
        Assert.Contains(first.Load.Warnings, x => x.Contains("--dayfirst", StringComparison.Ordinal));
        Assert.Equal(2L, first.Adapter!.Inserted);
        Assert.Equal(2L, await CountAsync(w, "SELECT COUNT(*) FROM payments WHERE payment_at IS NULL"));

        // Read again day first: the same bytes read another way are a new load, and mapped again with the day first.
        var again = await SourceIngestService.IngestFileAsync(w, Ws, path, new IngestRequest([path]) { Reader = ReaderOptions.Default with { DayFirst = true } }, SourceOptions.Default);
        Assert.Null(again.Adapter!.SameBytesAsLoad);
        Assert.Equal((0L, 2L), (again.Adapter.Inserted, again.Adapter.Updated));
        Assert.Equal("2024-04-03 10:15:00", await TimeAsync(w, "SELECT payment_at FROM payments WHERE source_id = 'ch_1'"));
        Assert.Equal("2024-06-05 11:00:00", await TimeAsync(w, "SELECT payment_at FROM payments WHERE source_id = 'ch_2'"));
        Assert.Equal(2L, await CountAsync(w, "SELECT COUNT(*) FROM payments"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_set_based_mapping_gives_the_rows_the_row_by_row_mapping_gives(bool repeats)
    {
        // Every status Stripe writes, full, partial and blank refunds, uncaptured charges, blank and negative fees,
        // yen beside dollars, padded e-mails, blank ids and (with repeats) ids repeated later in the file (the later
        // line wins); without repeats the engine maps without ranking the lines.
        var file = Path.Combine(Ws.DataDir, "stripe_payments_mixed.csv");
        File.WriteAllText(file, MixedStripePayments(repeats));
        await using var inEngine = await OpenFreshAsync();
        var set = (await LoadAsync(inEngine, file)).Adapter!;
        Assert.True(set.SetBased);
        await using var managed = await OpenFreshAsync();
        var rows = (await LoadAsync(managed, file, new SourceOptions { RowByRow = true })).Adapter!;
        Assert.False(rows.SetBased);

        Assert.Equal((rows.Inserted, rows.Updated, rows.Skipped), (set.Inserted, set.Updated, set.Skipped));
        // 200 lines: 6 blank ids and, with repeats, 18 lines whose id comes again later.
        Assert.Equal(repeats ? (176L, 0L, 24L) : (194L, 0L, 6L), (set.Inserted, set.Updated, set.Skipped));
        var (expected, actual) = (await PaymentRowsAsync(managed), await PaymentRowsAsync(inEngine));
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }

        // ch_66 says Refunded with its Amount Refunded blank: Stripe's Refunded is a full refund, in both mappings.
        Assert.Equal(("refunded", 34.42), (await TextAsync(inEngine, "SELECT status FROM payments WHERE source_id = 'ch_66'"), await NumberAsync(inEngine, "SELECT refund_amount FROM payments WHERE source_id = 'ch_66'")));

        // Not two tables of NULLs: every canonical status is there, and the repeated ch_3's later line won.
        Assert.Equal(4L, await CountAsync(inEngine, "SELECT COUNT(DISTINCT status) FROM payments"));
        Assert.Equal(repeats ? "stripe_payments_mixed.csv:185" : "stripe_payments_mixed.csv:5", await TextAsync(inEngine, "SELECT source_file || ':' || CAST(source_line AS VARCHAR) FROM payments WHERE source_id = 'ch_3'"));
    }

    private static string MixedStripePayments(bool repeats)
    {
        var inv = CultureInfo.InvariantCulture;
        string[] statuses = ["Paid", "Failed", "Refunded", "Partially refunded", "Pending", "canceled", "succeeded", ""];
        var csv = new System.Text.StringBuilder("id,Description,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID,Customer Email,Captured,Fee,Card Brand,Invoice ID\n");
        for (var i = 0; i < 200; i++)
        {
            var yen = i % 9 == 0;
            var amount = yen ? 1000.0 + (i * 10) : Math.Round(10 + (i * 0.37), 2);
            var refunded = i % 5 == 0 ? amount.ToString(inv) : i % 7 == 0 ? Math.Round(amount / 2, 2).ToString(inv) : i % 11 == 0 ? "" : "0.00";
            var id = i % 37 == 5 ? "" : "ch_" + (repeats ? i % 180 : i).ToString(inv);
            csv.Append(inv, $"{id},Plan charge,{new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i * 7.5):yyyy-MM-dd HH:mm},{amount},{refunded},{(yen ? "jpy" : i % 13 == 0 ? "EUR" : "usd")},");
            csv.Append(inv, $"{statuses[i % statuses.Length]},cus_{i % 23},{(i % 4 == 0 ? $"  User{i}@Example.COM " : i % 10 == 0 ? "" : $"u{i}@example.org")},{(i % 6 == 0 ? "false" : i % 17 == 0 ? "" : "true")},");
            csv.Append(inv, $"{(i % 8 == 0 ? "" : i % 19 == 0 ? "-1.25" : (0.3 + (i * 0.01)).ToString("0.00", inv))},{(i % 3 == 0 ? "" : "Visa")},{(i % 2 == 0 ? "in_" + i.ToString(inv) : "")}\n");
        }

        return csv.ToString();
    }

    private static async Task<List<string>> PaymentRowsAsync(Database w)
    {
        var rows = new List<string>();
        await using var cmd = w.Command("SELECT * FROM payments ORDER BY source_id");
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i) + "=" + (reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
            {
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                DateTime t => t.ToString("o", CultureInfo.InvariantCulture),
                var v => Convert.ToString(v, CultureInfo.InvariantCulture),
            }))));
        }

        return rows;
    }

    [Fact]
    public async Task Stripe_api_charges_are_in_the_smallest_unit_except_zero_decimal_currencies()
    {
        await using var w = await OpenFreshAsync();
        var r = await LoadAsync(w, Fixture("stripe_charges.jsonl"));
        Assert.Equal("Stripe API charges → payments", r.Adapter!.Summary);
        Assert.Equal(1000.0, await NumberAsync(w, "SELECT amount FROM payments WHERE source_id = 'ch_3Jx'"));
        Assert.Equal(49.0, await NumberAsync(w, "SELECT amount FROM payments WHERE source_id = 'ch_3Jy'"));
        Assert.Equal(15.0, await NumberAsync(w, "SELECT refund_amount FROM payments WHERE source_id = 'ch_3Jy'"));
        Assert.Equal("partially_refunded", await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'ch_3Jy'"));
        Assert.Equal("failed", await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'ch_3Jz'"));
        Assert.Equal("eiko@example.jp", await TextAsync(w, "SELECT customer_email FROM payments WHERE source_id = 'ch_3Jx'"));
        // created 1710234840: python3 -c "import datetime;print(datetime.datetime.utcfromtimestamp(1710234840))" → 2024-03-12 09:14:00
        Assert.Equal("2024-03-12 09:14:00", await TimeAsync(w, "SELECT payment_at FROM payments WHERE source_id = 'ch_3Jy'"));
    }

    [Fact]
    public async Task Stripe_customers_and_subscriptions_exports_fill_their_tables()
    {
        await using var w = await OpenFreshAsync();
        Assert.Equal("Stripe customers export → customers", (await LoadAsync(w, Fixture("stripe_customers.csv"))).Adapter!.Summary);
        Assert.Equal("Stripe subscriptions export → subscriptions", (await LoadAsync(w, Fixture("stripe_subscriptions.csv"))).Adapter!.Summary);
        Assert.Equal(("Ana", "Lopez"), (await TextAsync(w, "SELECT first_name FROM customers WHERE source_id = 'cus_A'"), await TextAsync(w, "SELECT last_name FROM customers WHERE source_id = 'cus_A'")));
        Assert.Equal("Acme Inc.", await TextAsync(w, "SELECT customer_company FROM customers WHERE source_id = 'cus_A'"));
        Assert.Equal(1200.0, await NumberAsync(w, "SELECT unit_amount FROM subscriptions WHERE source_id = 'sub_2'"));
        Assert.Equal("canceled", await TextAsync(w, "SELECT subscription_status FROM subscriptions WHERE source_id = 'sub_2'"));
        Assert.Equal("month", await TextAsync(w, "SELECT billing_interval FROM subscriptions WHERE source_id = 'sub_1'"));
        Assert.Equal(1L, await CountAsync(w, "SELECT cancel_at_period_end FROM subscriptions WHERE source_id = 'sub_2'"));
        Assert.Equal("2024-03-01 12:00:00", await TimeAsync(w, "SELECT canceled_at FROM subscriptions WHERE source_id = 'sub_2'"));
        Assert.Equal(3L, await CountAsync(w, "SELECT quantity FROM subscriptions WHERE source_id = 'sub_1'"));
    }

    [Fact]
    public async Task Square_transactions_of_both_eras_convert_zone_labels_money_strings_and_refunds()
    {
        await using var w = await OpenFreshAsync();
        var r55 = await LoadAsync(w, Fixture("square_transactions_55.csv"));
        Assert.Equal("Square transactions export → payments", r55.Adapter!.Summary);
        Assert.Equal(1L, r55.Adapter.RefundsApplied);

        // 14:05:30 Eastern on 2024-03-12 is EDT (UTC-4, DST began 2024-03-10): 18:05:30Z.
        // python3 -c "from zoneinfo import ZoneInfo;import datetime as d;print(d.datetime(2024,3,12,14,5,30,tzinfo=ZoneInfo('America/New_York')).astimezone(d.timezone.utc))"
        Assert.Equal("2024-03-12 18:05:30", await TimeAsync(w, "SELECT payment_at FROM payments WHERE source_id = 'P1'"));
        Assert.Equal("America/New_York", await TextAsync(w, "SELECT source_time_zone FROM payments WHERE source_id = 'P1'"));
        // 09:00 Pacific in January is PST (UTC-8): 17:00Z.
        Assert.Equal("2024-01-15 17:00:00", await TimeAsync(w, "SELECT payment_at FROM payments WHERE source_id = 'P2'"));
        // 8:15 Central on 2024-03-12 is CDT (UTC-5): 13:15Z.
        Assert.Equal("2024-03-12 13:15:00", await TimeAsync(w, "SELECT payment_at FROM payments WHERE source_id = 'P3'"));
        Assert.Equal(8.0, await NumberAsync(w, "SELECT amount FROM payments WHERE source_id = 'P1'"));
        Assert.Equal(0.53, await NumberAsync(w, "SELECT fee_amount FROM payments WHERE source_id = 'P1'"));
        Assert.Equal("USD", await TextAsync(w, "SELECT currency FROM payments WHERE source_id = 'P1'"));

        // P2's Refund row (-$25.00) refunds it in full; P3 carries a partial refund of -$3.00 on its own row.
        Assert.Equal(("refunded", 25.0), (await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'P2'"), await NumberAsync(w, "SELECT refund_amount FROM payments WHERE source_id = 'P2'")));
        Assert.Equal(("partially_refunded", 3.0), (await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'P3'"), await NumberAsync(w, "SELECT refund_amount FROM payments WHERE source_id = 'P3'")));
        Assert.Equal(3L, await CountAsync(w, "SELECT COUNT(*) FROM payments"));

        // The 44-column era is the same export by name; its Refund row of -$3.00 for P1 updates the payment loaded before.
        var r44 = await LoadAsync(w, Fixture("square_transactions_44.csv"));
        Assert.Equal("Square transactions export → payments", r44.Adapter!.Summary);
        Assert.Equal(44, r44.Load.Columns.Count(c => !c.Name.StartsWith('_')));
        Assert.Equal(1234.5, await NumberAsync(w, "SELECT amount FROM payments WHERE source_id = 'OLDP1'"));
        Assert.Equal(("partially_refunded", 3.0), (await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'P1'"), await NumberAsync(w, "SELECT refund_amount FROM payments WHERE source_id = 'P1'")));
    }

    [Fact]
    public async Task A_misspelled_adapter_is_refused_with_the_nearest_name()
    {
        await using var w = await OpenFreshAsync();
        var error = await Assert.ThrowsAsync<LeanMLInputException>(() => LoadAsync(w, Fixture("stripe_payments_classic.csv"), new SourceOptions { Adapter = "stripe_paymnets" }));
        Assert.Contains("no adapter is called 'stripe_paymnets'. Did you mean 'stripe_payments'?", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(w, "SELECT COUNT(*) FROM leanml.ingest_log"));
    }

    [Fact]
    public async Task A_refund_loaded_before_its_payment_waits_for_it()
    {
        // The 44-column export refunds P1, which only the 55-column export brings: loaded in that order (a folder's
        // alphabetical order can do it), the refund waits, and the payment's load applies it.
        await using var w = await OpenFreshAsync();
        var first = await LoadAsync(w, Fixture("square_transactions_44.csv"));
        Assert.Equal((0L, 1L), (first.Adapter!.RefundsApplied, first.Adapter.RefundsWaiting));
        Assert.Equal(0L, await CountAsync(w, "SELECT COUNT(*) FROM payments WHERE source_id = 'P1'"));

        // The same refunds again in other bytes (a re-download with a blank line): they replace the waiting ones, not add.
        var copy = Fixture("square_transactions_44.csv", "square_transactions_44_again.csv");
        File.AppendAllText(copy, "\n");
        Assert.Equal(1L, (await LoadAsync(w, copy)).Adapter!.RefundsWaiting);
        Assert.Equal(1L, await CountAsync(w, "SELECT COUNT(*) FROM leanml.pending_refunds"));

        var then = await LoadAsync(w, Fixture("square_transactions_55.csv"));
        Assert.Equal((2L, 0L), (then.Adapter!.RefundsApplied, then.Adapter.RefundsWaiting));
        Assert.Equal(("partially_refunded", 3.0), (await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'P1'"), await NumberAsync(w, "SELECT refund_amount FROM payments WHERE source_id = 'P1'")));
        Assert.Equal(("refunded", 25.0), (await TextAsync(w, "SELECT status FROM payments WHERE source_id = 'P2'"), await NumberAsync(w, "SELECT refund_amount FROM payments WHERE source_id = 'P2'")));
        Assert.Equal(0L, await CountAsync(w, "SELECT COUNT(*) FROM leanml.pending_refunds"));
    }

    [Theory]
    [InlineData("stripe_payments_classic.csv", "payments", 5)]     // the set-based mapping
    [InlineData("hubspot_contacts_labels.csv", "customers", 3)]    // the row-by-row one
    public async Task An_export_maps_from_a_raw_table_made_when_load_ids_were_text(string fixture, string canonical, long rows)
    {
        await using var w = await OpenFreshAsync();
        await LoadAsync(w, Fixture(fixture));
        var raw = Path.GetFileNameWithoutExtension(fixture);
        // As a warehouse older still holds it: text, and the letter-and-digit ids of before numbered loads (so a
        // comparison as numbers fails on either engine).
        foreach (var sql in new[] { $"ALTER TABLE {raw} ALTER COLUMN _load_id TYPE TEXT", $"UPDATE {raw} SET _load_id = '01HZX3K9Q8T6WJ'" })
        {
            await using var change = w.Command(sql);
            await change.ExecuteNonQueryAsync();
        }

        // Other bytes, the same records, into the same raw table: its rows are found by their text load id.
        var copy = Fixture(fixture);
        File.AppendAllText(copy, "\n");
        var again = await LoadAsync(w, copy);
        Assert.Equal((0L, rows), (again.Adapter!.Inserted, again.Adapter.Updated));
        Assert.Equal(rows, await CountAsync(w, $"SELECT COUNT(*) FROM {canonical}"));
        Assert.Equal(rows, await CountAsync(w, $"SELECT COUNT(*) FROM {raw} WHERE _load_id = '{again.Load.LoadId}'"));
    }

    [Fact]
    public async Task HubSpot_label_and_internal_name_exports_map_contacts_companies_and_deals()
    {
        await using var w = await OpenFreshAsync();
        Assert.Equal("HubSpot contacts export → customers", (await LoadAsync(w, Fixture("hubspot_contacts_labels.csv"))).Adapter!.Summary);
        Assert.Equal("HubSpot contacts export → customers", (await LoadAsync(w, Fixture("hubspot_contacts_internal.csv"))).Adapter!.Summary);
        Assert.Equal("HubSpot companies export → companies", (await LoadAsync(w, Fixture("hubspot_companies.csv"))).Adapter!.Summary);
        Assert.Equal("HubSpot deals export → deals", (await LoadAsync(w, Fixture("hubspot_deals_labels.csv"))).Adapter!.Summary);
        Assert.Equal("HubSpot deals export → deals", (await LoadAsync(w, Fixture("hubspot_deals_internal.csv"))).Adapter!.Summary);

        Assert.Equal(4L, await CountAsync(w, "SELECT COUNT(*) FROM customers WHERE source_vendor = 'hubspot'"));
        Assert.Equal("CTO", await TextAsync(w, "SELECT job_title FROM customers WHERE source_id = '601'"));
        // 3/15/2024 2:30 PM (a US-format export date) read as 14:30.
        Assert.Equal("2024-03-15 14:30:00", await TimeAsync(w, "SELECT created_at FROM customers WHERE source_id = '502'"));
        Assert.Equal("acme.example", await TextAsync(w, "SELECT company_domain FROM companies WHERE source_id = '9002'"));

        // Deals: stage from the label or internal name, or from hs_is_closed/hs_is_closed_won for a custom stage id.
        Assert.Equal(("won", "Closed Won"), (await TextAsync(w, "SELECT stage FROM deals WHERE deal_id = '7001'"), await TextAsync(w, "SELECT deal_pipeline_stage_id FROM deals WHERE deal_id = '7001'")));
        Assert.Equal("open", await TextAsync(w, "SELECT stage FROM deals WHERE deal_id = '7002'"));
        Assert.Equal("lost", await TextAsync(w, "SELECT stage FROM deals WHERE deal_id = '7003'"));
        Assert.Equal("won", await TextAsync(w, "SELECT stage FROM deals WHERE deal_id = '8001'"));
        Assert.Equal("open", await TextAsync(w, "SELECT stage FROM deals WHERE deal_id = '8002'"));
        Assert.Equal("lost", await TextAsync(w, "SELECT stage FROM deals WHERE deal_id = '8003'"));
        Assert.Equal(5500.5, await NumberAsync(w, "SELECT amount FROM deals WHERE deal_id = '7002'"));

        // ';'-separated multi-values: the first as the link, all of them kept, trimmed.
        Assert.Equal(("9002", "9002;9999"), (await TextAsync(w, "SELECT company_id FROM deals WHERE deal_id = '7001'"), await TextAsync(w, "SELECT associated_company_ids FROM deals WHERE deal_id = '7001'")));
        Assert.Equal("503;601", await TextAsync(w, "SELECT associated_contact_ids FROM deals WHERE deal_id = '7002'"));
    }

    [Fact]
    public async Task Salesforce_ids_become_18_characters_so_report_and_api_exports_join()
    {
        await using var w = await OpenFreshAsync();
        Assert.Equal("Salesforce Contact export → customers", (await LoadAsync(w, Fixture("salesforce_contacts.csv"))).Adapter!.Summary);
        Assert.Equal("Salesforce Account export → companies", (await LoadAsync(w, Fixture("salesforce_accounts.csv"))).Adapter!.Summary);
        Assert.Equal("Salesforce Opportunity export → deals", (await LoadAsync(w, Fixture("salesforce_opportunities.csv"))).Adapter!.Summary);
        var history = await LoadAsync(w, Fixture("salesforce_opportunity_history.csv"));
        Assert.Equal("Salesforce OpportunityHistory export → deal_stage_history", history.Adapter!.Summary);

        // 15 → 18 by Salesforce's algorithm: python3 -c "s='0035g00000AbCdE';a='ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';print(s+''.join(a[sum(1<<i for i,c in enumerate(s[k*5:k*5+5]) if c.isupper())] for k in range(3)))" → 0035g00000AbCdEAAV
        Assert.Equal("0035g00000AbCdEAAV", await TextAsync(w, "SELECT customer_id FROM customers WHERE source_vendor = 'salesforce'"));
        // The deleted contact is not a customer.
        Assert.Equal(1L, await CountAsync(w, "SELECT COUNT(*) FROM customers WHERE source_vendor = 'salesforce'"));
        // The contact's 15-character AccountId joins the Account export's 18-character Id.
        Assert.Equal("Acme Inc.", await TextAsync(w, "SELECT co.company_name FROM customers c JOIN companies co ON co.company_id = c.company_id WHERE c.source_vendor = 'salesforce'"));
        Assert.Equal("acme.example", await TextAsync(w, "SELECT company_domain FROM companies WHERE source_vendor = 'salesforce'"));
        Assert.Equal(("won", "lost", "open"), (
            await TextAsync(w, "SELECT stage FROM deals WHERE deal_name = 'Acme expansion'"),
            await TextAsync(w, "SELECT stage FROM deals WHERE deal_name = 'Custom stage lost'"),
            await TextAsync(w, "SELECT stage FROM deals WHERE deal_name = 'Acme pilot'")));
        Assert.Equal(2L, await CountAsync(w, "SELECT COUNT(*) FROM deal_stage_history h JOIN deals d ON d.deal_id = h.deal_id WHERE d.deal_name = 'Acme expansion'"));
        Assert.Equal("won", await TextAsync(w, "SELECT stage FROM deal_stage_history WHERE changed_at = (SELECT MAX(changed_at) FROM deal_stage_history)"));
    }

    [Fact]
    public async Task An_unknown_header_near_an_export_gets_a_hint_and_others_load_plainly()
    {
        await using var w = await OpenFreshAsync();
        // A payments export whose date column was renamed and whose Status was dropped.
        var near = Path.Combine(Ws.DataDir, "charges_q1.csv");
        File.WriteAllText(near, "id,Charge Date,Amount,Currency,Customer Email\nch_9,2024-01-01 10:00,5.00,usd,a@b.example\n");
        var r = await LoadAsync(w, near);
        Assert.Null(r.Adapter);
        Assert.Contains("Stripe payments export", r.Hint, StringComparison.Ordinal);
        Assert.Contains("'Created (UTC)'", r.Hint, StringComparison.Ordinal);
        Assert.Contains("'Status'", r.Hint, StringComparison.Ordinal);
        Assert.Contains("'Charge Date'", r.Hint, StringComparison.Ordinal);
        Assert.Equal(1L, await CountAsync(w, "SELECT COUNT(*) FROM charges_q1"));

        // A file that is no vendor's export gets no hint at all.
        var telco = await LoadAsync(w, Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv"));
        Assert.Null(telco.Adapter);
        Assert.Null(telco.Hint);

        // --raw: plain ingestion only, no canonical table.
        var raw = await LoadAsync(w, Fixture("stripe_payments_classic.csv"), new SourceOptions { Raw = true });
        Assert.Null(raw.Adapter);
        Assert.Equal(5L, await CountAsync(w, "SELECT COUNT(*) FROM stripe_payments_classic"));
        Assert.Equal(0L, await CountAsync(w, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'payments'"));
    }

    [Fact]
    public async Task A_declared_source_names_its_adapter_and_renames_columns()
    {
        await using var w = await OpenFreshAsync();
        var file = Path.Combine(Ws.DataDir, "charges_q1.csv");
        File.WriteAllText(file, "id,Charge Date,Amount,Currency,State\nch_9,2024-01-01 10:00,5.00,usd,Paid\n");
        Directory.CreateDirectory(Path.Combine(Ws.Root, "sources"));
        File.WriteAllText(Path.Combine(Ws.Root, "sources", "charges.yaml"), """
            path: data/charges_q1.csv
            adapter: stripe_payments
            rename:
              Charge Date: Created (UTC)
              State: Status
            columns:
              - name: id
                tests: [unique, not_null]
            freshness: {warn_after: 1d}
            """);
        var source = SourceDefinition.LoadAll(Ws).Single();
        Assert.Equal("charges_q1", source.LoadedTable);
        var r = (await SourceIngestService.IngestSourcesAsync(w, Ws, new IngestRequest([]), raw: false)).Single();
        Assert.Equal(("charges", "charges_q1"), (r.Source, r.Load.Table));
        Assert.Equal("Stripe payments export → payments", r.Adapter!.Summary);
        Assert.Equal("2024-01-01 10:00:00", await TimeAsync(w, "SELECT payment_at FROM payments WHERE source_id = 'ch_9'"));

        // The adapter named but a column it needs missing: exit-3 error naming the column and the source file; nothing loads.
        File.WriteAllText(Path.Combine(Ws.Root, "sources", "charges.yaml"), "path: data/charges_q1.csv\nadapter: stripe_payments\ntable: charges_again\n");
        var error = await Assert.ThrowsAsync<LeanMLInputException>(() => SourceIngestService.IngestSourcesAsync(w, Ws, new IngestRequest([]), raw: false));
        Assert.Contains("'Created (UTC)'", error.Message, StringComparison.Ordinal);
        Assert.Contains("charges.yaml", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(w, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'charges_again'"));

        // An unknown adapter is refused with the line and the list.
        File.WriteAllText(Path.Combine(Ws.Root, "sources", "charges.yaml"), "path: data/charges_q1.csv\nadapter: stripe_paymnts\n");
        var bad = Assert.Throws<LeanMLInputException>(() => SourceDefinition.LoadAll(Ws));
        Assert.Equal((2, "adapter"), (bad.Line, bad.Field));
    }

    [Fact]
    public async Task A_file_named_like_a_canonical_table_keeps_its_raw_rows_beside_it()
    {
        await using var w = await OpenFreshAsync();
        var r = await LoadAsync(w, Fixture("stripe_payments_classic.csv", "payments.csv"));
        Assert.Equal("raw_payments", r.Load.Table);
        Assert.Contains("raw_payments", r.Notice, StringComparison.Ordinal);
        Assert.Equal(5L, await CountAsync(w, "SELECT COUNT(*) FROM payments"));
        Assert.Equal(5L, await CountAsync(w, "SELECT COUNT(*) FROM raw_payments"));
    }
}

public sealed class DuckDbAdapterTests : AdapterTests<DuckDbProvider>;

public sealed class PostgresAdapterTests : AdapterTests<PostgresProvider>;
