using System.Globalization;
using LeanML.Ingestion;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.IntegrationTests.Ingestion;

/// <summary>Every shared dataset ingests with the exact row count of its PROVENANCE file and sensible types (SQLite).</summary>
public sealed class SharedDatasetTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private Workspace.Workspace _ws = null!;
    private Database _w = null!;

    public async Task InitializeAsync()
    {
        _ws = WorkspaceInitializer.Create(_dir.Combine("ws"));
        _w = await Warehouse.OpenAsync(_ws);
    }

    public async Task DisposeAsync()
    {
        await _w.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private async Task<IngestResult> IngestAsync(string dataset)
    {
        var path = Repo.Dataset(dataset);
        var r = await IngestService.IngestFileAsync(_w, _ws, path, new IngestRequest([path]));
        Assert.Equal(r.RowsRead, r.RowsLoaded + r.RowsQuarantined);
        Assert.Equal(r.RowsLoaded, await CountAsync($"SELECT COUNT(*) FROM {r.Table}"));
        return r;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var cmd = _w.Command(sql);
        return WarehouseCatalog.Plain(await cmd.ExecuteScalarAsync() ?? DBNull.Value);
    }

    private async Task<long> CountAsync(string sql) => Convert.ToInt64(await ScalarAsync(sql), CultureInfo.InvariantCulture);

    private static ColumnType TypeOf(IngestResult r, string column) => r.Columns.Single(c => c.Name == column).Type;

    [Fact]
    public async Task Bank_full_is_semicolon_separated_with_45211_rows()
    {
        var r = await IngestAsync("bank-marketing/bank-full.csv");
        Assert.Equal((45211L, 0L), (r.RowsLoaded, r.RowsQuarantined));
        Assert.Equal(17, r.Columns.Count);
        Assert.Equal(ColumnType.Integer, TypeOf(r, "balance"));
        // Golden values from /usr/bin/python3 pandas read_csv(sep=';'): balance.sum() = 61589682; (y=='yes').sum() = 5289.
        Assert.Equal(61589682L, await CountAsync("SELECT SUM(balance) FROM bank_full"));
        Assert.Equal(5289L, await CountAsync("SELECT SUM(y) FROM bank_full"));
    }

    [Fact]
    public async Task Bank_additional_full_has_41188_rows_and_dotted_headers_in_snake_case()
    {
        var r = await IngestAsync("bank-marketing/bank-additional-full.csv");
        Assert.Equal((41188L, 0L), (r.RowsLoaded, r.RowsQuarantined));
        Assert.Equal(("emp.var.rate", ColumnType.Real), (r.Columns.Single(c => c.Name == "emp_var_rate").OriginalName, TypeOf(r, "emp_var_rate")));
        // Golden value from pandas: euribor3m.sum() = 149153.726.
        Assert.Equal(149153.726, Convert.ToDouble(await ScalarAsync("SELECT SUM(euribor3m) FROM bank_additional_full"), CultureInfo.InvariantCulture), 3);
    }

    [Fact]
    public async Task Online_retail_has_541909_rows_with_timestamps_and_numeric_customer_ids_with_nulls()
    {
        var r = await IngestAsync("online-retail/online-retail.csv");
        Assert.Equal((541909L, 0L), (r.RowsLoaded, r.RowsQuarantined));
        Assert.Equal(ColumnType.Timestamp, TypeOf(r, "invoice_date"));
        Assert.Equal(ColumnType.Real, TypeOf(r, "customer_id"));
        Assert.Equal(ColumnType.Integer, TypeOf(r, "quantity"));
        Assert.Equal(ColumnType.Text, TypeOf(r, "invoice_no"));
        // Golden values from PROVENANCE.md / pandas: 135,080 empty CustomerIDs, mean 15287.69057, sum(Quantity) = 5176450,
        // dates 2010-12-01 08:26:00 .. 2011-12-09 12:50:00.
        Assert.Equal(135080L, await CountAsync("SELECT COUNT(*) FROM online_retail WHERE customer_id IS NULL"));
        Assert.Equal(15287.69057, Convert.ToDouble(await ScalarAsync("SELECT AVG(customer_id) FROM online_retail"), CultureInfo.InvariantCulture), 4);
        Assert.Equal(5176450L, await CountAsync("SELECT SUM(quantity) FROM online_retail"));
        Assert.Equal("2010-12-01T08:26:00", await ScalarAsync("SELECT MIN(invoice_date) FROM online_retail"));
        Assert.Equal("2011-12-09T12:50:00", await ScalarAsync("SELECT MAX(invoice_date) FROM online_retail"));
    }

    [Fact]
    public async Task Flights_json_array_has_200000_rows()
    {
        var r = await IngestAsync("vega-datasets/flights-200k.json");
        Assert.Equal((IngestFormat.Json, 200000L, 0L), (r.Format, r.RowsLoaded, r.RowsQuarantined));
        Assert.Equal([ColumnType.Integer, ColumnType.Integer, ColumnType.Real], r.Columns.Select(c => c.Type));
        // Golden values from pandas read_json: delay.sum() = 1500159, time.sum() = 2755170.17.
        Assert.Equal(1500159L, await CountAsync("SELECT SUM(delay) FROM flights_200k"));
        Assert.Equal(2755170.17, Convert.ToDouble(await ScalarAsync("SELECT SUM(time) FROM flights_200k"), CultureInfo.InvariantCulture), 2);
    }

    [Fact]
    public async Task Seattle_weather_has_1461_dated_rows()
    {
        var r = await IngestAsync("vega-datasets/seattle-weather.csv");
        Assert.Equal((1461L, 0L), (r.RowsLoaded, r.RowsQuarantined));
        Assert.Equal(ColumnType.Date, TypeOf(r, "date"));
        // Golden values from pandas: precipitation.sum() = 4426.0; dates 2012-01-01 .. 2015-12-31.
        Assert.Equal(4426.0, Convert.ToDouble(await ScalarAsync("SELECT SUM(precipitation) FROM seattle_weather"), CultureInfo.InvariantCulture), 6);
        Assert.Equal("2015-12-31", await ScalarAsync("SELECT MAX(date) FROM seattle_weather"));
    }
}
