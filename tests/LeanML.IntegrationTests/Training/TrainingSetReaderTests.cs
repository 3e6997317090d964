using System.Globalization;
using LeanML.Features;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Training;

namespace LeanML.IntegrationTests.Training;

/// <summary>The training set read from SQL, on SQLite and PostgreSQL alike.</summary>
public abstract class TrainingSetReaderTests<TProvider> : WarehouseTestBase<TProvider>
    where TProvider : IWarehouseProvider, new()
{
    private const string Brief = """
        task: binary
        dataset:
          sql: SELECT * FROM customers
          id: id
          label: churned
          exclude: [region]
        baseline:
          sql: CASE WHEN plan = 'basic' THEN 0.7 ELSE 0.2 END
        metric: auc
        done_when: auc >= 0.7
        """;

    private static async Task ExecAsync(Database w, string sql, params object?[] values)
    {
        await using var cmd = w.Command(sql);
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Bind("@p" + i, values[i]);
        }

        await cmd.ExecuteNonQueryAsync();
    }

    // The binary column type of the engine under test.
    private static string BlobType(Database w) => w.Engine.Name == "duckdb" ? "BLOB" : "bytea";

    // 60 customers inserted in reverse id order; churned is NULL for two of them.
    private static async Task<Database> CustomersAsync(Func<Task<Database>> open)
    {
        var w = await open();
        await ExecAsync(w, "CREATE TABLE customers (id TEXT, email TEXT, plan TEXT, amount DOUBLE PRECISION, signup TEXT, seen_at TEXT, region TEXT, churned INTEGER)");
        for (var i = 59; i >= 0; i--)
        {
            await ExecAsync(w, "INSERT INTO customers VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)",
                $"c{i:000}", $"user{i}@example.com", i % 7 == 0 ? null : i % 2 == 0 ? "basic" : "pro", i % 5 == 0 ? null : i * 1.5,
                new DateTime(2024, 1, 5).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                new DateTime(2024, 1, 5, 12, 0, 0).AddDays(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                i % 3 == 0 ? "north" : "south", i is 10 or 20 ? null : i % 2 == 0 ? 1 : 0);
        }

        return w;
    }

    private static ProjectBrief Parse(string text) => ProjectBrief.Parse("p", "projects/p/project.yaml", text);

    [Fact]
    public async Task Columns_become_numbers_dates_timestamps_and_categories_in_id_order()
    {
        await using var w = await CustomersAsync(OpenFreshAsync);
        var set = await TrainingSetReader.ReadAsync(w, Parse(Brief));

        Assert.Equal(58, set.Rows);
        Assert.Equal(2, set.DroppedMissingLabel);
        Assert.Equal(["plan", "amount", "signup", "seen_at"], set.Features.Select(f => f.Name));
        Assert.Contains(set.Warnings, m => m.Contains("'email'", StringComparison.Ordinal) && m.Contains("identifier", StringComparison.Ordinal));

        var plan = set.Features[0];
        Assert.Equal(FeatureKind.Category, plan.Kind);
        Assert.Equal(["basic", "pro"], plan.Categories);
        Assert.True(plan.AllowsMissing);
        Assert.Equal(FeatureKind.Number, set.Features[1].Kind);
        Assert.Equal(FeatureKind.Date, set.Features[2].Kind);
        Assert.Equal(FeatureKind.Timestamp, set.Features[3].Kind);

        // Row 0 is c000 (id order, although inserted last): plan NULL (0 % 7), amount NULL, signup 2024-01-05 = day 19727
        // and seen_at 2024-01-05T12:00Z = day 19727.5 (python: (date(2024,1,5) - date(1970,1,1)).days).
        Assert.True(float.IsNaN(set.Columns[0][0]));
        Assert.True(float.IsNaN(set.Columns[1][0]));
        Assert.Equal(19727f, set.Columns[2][0]);
        Assert.Equal(19727.5f, set.Columns[3][0]);
        // Row 1 is c001: pro (code 1), amount 1.5, label 0; the rule gives 0.2.
        Assert.Equal(1f, set.Columns[0][1]);
        Assert.Equal(1.5f, set.Columns[1][1]);
        Assert.Equal(0f, set.Labels[1]);
        Assert.Equal(0.2, set.Baseline[1], 6);
        Assert.Equal(["0", "1"], set.Classes);
        Assert.Equal(64, set.Fingerprint.Length);
    }

    [Fact]
    public async Task Lineage_columns_of_an_ingested_table_are_never_features()
    {
        await using var w = await CustomersAsync(OpenFreshAsync);
        await ExecAsync(w, "ALTER TABLE customers ADD COLUMN _load_id TEXT");
        await ExecAsync(w, "ALTER TABLE customers ADD COLUMN _source_line INTEGER");
        await ExecAsync(w, "UPDATE customers SET _load_id = 'L1', _source_line = CAST(SUBSTR(id, 2) AS INTEGER) + 2");
        var set = await TrainingSetReader.ReadAsync(w, Parse(Brief));
        Assert.Equal(["plan", "amount", "signup", "seen_at"], set.Features.Select(f => f.Name));
    }

    [Fact]
    public async Task An_excluded_column_is_checked_by_name_but_never_read()
    {
        await using var w = await CustomersAsync(OpenFreshAsync);
        await ExecAsync(w, $"ALTER TABLE customers ADD COLUMN photo {BlobType(w)}");
        await ExecAsync(w, "UPDATE customers SET photo = @p0", [new byte[] { 1, 2, 3 }]);

        // Excluded, the binary column is never read; as a feature it is refused with the way out.
        var set = await TrainingSetReader.ReadAsync(w, Parse(Brief.Replace("exclude: [region]", "exclude: [region, photo]", StringComparison.Ordinal)));
        Assert.Equal(["plan", "amount", "signup", "seen_at"], set.Features.Select(f => f.Name));
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => TrainingSetReader.ReadAsync(w, Parse(Brief)));
        Assert.Contains("'photo' holds binary data", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binary_column_deep_in_a_large_result_is_refused()
    {
        // 40,000 rows whose BLOBs start at row 30,000: the refusal names the column wherever in the result it shows up.
        await using var w = await OpenFreshAsync();
        var blob = w.Engine.Name == "duckdb" ? "'\\x01\\x02\\x03'::BLOB" : "decode('010203', 'hex')";
        await ExecAsync(w, $"CREATE TABLE big (id INTEGER, amount {w.Engine.Real}, photo {BlobType(w)}, churned INTEGER)");
        await ExecAsync(w, $"""
            INSERT INTO big
            SELECT i, i * 0.5, CASE WHEN i >= 30000 THEN {blob} END, i % 2 FROM generate_series(1, 40000) AS n(i)
            """);

        var brief = Parse(Brief.Replace("FROM customers", "FROM big", StringComparison.Ordinal).Replace("  exclude: [region]\n", "", StringComparison.Ordinal).Replace("plan = 'basic'", "amount > 10", StringComparison.Ordinal));
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => TrainingSetReader.ReadAsync(w, brief));
        Assert.Contains("'photo' holds binary data", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_time_split_trains_on_the_past_and_tests_on_the_future()
    {
        await using var w = await CustomersAsync(OpenFreshAsync);
        var brief = Parse(Brief.Replace("  exclude: [region]", "  exclude: [region]\n  time: signup", StringComparison.Ordinal));
        var set = await TrainingSetReader.ReadAsync(w, brief);
        Assert.DoesNotContain(set.Features, f => f.Name == "signup");
        var split = DataSplit.Create(set, "binary", 0);
        Assert.Equal("time", split.Method);
        Assert.Equal(58, split.Train.Length + split.Valid.Length + split.Test.Length);
        Assert.Equal(37, split.Train.Length); // round(58 * 0.64)
        Assert.True(split.Train.Max(r => set.Time![r]) <= split.Valid.Min(r => set.Time![r]));
        Assert.True(split.Valid.Max(r => set.Time![r]) <= split.Test.Min(r => set.Time![r]));
        Assert.Contains("train 37 rows (2024-01-05 to 2024-02-12)", split.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_split_by_id_hash_depends_only_on_the_ids_and_the_split_seed()
    {
        await using var w = await CustomersAsync(OpenFreshAsync);
        var set = await TrainingSetReader.ReadAsync(w, Parse(Brief));
        var a = DataSplit.Create(set, "binary", 0);
        var b = DataSplit.Create(set, "binary", 0);
        var c = DataSplit.Create(set, "binary", 1);
        Assert.Equal(DataSplit.IdHashMethod, a.Method);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Test, c.Test);
        // The split of a row is the hash of its id as read from the warehouse (its text, whole numbers in decimal).
        Assert.All(a.Test, r => Assert.True(SplitHash.Unit(set.IdHashes![r], 0) >= DataSplit.TrainShare + DataSplit.ValidShare));
        Assert.All(a.Train, r => Assert.True(SplitHash.Unit(set.IdHashes![r], 0) < DataSplit.TrainShare));
    }

    [Theory]
    [InlineData("SELECT * FROM customers WHERE id = 'none'", "churned", "binary", "no rows")]
    [InlineData("SELECT id, plan, 1 AS churned FROM customers", "churned", "binary", "only one class")]
    [InlineData("SELECT id, amount, plan AS churned FROM customers", "churned", "regression", "regression needs numbers")]
    [InlineData("SELECT id, amount, region || plan AS churned FROM customers WHERE plan IS NOT NULL", "churned", "binary", "task: binary needs two")]
    [InlineData("SELECT id, amount, churned FROM customers", "churn", "binary", "Did you mean 'churned'?")]
    [InlineData("SELECT id, amount, churned FROM no_such_table", "churned", "binary", "'dataset.sql' failed")]
    public async Task Bad_data_is_an_input_error_with_the_reason(string sql, string label, string task, string expected)
    {
        await using var w = await CustomersAsync(OpenFreshAsync);
        var metric = task == "regression" ? "rmse" : "auc";
        var brief = Parse($"""
            task: {task}
            dataset:
              sql: {sql}
              id: id
              label: {label}
            baseline:
              sql: 0.5
            metric: {metric}
            done_when: {metric} > 0
            """);
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => TrainingSetReader.ReadAsync(w, brief));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static ProjectBrief BinaryBrief(string sql, string id = "id", string label = "churned", string extra = "") => Parse($"""
        task: binary
        dataset:
          sql: {sql}
          id: {id}
          label: {label}
        {extra}
        baseline:
          sql: 0.5
        metric: auc
        done_when: auc > 0
        """);

    [Theory]
    [InlineData("SELECT id, plan, plan, churned FROM customers", "dataset.sql returns the column name 'plan' twice")]
    [InlineData("SELECT c.id, c.plan, d.plan, c.churned FROM customers c JOIN customers d ON d.id = c.id", "dataset.sql returns the column name 'plan' twice")]
    [InlineData("SELECT id, plan, amount AS \"PLAN\", churned FROM customers", "the columns 'plan' and 'PLAN', the same name but for case")]
    public async Task A_column_named_twice_is_an_input_error(string sql, string expected)
    {
        // DuckDB renames the second 'plan' of the wrapping subquery to 'plan_1': the model then wanted a column no
        // input to score could have.
        await using var w = await CustomersAsync(OpenFreshAsync);
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => TrainingSetReader.ReadAsync(w, BinaryBrief(sql)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal("dataset.sql", ex.Field);
    }

    [Theory]
    [InlineData("SELECT * FROM customers UNION ALL SELECT * FROM customers WHERE id = 'c007'", "id", "'c007' is on more than one row")]
    [InlineData("SELECT CAST(SUBSTR(id, 2) AS BIGINT) + 100000000 AS num_id, plan, churned FROM customers UNION ALL SELECT 100000042, 'pro', 1", "num_id", "'100000042' is on more than one row")]
    public async Task A_repeated_id_is_an_input_error_naming_it(string sql, string id, string expected)
    {
        await using var w = await CustomersAsync(OpenFreshAsync);
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => TrainingSetReader.ReadAsync(w, BinaryBrief(sql, id)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal("dataset.id", ex.Field);
    }

    [Fact]
    public async Task Large_whole_number_ids_that_float32_cannot_tell_apart_are_distinct()
    {
        // 100000000 + i for i < 60: float32 holds numbers this size only to a multiple of 8.
        await using var w = await CustomersAsync(OpenFreshAsync);
        var set = await TrainingSetReader.ReadAsync(w, BinaryBrief("SELECT CAST(SUBSTR(id, 2) AS BIGINT) + 100000000 AS num_id, plan, churned FROM customers", "num_id"));
        Assert.Equal(58, set.Rows);
    }

    [Fact]
    public async Task A_text_label_needs_dataset_positive_which_picks_the_class_scored()
    {
        await using var w = await CustomersAsync(OpenFreshAsync);
        const string Sql = "SELECT id, plan, amount, CASE WHEN churned = 1 THEN 'gone' ELSE 'kept' END AS status FROM customers WHERE churned IS NOT NULL";
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => TrainingSetReader.ReadAsync(w, BinaryBrief(Sql, label: "status")));
        Assert.Equal("dataset.positive", ex.Field);
        Assert.Contains("'gone' and 'kept'", ex.Message, StringComparison.Ordinal);

        var gone = await TrainingSetReader.ReadAsync(w, BinaryBrief(Sql, label: "status", extra: "  positive: gone"));
        Assert.Equal(["kept", "gone"], gone.Classes);
        var kept = await TrainingSetReader.ReadAsync(w, BinaryBrief(Sql, label: "status", extra: "  positive: kept"));
        Assert.Equal(["gone", "kept"], kept.Classes);
        // The same rows in the same (id) order, each label flipped.
        Assert.Equal(gone.Labels.Select(l => 1 - l), kept.Labels);
        var plain = await TrainingSetReader.ReadAsync(w, BinaryBrief("SELECT id, plan, amount, churned FROM customers WHERE churned IS NOT NULL"));
        Assert.Equal(plain.Labels, gone.Labels);
    }

    [Fact]
    public async Task A_bad_baseline_expression_is_named_as_the_culprit()
    {
        await using var w = await CustomersAsync(OpenFreshAsync);
        var brief = Parse(Brief.Replace("CASE WHEN plan = 'basic' THEN 0.7 ELSE 0.2 END", "CASE WHEN no_such_column = 1 THEN 1 ELSE 0 END", StringComparison.Ordinal));
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => TrainingSetReader.ReadAsync(w, brief));
        Assert.Contains("'baseline.sql' failed", ex.Message, StringComparison.Ordinal);
        Assert.Equal("baseline.sql", ex.Field);
    }
}

public sealed class DuckDbTrainingSetReaderTests : TrainingSetReaderTests<DuckDbProvider>;

public sealed class PostgresTrainingSetReaderTests : TrainingSetReaderTests<PostgresProvider>;
