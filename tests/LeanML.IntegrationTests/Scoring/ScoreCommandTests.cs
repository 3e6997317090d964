using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.IntegrationTests.Ingestion;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Scoring;

/// <summary><c>leanml score</c> run as a child process on a real workspace, files and warehouse tables.</summary>
public sealed class ScoreCommandTests
{
    private static string TelcoCsv => Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv");

    [Fact]
    public async Task Csv_file_to_csv_file_equals_libxgboost_on_every_row()
    {
        using var ws = ServingWorkspace.Create();
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var output = Path.Combine(ws.Root, "out", "scores.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);   // score and explain write into an existing folder, as export does
        var result = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", TelcoCsv, "--output", output, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(7043, json.GetProperty("rows").GetInt64());
        Assert.Equal(run, json.GetProperty("run_id").GetString());
        Assert.Contains("ignored 1 column that the model does not use: Churn", result.Stderr, StringComparison.Ordinal);

        await AssertTelcoScoresAsync(output, run);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, ".*tmp*"));
        await using var warehouse = await StateStore.OpenAsync(ws.Workspace);
        await using var cmd = warehouse.Command($"SELECT project, run_id, row_count FROM {warehouse.Engine.Meta("score_runs")}");
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(("churn", run, 7043L), (r.GetString(0), r.GetString(1), r.GetInt64(2)));
    }

    [Fact]
    public async Task Table_to_table_in_the_warehouse_with_an_explicit_run()
    {
        using var ws = ServingWorkspace.Create();
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema(), promote: false);
        var rows = ServingWorkspace.TelcoRows();
        var numeric = new HashSet<string>(["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"]);
        await using (var warehouse = await Warehouse.OpenAsync(ws.Workspace))
        {
            var header = rows[0];
            await using var create = warehouse.Command($"CREATE TABLE customers ({string.Join(", ", header.Select(h => $"{SqlNames.Quote(h)} {(numeric.Contains(h) ? "DOUBLE" : "VARCHAR")}"))})");
            await create.ExecuteNonQueryAsync();
            await using var tx = await warehouse.Connection.BeginTransactionAsync();
            await using (var insert = warehouse.Engine.StartRowWriter(warehouse, tx, "customers", header.Length))
            {
                foreach (var row in rows.Skip(1))
                {
                    // Real typed values as a warehouse holds them: numbers as DOUBLE, blanks as NULL.
                    await insert.WriteAsync([.. header.Select((h, i) => numeric.Contains(h)
                        ? (string.IsNullOrWhiteSpace(row[i]) ? null : (object)double.Parse(row[i], CultureInfo.InvariantCulture))
                        : row[i])], CancellationToken.None);
                }

                await insert.CompleteAsync(CancellationToken.None);
            }

            await tx.CommitAsync();
        }

        var noProduction = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", "customers", "--output", "churn_scores");
        Assert.Equal(3, noProduction.ExitCode);
        Assert.Contains("no production model", noProduction.Stderr, StringComparison.Ordinal);
        Assert.Contains("leanml promote", noProduction.Stderr, StringComparison.Ordinal);

        var result = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", "customers", "--output", "churn_scores", "--run", run);
        Assert.True(result.ExitCode == 0, result.ToString());
        var expected = ServingWorkspace.TelcoExpected();
        var ids = rows.Skip(1).Select(r => r[0]).ToList();
        await using var check = await Warehouse.OpenAsync(ws.Workspace);
        await using var select = check.Command("SELECT \"customerID\", score, run_id FROM churn_scores");
        await using var reader = await select.ExecuteReaderAsync();
        var n = 0;
        while (await reader.ReadAsync())
        {
            var i = ids.IndexOf(reader.GetString(0));
            Assert.Equal(ServingWorkspace.F(expected[i]), ServingWorkspace.F((float)reader.GetDouble(1)));
            Assert.Equal(run, reader.GetString(2));
            n++;
        }

        Assert.Equal(7043, n);
    }

    [Fact]
    public async Task Missing_feature_columns_are_listed_and_nothing_is_written()
    {
        using var ws = ServingWorkspace.Create();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var input = Path.Combine(ws.Root, "partial.csv");
        await File.WriteAllLinesAsync(input, ["customerID,gender,tenure", "a,Female,3"]);
        var output = Path.Combine(ws.Root, "scores.csv");
        var result = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", input, "--output", output);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("lacks 17 feature columns", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("SeniorCitizen, Partner", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_bad_row_late_in_the_input_leaves_the_previous_outputs_untouched()
    {
        using var ws = ServingWorkspace.Create();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var lines = (await File.ReadAllLinesAsync(TelcoCsv)).ToList();
        var tenure = Array.IndexOf(lines[0].Split(','), "tenure");
        var last = lines[^1].Split(',');
        last[tenure] = "many";
        lines[^1] = string.Join(",", last);
        var input = Path.Combine(ws.Root, "bad.csv");
        await File.WriteAllLinesAsync(input, lines);

        var file = Path.Combine(ws.Root, "scores.csv");
        await File.WriteAllTextAsync(file, "previous\n");
        var result = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", input, "--output", file, "--strict");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"bad.csv:{lines.Count}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'tenure'", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("previous\n", await File.ReadAllTextAsync(file));
        Assert.Single(Directory.GetFiles(ws.Root, "*scores*"));

        await using (var warehouse = await Warehouse.OpenAsync(ws.Workspace))
        {
            await using var create = warehouse.Command("CREATE TABLE churn_scores (x TEXT); INSERT INTO churn_scores VALUES ('previous')");
            await create.ExecuteNonQueryAsync();
        }

        result = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", input, "--output", "churn_scores", "--strict", "--replace");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("'tenure'", result.Stderr, StringComparison.Ordinal);
        await using var check = await Warehouse.OpenAsync(ws.Workspace);
        await using var select = check.Command("SELECT x FROM churn_scores");
        Assert.Equal("previous", await select.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_missing_value_in_a_feature_training_never_saw_missing_is_scored_as_missing_and_counted()
    {
        using var ws = ServingWorkspace.Create();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var lines = (await File.ReadAllLinesAsync(TelcoCsv)).Take(4).ToList();
        var gender = Array.IndexOf(lines[0].Split(','), "gender");
        var first = lines[1].Split(',');
        first[gender] = "";   // never missing in training
        lines[1] = string.Join(",", first);
        var input = Path.Combine(ws.Root, "blank.csv");
        await File.WriteAllLinesAsync(input, lines);
        var output = Path.Combine(ws.Root, "scores.csv");

        var result = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", input, "--output", output, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, result.Json().GetProperty("rows").GetInt64());
        Assert.Equal(1, result.Json().GetProperty("missing_features").GetInt64());

        // libxgboost's prediction for pandas' row 0 with gender missing (XGBoost's default direction).
        var (names, rows) = XGBoostFixtures.Features("telco");
        var features = (float[])rows[0].Clone();
        features[Array.IndexOf(names, "gender")] = float.NaN;
        var expected = new float[1];
        LeanML.Scoring.XGBoostModel.Load(await File.ReadAllBytesAsync(XGBoostFixtures.ModelPath("telco"))).Predict(features, expected);
        var scored = (await File.ReadAllLinesAsync(output))[1].Split(',');
        Assert.Equal(ServingWorkspace.F(expected[0]), ServingWorkspace.F(float.Parse(scored[2], System.Globalization.CultureInfo.InvariantCulture)));   // after id and prediction_id
    }

    private static readonly HashSet<string> TelcoNumeric = ["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"];

    [Fact]
    public async Task Xlsx_file_input_gives_the_same_scores_as_the_csv()
    {
        using var ws = ServingWorkspace.Create();
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var rows = ServingWorkspace.TelcoRows();

        // A real workbook: numeric columns as number cells (blank TotalCharges stays the text " " it is in the CSV), the rest strings.
        var input = Path.Combine(ws.Root, "customers.xlsx");
        XlsxFixture.Write(input, "customers", rows[0], [.. rows.Skip(1).Select(r => r.Select((v, i) => TelcoNumeric.Contains(rows[0][i]) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? (object)x : v).ToArray())]);

        var output = Path.Combine(ws.Root, "out", "scores.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);   // score and explain write into an existing folder, as export does
        var result = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", input, "--output", output, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(7043, result.Json().GetProperty("rows").GetInt64());
        await AssertTelcoScoresAsync(output, run);

        // XLSX is an input format only: an .xlsx output is a usage error rather than CSV written under that name.
        var refused = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", input, "--output", Path.Combine(ws.Root, "scores.xlsx"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("scores are written as .csv, .tsv, .jsonl, .parquet files", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(ws.Root, "scores.xlsx")));
    }

    [Fact]
    public async Task Json_array_input_gives_the_same_scores_as_the_csv()
    {
        using var ws = ServingWorkspace.Create();
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var rows = ServingWorkspace.TelcoRows();
        var input = Path.Combine(ws.Root, "customers.json");
        await using (var stream = File.Create(input))
        await using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in rows.Skip(1))
            {
                json.WriteStartObject();
                for (var i = 0; i < row.Length; i++)
                {
                    if (TelcoNumeric.Contains(rows[0][i]) && double.TryParse(row[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
                    {
                        json.WriteNumber(rows[0][i], x);
                    }
                    else
                    {
                        json.WriteString(rows[0][i], row[i]);
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        var output = Path.Combine(ws.Root, "out", "scores.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);   // score and explain write into an existing folder, as export does
        var result = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", input, "--output", output, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(7043, result.Json().GetProperty("rows").GetInt64());
        await AssertTelcoScoresAsync(output, run);
    }

    [Fact]
    public async Task Csv_input_is_read_by_the_ingest_reader_quotes_semicolons_and_an_unclosed_quote_naming_its_line()
    {
        using var ws = ServingWorkspace.Create();
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var rows = ServingWorkspace.TelcoRows().Take(51).ToArray();

        // Every field quoted, ';' as delimiter (detected as `leanml ingest` detects it), CRLF line ends.
        string Quoted(string v) => "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var input = Path.Combine(ws.Root, "semicolons.csv");
        await File.WriteAllTextAsync(input, string.Concat(rows.Select(r => string.Join(";", r.Select(Quoted)) + "\r\n")));
        var output = Path.Combine(ws.Root, "scores.csv");
        var result = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", input, "--output", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal(51, lines.Length);
        var expected = ServingWorkspace.TelcoExpected();
        for (var i = 0; i < 50; i++)
        {
            var cells = lines[i + 1].Split(',');
            Assert.Equal(rows[i + 1][0], cells[0]);
            Assert.Equal(26, cells[1].Length);   // the prediction_id, a ULID
            Assert.Equal(ServingWorkspace.F(expected[i]), ServingWorkspace.F(float.Parse(cells[2], CultureInfo.InvariantCulture)));
            Assert.Equal(run, cells[3]);
        }

        var broken = Path.Combine(ws.Root, "broken.csv");
        await File.WriteAllTextAsync(broken, string.Concat(rows.Take(5).Select(r => string.Join(",", r) + "\n")) + "\"open," + string.Join(",", rows[5].Skip(1)) + "\n");
        result = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", broken, "--output", Path.Combine(ws.Root, "broken-scores.csv"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("broken.csv:6", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("unterminated quoted field", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(ws.Root, "broken-scores.csv")));
    }

    [Fact]
    public async Task Killing_the_cli_mid_write_leaves_the_previous_output_file_byte_identical()
    {
        using var ws = ServingWorkspace.Create();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());

        // A large input (the Telco rows 60 times, ~420k rows) so the process is still writing when it is killed.
        var lines = await File.ReadAllLinesAsync(TelcoCsv);
        var input = Path.Combine(ws.Root, "large.csv");
        await File.WriteAllLinesAsync(input, [lines[0], .. Enumerable.Repeat(lines.Skip(1), 60).SelectMany(x => x)]);

        var outDir = Path.Combine(ws.Root, "out");
        Directory.CreateDirectory(outDir);
        var output = Path.Combine(outDir, "scores.csv");
        byte[] previous = [.. "customerID,score\nkept,0.5\n"u8, 0xE2, 0x82, 0xAC, (byte)'\n'];
        await File.WriteAllBytesAsync(output, previous);

        using var process = Process.Start(Infrastructure.Cli.StartInfo(ws.Root, "score", "churn", "--input", input, "--output", output))!;
        var clock = Stopwatch.StartNew();
        string[] temps = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
        {
            temps = Directory.GetFiles(outDir, ".scores.csv.tmp*");
            if (temps.Length > 0 && new FileInfo(temps[0]).Length > 0)
            {
                break;
            }

            await Task.Delay(1);
        }

        Assert.False(process.HasExited, "the CLI finished before it could be killed mid-write; the input is not large enough");
        Assert.NotEmpty(temps);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();

        Assert.Equal(previous, await File.ReadAllBytesAsync(output));
        Assert.Equal([output], Directory.GetFiles(outDir, "scores*"));

        // A SIGKILL leaves the killed process's half-written sibling behind; the next score of that output removes it.
        Assert.Equal(temps, Directory.GetFiles(outDir, ".scores.csv.tmp*"));
        var small = Path.Combine(ws.Root, "small.csv");
        await File.WriteAllLinesAsync(small, lines.Take(11));
        var rerun = await Infrastructure.Cli.RunAsync(ws.Root, "score", "churn", "--input", small, "--output", output);
        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal([output], Directory.GetFiles(outDir));
        Assert.Equal(11, (await File.ReadAllLinesAsync(output)).Length);
    }

    [Fact]
    public async Task Killing_the_cli_mid_write_leaves_the_previous_output_table_untouched()
    {
        using var ws = ServingWorkspace.Create();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var lines = await File.ReadAllLinesAsync(TelcoCsv);
        var input = Path.Combine(ws.Root, "large.csv");
        await File.WriteAllLinesAsync(input, [lines[0], .. Enumerable.Repeat(lines.Skip(1), 60).SelectMany(x => x)]);
        await using (var warehouse = await Warehouse.OpenAsync(ws.Workspace))
        {
            await using var create = warehouse.Command("CREATE TABLE churn_scores (x TEXT); INSERT INTO churn_scores VALUES ('previous')");
            await create.ExecuteNonQueryAsync();
        }

        // Killed at two moments (100,000 and 300,000 rows scored): those rows sit in the open transaction, beside the
        // dropped old table; each time the previous table is there, whole.
        foreach (var moment in new[] { "scored 100,000 rows", "scored 300,000 rows" })
        {
            using var process = Process.Start(Infrastructure.Cli.StartInfo(ws.Root, "score", "churn", "--input", input, "--output", "churn_scores", "--replace"))!;
            var reported = false;
            while (await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
            {
                if (line.Contains(moment, StringComparison.Ordinal))
                {
                    reported = true;
                    break;
                }
            }

            Assert.True(reported, $"the CLI ended without reporting '{moment}'");
            Assert.False(process.HasExited, "the CLI finished before it could be killed mid-write; the input is not large enough");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();

            await using var check = await Warehouse.OpenAsync(ws.Workspace);
            await using var select = check.Command("SELECT x FROM churn_scores");
            await using var reader = await select.ExecuteReaderAsync();
            Assert.Equal(["x"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
            Assert.True(await reader.ReadAsync());
            Assert.Equal("previous", reader.GetString(0));
            Assert.False(await reader.ReadAsync());
        }
    }

    private static async Task AssertTelcoScoresAsync(string output, string run)
    {
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal("customerID,prediction_id,score,run_id,scored_at", lines[0]);
        Assert.Equal(7043, lines.Skip(1).Select(l => l.Split(',')[1]).Distinct().Count());   // one prediction id per row
        var expected = ServingWorkspace.TelcoExpected();
        var ids = ServingWorkspace.TelcoRows().Skip(1).Select(r => r[0]).ToArray();
        Assert.Equal(7044, lines.Length);
        for (var i = 0; i < 7043; i++)
        {
            var cells = lines[i + 1].Split(',');
            Assert.Equal(ids[i], cells[0]);
            Assert.Equal(26, cells[1].Length);   // the prediction_id, a ULID
            Assert.Equal(ServingWorkspace.F(expected[i]), ServingWorkspace.F(float.Parse(cells[2], CultureInfo.InvariantCulture)));
            Assert.Equal(run, cells[3]);
        }
    }
}
