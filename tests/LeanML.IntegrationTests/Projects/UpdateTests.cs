using LeanML.Experiments;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Projects;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Projects;

/// <summary>The update's lines and health on a history with known events, on SQLite (+ DuckDB) and PostgreSQL.</summary>
public abstract class UpdateTests<TProvider> : WarehouseTestBase<TProvider>
    where TProvider : IWarehouseProvider, new()
{
    protected override StoreKind Store => StoreKind.State;

    /// <summary>Opens the state store and the warehouse the ingest log lives in for this engine.</summary>
    protected abstract Task<(Database State, Database Warehouse)> OpenStoresAsync();

    [Fact]
    public async Task Each_health_rule_fires_once_with_its_reason_and_the_lines_link_their_events()
    {
        using var dir = new TempDir();
        var now = DateTimeOffset.UtcNow;
        var ws = BoardFixture.Write(dir, now);
        var (state, warehouse) = await OpenStoresAsync();
        await using (state)
        await using (warehouse)
        {
            await BoardFixture.RecordAsync(state, warehouse, now);
            var update = await new UpdateComposer(ws, state, warehouse, BoardFixture.SourcesWithSignals(now)).ComposeAsync(null, TimeSpan.FromDays(7));

            // By stage (intake, data, modeling, shipped, measuring), then name.
            Assert.Equal(["overdue", "tested", "duesoon", "healthy", "quiet", "alerted"], update.Projects.Select(p => p.Project));
            var health = update.Projects.ToDictionary(p => p.Project, p => (p.Health, p.HealthReason));
            Assert.Equal(("on track", "the bar is met; no rule broken"), health["healthy"]);
            Assert.Equal(("off track", "overdue by 3 days (due " + BoardFixture.Today(now).AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ")"), health["overdue"]);
            Assert.Equal("off track", health["tested"].Health);
            Assert.Contains("not_null on customers.customer_id failed", health["tested"].HealthReason, StringComparison.Ordinal);
            Assert.Equal(("off track", "alert: drift in logins_last_4w"), health["alerted"]);
            Assert.Equal("at risk", health["duesoon"].Health);
            Assert.StartsWith("due in 3 days", health["duesoon"].HealthReason, StringComparison.Ordinal);
            Assert.Equal("at risk", health["quiet"].Health);
            Assert.StartsWith("no event for 14 days", health["quiet"].HealthReason, StringComparison.Ordinal);

            var healthy = update.Projects.Single(p => p.Project == "healthy");
            Assert.Equal("Waiting on the October export.", healthy.HealthNote);
            Assert.Equal(30, healthy.DaysToDue);
            Assert.Equal(new BestRun("01JBOARD00000000000000000B", "auc", 0.84, "month-to-month", 0.71, 0.84 - 0.71, true, "auc >= 0.80"), healthy.Best);

            // Every line links its event; the load 9 days ago is outside the window.
            var analysis = await new ExperimentService(ws, state).AnalyzeAsync("outreach", state);
            Assert.Equal(
                [
                    ("run", "01JBOARD00000000000000000A"),
                    ("experiment", "outreach"),
                    ("run", "01JBOARD00000000000000000B"),
                    ("ingest", "7"),
                    ("decision", "outreach"),
                    ("stage", "stage:modeling"),
                    ("promotion", "01JBOARD00000000000000000B"),
                ],
                healthy.Lines.Select(l => (l.Kind, l.Link)));
            Assert.Equal("load 7: 7,040 rows from customers.csv into customers, 3 quarantined (leanml quarantine 7)", healthy.Lines.Single(l => l.Kind == "ingest").Text);
            Assert.Equal($"experiment outreach decided: {analysis.Sentence}", healthy.Lines.Single(l => l.Kind == "decision").Text);
            Assert.Equal("experiment outreach started: control vs model on retained", healthy.Lines.Single(l => l.Kind == "experiment").Text);
            Assert.Contains("auc 0.840 vs the rule 0.710", healthy.Lines.Single(l => l.Link == "01JBOARD00000000000000000B" && l.Kind == "run").Text, StringComparison.Ordinal);

            // customers_old is not customers; the weather load belongs to no project and is listed once.
            Assert.DoesNotContain(update.Projects.Single(p => p.Project == "duesoon").Lines, l => l.Kind == "ingest");
            var loose = Assert.Single(update.Workspace);
            Assert.Equal(("ingest", "8"), (loose.Kind, loose.Link));

            // The quiet project's run is 20 days old: not a line of this week, and beyond the 14 days the update reads;
            // the board reads all history and names it as the last event.
            var quiet = update.Projects.Single(p => p.Project == "quiet");
            Assert.Empty(quiet.Lines);
            Assert.Null(quiet.LastEvent);
            var board = Assert.Single((await new UpdateComposer(ws, state, warehouse).ComposeAsync("quiet", TimeSpan.FromDays(7), allHistory: true)).Projects);
            Assert.Equal("01JBOARD00000000000000000E", board.LastEvent?.Link);
            Assert.Equal("at risk", board.Health);

            // Without the stand-in sources (their branches not merged), their lines and rules are simply absent.
            var plain = await new UpdateComposer(ws, state, warehouse).ComposeAsync("tested", TimeSpan.FromDays(7));
            Assert.Equal("on track", Assert.Single(plain.Projects).Health);

            var markdown = UpdateDocument.Markdown(update);
            Assert.Contains("## healthy — on track", markdown, StringComparison.Ordinal);
            Assert.Contains("Owner's note: _Waiting on the October export._", markdown, StringComparison.Ordinal);
            Assert.Contains("[`01JBOARD00000000000000000B`]", markdown, StringComparison.Ordinal);
            var html = UpdateDocument.Html("update", markdown);
            Assert.Contains("<h2>healthy — on track</h2>", html, StringComparison.Ordinal);
            Assert.Contains("<code>01JBOARD00000000000000000B</code>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Health_is_recorded_only_when_it_changes()
    {
        await using var state = await OpenFreshAsync();
        var store = new ProjectHistoryStore(state);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        Assert.Single(await store.RecordHealthAsync([("churn", "on track", "ok")], t0));
        Assert.Empty(await store.RecordHealthAsync([("churn", "on track", "still ok")], t0.AddMinutes(1)));
        var change = Assert.Single(await store.RecordHealthAsync([("churn", "at risk", "quiet")], t0.AddMinutes(2)));
        Assert.Equal("on track", change.Previous);
        var changes = await store.HealthChangesAsync(t0);
        Assert.Equal([("churn", "at risk", "on track")], changes.Select(c => (c.Project, c.Status, c.Previous)));
    }
}

public sealed class SqliteUpdateTests : UpdateTests<SqliteProvider>
{
    private readonly DuckDbProvider _duck = new();

    protected override async Task<(Database State, Database Warehouse)> OpenStoresAsync()
    {
        var state = await OpenFreshAsync();
        var warehouse = await Database.OpenAsync(_duck.Engine, await _duck.CreateDatabaseAsync(), StoreKind.Warehouse);
        return (state, warehouse);
    }
}

public sealed class PostgresUpdateTests : UpdateTests<PostgresProvider>
{
    protected override async Task<(Database State, Database Warehouse)> OpenStoresAsync()
    {
        // On PostgreSQL both stores are one database.
        var cs = await Provider.CreateDatabaseAsync();
        return (await Database.OpenAsync(Provider.Engine, cs, StoreKind.State), await Database.OpenAsync(Provider.Engine, cs, StoreKind.Warehouse));
    }
}
