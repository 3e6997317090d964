using System.Text.Json;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.IntegrationTests.Scoring;

namespace LeanML.IntegrationTests.Ingestion;

/// <summary>
/// <c>leanml sql</c> prints each value as the warehouse itself does: the reference is the engine's own
/// <c>CAST(x AS VARCHAR)</c> of the same value, in the same query, checked in the table, CSV and JSON outputs.
/// In JSON a value is a number only when it reads back exactly (an integer of 64 bits, a decimal a double holds),
/// else the text of every digit.
/// </summary>
public abstract class SqlPrintingTests : IAsyncLifetime
{
    /// <summary>A workspace on this class's warehouse engine.</summary>
    protected abstract ServingWorkspace NewWorkspace();

    /// <summary>Each expression and whether JSON has it as a number (else a string).</summary>
    protected abstract (string Sql, bool Number)[] Values { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Values_print_as_the_engine_casts_them_to_text_in_the_table_csv_and_json()
    {
        using var ws = NewWorkspace();
        CliResult Run(params string[] args) => Infrastructure.Cli.Run(ws.Root, args);
        foreach (var (sql, number) in Values)
        {
            var query = $"SELECT {sql} AS v, CAST({sql} AS VARCHAR) AS t";
            var json = Run("sql", query, "--json");
            Assert.True(json.ExitCode == 0, json.ToString());
            var row = json.Json().GetProperty("rows")[0];
            var expected = row[1].GetString()!;
            Assert.True(row[0].ValueKind == (number ? JsonValueKind.Number : JsonValueKind.String), $"{sql}: {row[0].GetRawText()}");
            Assert.Equal(expected, number ? row[0].GetRawText() : row[0].GetString());

            var csv = Run("sql", query, "--csv");
            Assert.True(csv.ExitCode == 0, csv.ToString());
            var line = csv.Stdout.Split('\n')[1];
            var quoted = expected.Contains(',', StringComparison.Ordinal) || expected.Contains('"', StringComparison.Ordinal) ? "\"" + expected.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : expected;
            Assert.Equal($"{quoted},{quoted}", line);

            var table = Run("sql", $"SELECT {sql} AS v");
            Assert.True(table.ExitCode == 0, table.ToString());
            Assert.Contains(expected, table.Stdout, StringComparison.Ordinal);
        }
    }
}

public sealed class DuckDbSqlPrintingTests : SqlPrintingTests
{
    protected override ServingWorkspace NewWorkspace() => ServingWorkspace.Create();

    protected override (string Sql, bool Number)[] Values =>
    [
        ("blob 'abc'", false),
        (@"'\xAA\x00a\x5Cb\x27c\x22'::BLOB", false),
        ("INTERVAL 1 DAY", false),
        ("INTERVAL 2 HOUR", false),
        ("INTERVAL '1 year 2 months'", false),
        ("INTERVAL '1 year 2 months 3 days 04:05:06.789'", false),
        ("INTERVAL '-14 months -1 day'", false),
        ("-INTERVAL '36 hours 0.5 seconds'", false),
        ("INTERVAL 0 SECOND", false),
        ("12345678901234567890::HUGEINT", false),
        ("(-170141183460469231731687303715884105727::HUGEINT - 1)", false),
        ("340282366920938463463374607431768211455::UHUGEINT", false),
        ("18446744073709551615::UBIGINT", false),
        ("42::HUGEINT", true),
        ("1.5::DECIMAL(10,3)", true),
        ("-0.25::DECIMAL(18,4)", true),
        ("0.1234567890123456789::DECIMAL(38,19)", false),
        ("1234567890123456789.123::DECIMAL(38,3)", false),
        ("-12345678901234567890123456789012345.678::DECIMAL(38,3)", false),
        ("-0.05::DECIMAL(38,3)", true),
        (@"[blob 'a\xAA']", false),
    ];
}

public sealed class PostgresSqlPrintingTests : SqlPrintingTests
{
    private readonly PostgresProvider _pg = new();
    private readonly string _variable = "LEANML_TEST_SQLPRINT_PG_" + Guid.NewGuid().ToString("N")[..8];

    public override async Task InitializeAsync() => Environment.SetEnvironmentVariable(_variable, await _pg.CreateDatabaseAsync());

    protected override ServingWorkspace NewWorkspace() => ServingWorkspace.CreatePostgres(_variable);

    public override async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _pg.DisposeAsync();
    }

    protected override (string Sql, bool Number)[] Values =>
    [
        (@"'\x616263ff'::bytea", false),
        ("INTERVAL '1 day'", false),
        ("INTERVAL '2 hours'", false),
        ("INTERVAL '1 year 2 months'", false),
        ("INTERVAL '1 year 2 months 3 days 04:05:06.789'", false),
        ("INTERVAL '-1 day 2 hours'", false),
        ("INTERVAL '-14 months'", false),
        ("INTERVAL '0'", false),
        ("1.500::numeric(10,3)", true),
        ("12345678901234567890::numeric", false),
        ("0.1234567890123456789::numeric", false),
    ];
}
