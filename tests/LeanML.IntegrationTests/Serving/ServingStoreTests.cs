using LeanML.Storage.Sqlite;
using System.Globalization;
using System.Text;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Serving;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Serving;

/// <summary>The serving stores (tokens, prediction log) on SQLite and PostgreSQL.</summary>
public abstract class ServingStoreTests<TProvider> : WarehouseTestBase<TProvider>
    where TProvider : IWarehouseProvider, new()
{
    protected override StoreKind Store => StoreKind.State;

    [Fact]
    public async Task Tokens_are_stored_hashed_verified_by_scope_and_revocable()
    {
        await using var w = await OpenFreshAsync();
        var store = new TokenStore(w);
        var (token, secret) = await store.CreateAsync(TokenScope.Predict, "crm");
        Assert.StartsWith(TokenStore.Prefix, secret, StringComparison.Ordinal);
        Assert.Equal(4 + 43, secret.Length);   // "lml_" + 32 bytes in unpadded base64url
        var listed = Assert.Single(await store.ListAsync());
        Assert.Equal(token.Id, listed.Id);
        Assert.Equal(TokenStore.Hash(secret), listed.Sha256);

        await using (var cmd = w.Command($"SELECT COUNT(*) FROM {w.Engine.Meta("tokens")} WHERE token_sha256 = @s OR name = @s"))
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@s";
            p.Value = secret;
            cmd.Parameters.Add(p);
            Assert.Equal(0L, Convert.ToInt64(await cmd.ExecuteScalarAsync()));   // the token itself is nowhere
        }

        var verifier = new TokenVerifier(await store.ActiveAsync());
        Assert.True(verifier.Enabled);
        Assert.Equal(TokenScope.Predict, verifier.Verify(secret));
        Assert.Null(verifier.Verify(secret + "x"));
        Assert.True(TokenVerifier.Allows(TokenScope.Admin, TokenScope.Events));
        Assert.False(TokenVerifier.Allows(TokenScope.Predict, TokenScope.Events));

        Assert.True(await store.RevokeAsync(token.Id));
        Assert.False(await store.RevokeAsync(token.Id));
        Assert.False(new TokenVerifier(await store.ActiveAsync()).Enabled);
    }

    [Fact]
    public async Task The_prediction_log_writes_every_queued_entry_on_complete()
    {
        var (log, cs) = await StartLogAsync(10_000);
        // 5,003: batches of 2,000 and a remainder, so a short last statement is exercised too.
        for (var i = 0; i < 5003; i++)
        {
            Assert.True(log.TryLog(new PredictionLogEntry(DateTimeOffset.UtcNow, "churn", "r1", Encoding.UTF8.GetBytes($"{{\"i\": {i}}}"), [0.25f], "P" + i, null)));
        }

        await log.CompleteAsync();
        Assert.Equal(5003, log.Logged);
        await using var w = await Database.OpenAsync(Provider.Engine, cs, Store);
        await using var cmd = w.Command($"SELECT COUNT(*), COUNT(DISTINCT inputs), MIN(output), MAX(output) FROM {w.Engine.Meta("prediction_log")}");
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(5003L, Convert.ToInt64(r.GetValue(0)));
        Assert.Equal(5003L, Convert.ToInt64(r.GetValue(1)));   // every entry its own inputs: no parameter reused stale
        Assert.Equal("[0.25]", r.GetString(2));
        Assert.Equal("[0.25]", r.GetString(3));
    }

    [Fact]
    public async Task The_prediction_log_stores_each_field_as_given()
    {
        // 70 entries, each field different in each: no entry may take a field of another (bindings reused per row).
        var (log, cs) = await StartLogAsync(100);
        var at = new DateTimeOffset(2026, 11, 30, 5, 6, 7, TimeSpan.FromHours(1)).AddTicks(1234567);
        string Inputs(int i) => $$"""{"city": "Zürich {{i}}", "tenure": 1.5}""";
        for (var i = 0; i < 70; i++)
        {
            Assert.True(log.TryLog(new PredictionLogEntry(at.AddTicks(i), "churn" + (i % 3), "01RUN" + i, Encoding.UTF8.GetBytes(Inputs(i)), [0.1f, 0.2f, i / 8f], "01PRED" + i, i % 2 == 0 ? "cust-" + i : null)));
        }

        await log.CompleteAsync();

        await using var w = await Database.OpenAsync(Provider.Engine, cs, Store);
        await using var cmd = w.Command($"SELECT logged_at, project, run_id, inputs, output, prediction_id, row_id FROM {w.Engine.Meta("prediction_log")} ORDER BY id");
        await using var r = await cmd.ExecuteReaderAsync();
        for (var i = 0; i < 70; i++)
        {
            Assert.True(await r.ReadAsync());
            Assert.Equal($"2026-11-30T04:06:07.{1234567 + i}Z", r.GetString(0));   // UTC, to the tick
            Assert.Equal("churn" + (i % 3), r.GetString(1));
            Assert.Equal("01RUN" + i, r.GetString(2));
            Assert.Equal(Inputs(i), r.GetString(3));                                 // the request's bytes, non-ASCII intact
            Assert.Equal($"[0.1,0.2,{(i / 8f).ToString("R", CultureInfo.InvariantCulture)}]", r.GetString(4));   // float32, shortest round-trip form
            Assert.Equal("01PRED" + i, r.GetString(5));                              // the id the caller was answered with
            Assert.Equal(i % 2 == 0 ? "cust-" + i : null, r.IsDBNull(6) ? null : r.GetString(6));   // the row's id, or none
        }

        Assert.False(await r.ReadAsync());
    }

    // A migrated warehouse and a started prediction log writing to it.
    private async Task<(PredictionLog Log, string ConnectionString)> StartLogAsync(int capacity)
    {
        var cs = await Provider.CreateDatabaseAsync();
        await using (await Database.OpenAsync(Provider.Engine, cs, Store))
        {
        }

        var log = new PredictionLog(ct => Database.OpenAsync(Provider.Engine, cs, Store, ct), capacity);
        log.Start();
        return (log, cs);
    }
}

