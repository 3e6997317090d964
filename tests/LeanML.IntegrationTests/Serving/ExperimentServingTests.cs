using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeanML.Experiments;
using LeanML.IntegrationTests.Scoring;
using LeanML.Serving;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Serving;

/// <summary>
/// Serving integration of experiments over real HTTP: a predict request with a unit is scored by its sticky variant's
/// run (champion vs challenger, or no model), and the experiment endpoints' token scopes.
/// </summary>
public sealed class ExperimentServingTests
{
    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Yaml(string name, string control, string treatment) => $"""
        name: {name}
        project: churn
        unit: customer
        variants:
          - {control}
          - {treatment}
        primary: retained
        metrics:
          retained: {"{"}event: renewed, kind: proportion{"}"}
        """;

    private static async Task CreateExperimentAsync(ServingWorkspace ws, string name, string yaml)
    {
        Directory.CreateDirectory(ws.Workspace.ExperimentsDir);
        await File.WriteAllTextAsync(Path.Combine(ws.Workspace.ExperimentsDir, name + ".yaml"), yaml);
        await using var warehouse = await StateStore.OpenAsync(ws.Workspace);
        await new ExperimentService(ws.Workspace, warehouse).CreateAsync(name);
    }

    private static async Task<JsonElement> PredictAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/v1/projects/churn/predict", Body(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Champion_and_challenger_each_score_their_sticky_units_and_a_request_without_unit_gets_production()
    {
        using var ws = ServingWorkspace.Create();
        var production = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var champion = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema(), promote: false);
        var challenger = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema(), promote: false);
        await CreateExperimentAsync(ws, "champ", Yaml("champ", $"{{name: champion, weight: 0.5, run: {champion}}}", $"{{name: challenger, weight: 0.5, run: {challenger}}}"));
        await using var server = await RunningServer.StartAsync(ws);
        var row = PredictApiTests.TelcoRowJson(0);
        var expected = ServingWorkspace.F(ServingWorkspace.TelcoExpected()[0]);   // libxgboost's score of row 0 (fixture)
        var runOf = new Dictionary<string, string> { ["champion"] = champion, ["challenger"] = challenger };

        var units = Enumerable.Range(0, 40).Select(i => $"cust-{i}").ToArray();
        var first = new Dictionary<string, string>();
        for (var round = 0; round < 2; round++)
        {
            foreach (var unit in units)
            {
                var r = await PredictAsync(server.Client, $$"""{"unit": "{{unit}}", "rows": [{{row}}]}""");
                var variant = r.GetProperty("variant").GetString()!;
                Assert.Equal("champ", r.GetProperty("experiment").GetString());
                Assert.Equal(runOf[variant], r.GetProperty("run_id").GetString());
                Assert.Equal(expected, ServingWorkspace.F(r.GetProperty("predictions")[0].GetProperty("score").GetSingle()));
                if (round == 0)
                {
                    // The first assignment is the hash of (salt = name, unit) cut by the weights.
                    var hashed = VariantAssignment.Choose(VariantAssignment.Bucket("champ", unit), [0.5, 0.5]) == 0 ? "champion" : "challenger";
                    Assert.Equal(hashed, variant);
                    first[unit] = variant;
                }
                else
                {
                    Assert.Equal(first[unit], variant);
                }
            }
        }

        Assert.Contains("champion", first.Values);
        Assert.Contains("challenger", first.Values);

        var plain = await PredictAsync(server.Client, $$"""{"rows": [{{row}}]}""");
        Assert.Equal(production, plain.GetProperty("run_id").GetString());
        Assert.False(plain.TryGetProperty("experiment", out _));
        Assert.False(plain.TryGetProperty("variant", out _));

        await using var warehouse = await StateStore.OpenAsync(ws.Workspace);
        await using (var cmd = warehouse.Command($"SELECT COUNT(*), COUNT(DISTINCT unit) FROM {warehouse.Engine.Meta("assignments")} WHERE experiment = 'champ'"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(units.Length, Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(units.Length, Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
        }

        var store = new ExperimentStore(warehouse);
        foreach (var unit in units)
        {
            Assert.Equal(first[unit], (await store.FindAssignmentAsync("champ", unit))!.Variant);
        }

        // A unit assigned through the assign endpoint first keeps that variant when it is later served.
        var assigned = await (await server.Client.PostAsJsonAsync("/v1/experiments/champ/assign", new { unit = "cust-new" })).Content.ReadFromJsonAsync<JsonElement>();
        var served = await PredictAsync(server.Client, $$"""{"unit": "cust-new", "rows": [{{row}}]}""");
        Assert.Equal(assigned.GetProperty("variant").GetString(), served.GetProperty("variant").GetString());
    }

    [Fact]
    public async Task A_variant_without_a_run_answers_its_variant_and_no_predictions()
    {
        using var ws = ServingWorkspace.Create();
        var model = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema(), promote: false);
        await CreateExperimentAsync(ws, "rule", Yaml("rule", "{name: control, weight: 0.5}", $"{{name: model, weight: 0.5, run: {model}}}"));
        await using var server = await RunningServer.StartAsync(ws);
        var row = PredictApiTests.TelcoRowJson(3);
        var seen = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            var unit = $"u{i}";
            var r = await PredictAsync(server.Client, $$"""{"rows": [{{row}}], "unit": "{{unit}}"}""");
            var variant = r.GetProperty("variant").GetString()!;
            seen.Add(variant);
            Assert.Equal(VariantAssignment.Choose(VariantAssignment.Bucket("rule", unit), [0.5, 0.5]) == 0 ? "control" : "model", variant);
            if (variant == "control")
            {
                Assert.Equal(JsonValueKind.Null, r.GetProperty("run_id").ValueKind);
                Assert.Equal(JsonValueKind.Null, r.GetProperty("predictions").ValueKind);
            }
            else
            {
                Assert.Equal(model, r.GetProperty("run_id").GetString());
                Assert.Equal(ServingWorkspace.F(ServingWorkspace.TelcoExpected()[3]), ServingWorkspace.F(r.GetProperty("predictions")[0].GetProperty("score").GetSingle()));
            }
        }

        Assert.Equal(2, seen.Count);
        await using (var warehouse = await StateStore.OpenAsync(ws.Workspace))
        {
            var counts = await new ExperimentStore(warehouse).CountsAsync("rule");
            Assert.Equal(30, counts.Values.Sum());
        }

        // No production model: a request without a unit has nothing to score it; a bad unit (neither a non-empty
        // string nor an integer) is named.
        using var noUnit = await server.Client.PostAsync("/v1/projects/churn/predict", Body($$"""{"rows": [{{row}}]}"""));
        Assert.Equal(HttpStatusCode.NotFound, noUnit.StatusCode);
        using var badUnit = await server.Client.PostAsync("/v1/projects/churn/predict", Body($$"""{"rows": [{{row}}], "unit": 4.2}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badUnit.StatusCode);
        Assert.True((await badUnit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("unit", out _));
    }

    [Fact]
    public async Task Experiment_endpoints_need_their_token_scopes()
    {
        using var ws = ServingWorkspace.Create();
        await CreateExperimentAsync(ws, "scoped", Yaml("scoped", "{name: control, weight: 0.5}", "{name: treatment, weight: 0.5}"));
        string predict, events, admin;
        await using (var warehouse = await StateStore.OpenAsync(ws.Workspace))
        {
            var store = new TokenStore(warehouse);
            predict = (await store.CreateAsync(TokenScope.Predict, "p")).Secret;
            events = (await store.CreateAsync(TokenScope.Events, "e")).Secret;
            admin = (await store.CreateAsync(TokenScope.Admin, "a")).Secret;
        }

        await using var server = await RunningServer.StartAsync(ws);
        var n = 0;

        async Task<HttpStatusCode> CallAsync(HttpMethod method, string url, string? token, bool json = true)
        {
            n++;
            using var request = new HttpRequestMessage(method, url);
            if (method == HttpMethod.Post)
            {
                request.Content = Body(url.EndsWith("/assign", StringComparison.Ordinal)
                    ? $$"""{"unit": "c{{n}}"}"""
                    : $$"""[{"id": "ev{{n}}", "unit": "c1", "name": "renewed", "value": 1, "time": "2026-11-22T10:00:00Z"}]""");
            }

            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await server.Client.SendAsync(request);
            if (json && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }

            return response.StatusCode;
        }

        var post = HttpMethod.Post;
        var get = HttpMethod.Get;
        foreach (var url in new[] { "/v1/events", "/v1/experiments/scoped/assign", "/v1/experiments/scoped/results" })
        {
            var method = url.EndsWith("/results", StringComparison.Ordinal) ? get : post;
            Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(method, url, null));
            Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(method, url, "lml_unknown"));
            Assert.Equal(HttpStatusCode.OK, await CallAsync(method, url, admin));
        }

        Assert.Equal(HttpStatusCode.OK, await CallAsync(post, "/v1/events", events));
        Assert.Equal(HttpStatusCode.Forbidden, await CallAsync(post, "/v1/events", predict));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(post, "/v1/experiments/scoped/assign", predict));
        Assert.Equal(HttpStatusCode.Forbidden, await CallAsync(post, "/v1/experiments/scoped/assign", events));
        Assert.Equal(HttpStatusCode.Forbidden, await CallAsync(get, "/v1/experiments/scoped/results", predict));
        Assert.Equal(HttpStatusCode.Forbidden, await CallAsync(get, "/v1/experiments/scoped/results", events));
    }
}
