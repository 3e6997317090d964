using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeanML.Experiments;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Server;
using LeanML.Storage;
using Microsoft.AspNetCore.Builder;

namespace LeanML.IntegrationTests.Experiments;

/// <summary>The experiment endpoints over real HTTP against the server started on a free loopback port.</summary>
public sealed class ExperimentsApiTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private WebApplication? _app;
    private HttpClient _http = new();

    public async Task InitializeAsync()
    {
        var ws = ExperimentStoreTests<SqliteProvider>.Workspace(_dir, ExperimentStoreTests<SqliteProvider>.ExperimentYaml());
        await using (var w = await StateStore.OpenAsync(ws))
        {
            await new ExperimentService(ws, w).CreateAsync("outreach");
        }

        _app = await LeanMLServer.BuildAsync(ws, "127.0.0.1", 0);
        await _app.StartAsync();
        var address = _app.Urls.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task Assign_is_deterministic_and_sticky()
    {
        var first = await _http.PostAsJsonAsync("/v1/experiments/outreach/assign", new { unit = "cust-42" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var expected = VariantAssignment.Choose(VariantAssignment.Bucket("outreach", "cust-42"), [0.5, 0.5]) == 0 ? "control" : "model";
        Assert.Equal("outreach", a.GetProperty("experiment").GetString());
        Assert.Equal(expected, a.GetProperty("variant").GetString());
        Assert.True(a.GetProperty("new").GetBoolean());

        var second = await (await _http.PostAsJsonAsync("/v1/experiments/outreach/assign", new { unit = "cust-42" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expected, second.GetProperty("variant").GetString());
        Assert.False(second.GetProperty("new").GetBoolean());
        Assert.Equal(a.GetProperty("assigned_at").GetString(), second.GetProperty("assigned_at").GetString());
    }

    [Fact]
    public async Task Bad_requests_get_problem_details()
    {
        var missing = await _http.PostAsJsonAsync("/v1/experiments/outreach/assign", new { customer = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("unit", out _));

        var unknown = await _http.PostAsJsonAsync("/v1/experiments/nope/assign", new { unit = "x" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("nope", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var traversal = await _http.GetAsync("/v1/experiments/..%2F..%2Fleanml/results");
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);

        var notJson = await _http.PostAsync("/v1/events", new StringContent("[{", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("application/problem+json", notJson.Content.Headers.ContentType!.MediaType);
        var notArray = await _http.PostAsJsonAsync("/v1/events", new { id = "e1" });
        Assert.Equal(HttpStatusCode.BadRequest, notArray.StatusCode);
    }

    [Fact]
    public async Task Events_are_idempotent_and_results_come_back()
    {
        var body = """
            [
              {"id": "e1", "unit": "cust-1", "name": "renewed", "value": 1, "time": "2026-11-22T10:00:00Z"},
              {"id": "e2", "unit": "cust-2", "name": "payment", "value": 12.5, "time": "2026-11-22T11:00:00Z"},
              {"id": "e3", "unit": "cust-3", "name": "payment", "value": 1, "time": "not a time"}
            ]
            """;
        var post = await _http.PostAsync("/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var r = await post.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, r.GetProperty("accepted").GetInt32());
        Assert.Equal(0, r.GetProperty("duplicates").GetInt32());
        var rejected = r.GetProperty("rejected")[0];
        Assert.Equal(2, rejected.GetProperty("index").GetInt32());
        Assert.Contains("'time'", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var again = await (await _http.PostAsync("/v1/events", new StringContent(body, Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("accepted").GetInt32());
        Assert.Equal(2, again.GetProperty("duplicates").GetInt32());

        foreach (var unit in new[] { "cust-1", "cust-2", "cust-3" })
        {
            await _http.PostAsJsonAsync("/v1/experiments/outreach/assign", new { unit });
        }

        var results = await _http.GetAsync("/v1/experiments/outreach/results");
        Assert.Equal(HttpStatusCode.OK, results.StatusCode);
        var analysis = await results.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("not_enough_data", analysis.GetProperty("decision").GetString());
        Assert.StartsWith("not enough data:", analysis.GetProperty("sentence").GetString(), StringComparison.Ordinal);
        var retained = analysis.GetProperty("metrics")[0];
        Assert.Equal("retained", retained.GetProperty("metric").GetString());
        Assert.Equal(3, retained.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("units").GetInt64()));
    }
}