public sealed class SqliteServingStoreTests : ServingStoreTests<SqliteProvider>;

public sealed class PostgresServingStoreTests : ServingStoreTests<PostgresProvider>;

/// <summary>The prediction log on SQLite: what only that provider has.</summary>
public sealed class SqlitePredictionLogTests
{
    [Fact]
    public async Task The_log_checkpoints_its_WAL_in_small_steps()
    {
        using var dir = new TempDir();
        var path = dir.Combine("state.db");
        var cs = SqliteEngine.ConnectionString(path);
        await using (await Database.OpenAsync(SqliteEngine.Instance, cs, StoreKind.State))
        {
        }

        var log = new PredictionLog(ct => Database.OpenAsync(SqliteEngine.Instance, cs, StoreKind.State, ct), 10_000);
        log.Start();
        // 2,000 entries of 1 KB (about 500 pages) in small batches, as a server logs them: at SQLite's default
        // checkpoint of 1,000 pages no checkpoint would run and the WAL would hold all of them.
        var inputs = Encoding.UTF8.GetBytes($"{{\"note\": \"{new string('x', 1000)}\"}}");
        long maxWal = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));   // a stuck writer fails, never hangs
        for (var i = 0; i < 2000; i++)
        {
            Assert.True(log.TryLog(new PredictionLogEntry(DateTimeOffset.UtcNow, "churn", "r1", inputs, [0.5f], "P" + i, null)));
            if (i % 50 == 49)
            {
                var logged = i + 1;
                while (log.Logged < logged)
                {
                    Assert.Equal(0, log.Failed);
                    await Task.Delay(1, timeout.Token);
                }

                maxWal = Math.Max(maxWal, new FileInfo(path + "-wal").Length);
            }
        }

        await log.CompleteAsync();
        Assert.Equal(2000, log.Logged);
        // The checkpoint's mark, plus the commits of about 17 frames (50 rows, 4 to a page, and the tree's upper
        // pages) that reach it before the WAL starts over; a page is written as a frame of 4,096 + 24 bytes.
        var bound = (SqlitePredictionInsert.CheckpointPages + 40) * (4096 + 24) + 32;
        Assert.InRange(maxWal, 1, bound);
    }
}
