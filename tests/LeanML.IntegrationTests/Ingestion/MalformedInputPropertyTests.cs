using System.Globalization;
using System.Text;
using LeanML.Ingestion;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.IntegrationTests.Ingestion;

/// <summary>
/// Random malformed CSV and JSON Lines (seeded, so a failure reproduces): nothing crashes, every record is counted once,
/// and data lines read = rows loaded + rows quarantined, with the table and the quarantine file agreeing.
/// </summary>
public sealed class MalformedInputPropertyTests : IAsyncLifetime
{
    private const string Alphabet = "abcXYZ019 ,;\"'\t|$€.-:/\\{}[]é✓";
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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task Random_malformed_csv_conserves_every_record(int seed)
    {
        var random = new Random(seed);
        var columns = random.Next(1, 6);
        var records = random.Next(1, 80);
        var sb = new StringBuilder(string.Join(",", Enumerable.Range(0, columns).Select(i => $"col{i}"))).Append('\n');
        for (var r = 0; r < records; r++)
        {
            // Mostly the right field count, sometimes too few or too many; fields quoted when they need it.
            var count = random.NextDouble() < 0.7 ? columns : random.Next(1, columns + 3);
            var fields = Enumerable.Range(0, count).Select(_ => Field(random)).ToList();
            if (count == 1 && string.IsNullOrWhiteSpace(fields[0]))
            {
                fields[0] = "\"" + fields[0] + "\""; // unquoted, a blank single field is a blank line, which is not a record
            }

            sb.Append(string.Join(",", fields)).Append(random.NextDouble() < 0.5 ? "\n" : "\r\n");
        }

        if (random.NextDouble() < 0.3)
        {
            sb.Append("\"unterminated,").Append(Field(random));
            records++;
        }

        await CheckAsync($"random_{seed}.csv", sb.ToString(), records);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    public async Task Random_malformed_json_lines_conserve_every_record(int seed)
    {
        var random = new Random(seed);
        var records = random.Next(1, 60);
        var sb = new StringBuilder();
        for (var r = 0; r < records; r++)
        {
            var line = random.Next(6) switch
            {
                0 => "{\"a\": " + random.Next(100) + ", \"b\": ",          // truncated
                1 => "[" + random.Next(10) + "]",                           // not an object
                2 => "{\"a\": \"" + Text(random) .Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal) + "\", \"n\": {\"x\": " + random.NextDouble().ToString(CultureInfo.InvariantCulture) + "}}",
                3 => "not json " + Text(random).Replace("\n", "", StringComparison.Ordinal),
                _ => "{\"a\": " + random.Next(-5, 5) + ", \"tags\": [1, 2], \"ok\": " + (random.Next(2) == 0 ? "true" : "false") + "}",
            };
            if (string.IsNullOrWhiteSpace(line))
            {
                line = "{}";
            }

            sb.Append(line).Append('\n');
        }

        await CheckAsync($"random_{seed}.jsonl", sb.ToString(), records);
    }

    private async Task CheckAsync(string name, string text, long records)
    {
        var path = Path.Combine(_ws.DataDir, name);
        await File.WriteAllTextAsync(path, text);
        IngestResult r;
        try
        {
            r = await IngestService.IngestFileAsync(_w, _ws, path, new IngestRequest([path]));
        }
        catch (LeanMLInputException ex) when (ex.Message.Contains("no row could be loaded", StringComparison.Ordinal))
        {
            // Every record failed: an error, no table, and every record in quarantine.
            var failed = (await new IngestLogStore(_w).ListAsync(IngestService.DefaultTable(path))).Single();
            Assert.Equal(records, failed.RowsRead);
            Assert.Equal(records, failed.RowsQuarantined);
            Assert.Equal(records, QuarantineReader.Read(_ws, failed.LoadId).Count);
            Assert.DoesNotContain(failed.Table, await WarehouseCatalog.TableNamesAsync(_w));
            return;
        }

        Assert.Equal(records, r.RowsRead);
        Assert.Equal(r.RowsRead, r.RowsLoaded + r.RowsQuarantined);
        await using var cmd = _w.Command($"SELECT COUNT(*) FROM {SqlNames.Quote(r.Table)}");
        Assert.Equal(r.RowsLoaded, Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        Assert.Equal(r.RowsQuarantined, QuarantineReader.Read(_ws, r.LoadId).Count);
    }

    private static string Text(Random random) => new(Enumerable.Range(0, random.Next(0, 12)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());

    private static string Field(Random random)
    {
        var text = Text(random);
        if (random.NextDouble() < 0.15)
        {
            text += "\n" + Text(random);
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (text.Length > 0 && text[0] == '"')
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
    }
}
