using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LeanML.IntegrationTests.Scoring;
using LeanML.Server;
using LeanML.Serving;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Serving;

/// <summary>Hot swap under load, the prediction log flushed at stop, tokens and the public-bind refusal.</summary>
public sealed class ServingLifecycleTests
{
    private static StringContent Body(string rowsJson) => new("{\"rows\": [" + rowsJson + "]}", Encoding.UTF8, "application/json");

    [Fact]
    public async Task Promote_swaps_the_model_under_concurrent_load_with_no_failed_or_mixed_request()
    {
        using var ws = ServingWorkspace.Create();
        // Two different models (the fixtures 'telco' and 'telco_shallow', made by Python's xgboost), so a request
        // answered by the wrong model, or by both, is seen in its scores.
        var first = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var second = await ws.AddRunAsync("churn", "telco_shallow", ServingWorkspace.TelcoSchema(), promote: false);
        await using var server = await RunningServer.StartAsync(ws, new ServingOptions { PollInterval = TimeSpan.FromMilliseconds(200) });
        var row = PredictApiTests.TelcoRowJson(5);
        var other = PredictApiTests.TelcoRowJson(6);
        // libxgboost's scores of CSV rows 5 and 6 under each model (the fixtures' predictions).
        var expected = new Dictionary<string, string[]>
        {
            [first] = [ServingWorkspace.F(ServingWorkspace.TelcoExpected()[5]), ServingWorkspace.F(ServingWorkspace.TelcoExpected()[6])],
            [second] = [ServingWorkspace.F(XGBoostFixtures.Predictions("telco_shallow")[5][0]), ServingWorkspace.F(XGBoostFixtures.Predictions("telco_shallow")[6][0])],
        };
        Assert.NotEqual(expected[first][0], expected[second][0]);
        Assert.NotEqual(expected[first][1], expected[second][1]);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await server.Client.PostAsync("/v1/projects/churn/predict", Body(row + "," + other));
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode} {text}");
                    continue;
                }

                var json = JsonDocument.Parse(text).RootElement;
                var runId = json.GetProperty("run_id").GetString()!;
                seen.AddOrUpdate(runId, 1, (_, n) => n + 1);
                // Both rows of one request are scored by the model of the run the answer names.
                var scores = json.GetProperty("predictions").EnumerateArray().Select(p => ServingWorkspace.F(p.GetProperty("score").GetSingle())).ToArray();
                if (!expected.TryGetValue(runId, out var want) || !scores.SequenceEqual(want))
                {
                    failures.Add("mixed or wrong scores " + text);
                }
            }
        })).ToArray();

        await Task.Delay(500);
        await ws.PromoteAsync(second);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!seen.ContainsKey(second) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        Assert.Empty(failures);
        Assert.True(seen.ContainsKey(first), "requests before the promotion are served by the first run");
        Assert.True(seen.ContainsKey(second), "the promotion took effect within 10 s");
        Assert.Equal(second, server.State.Models.Get("churn")!.RunId);
    }

    [Fact]
    public async Task Every_accepted_prediction_is_in_the_log_after_a_graceful_stop()
    {
        using var ws = ServingWorkspace.Create();
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var server = await RunningServer.StartAsync(ws);
        var rows = string.Join(",", Enumerable.Range(0, 50).Select(PredictApiTests.TelcoRowJson));
        var accepted = 0;
        await Parallel.ForAsync(0, 40, async (_, ct) =>
        {
            using var response = await server.Client.PostAsync("/v1/projects/churn/predict", Body(rows), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Interlocked.Add(ref accepted, 50);
        });
        await server.StopAsync();
        Assert.Equal(0, server.State.Log.Dropped);
        await server.DisposeAsync();

        await using var warehouse = await StateStore.OpenAsync(ws.Workspace);
        await using var cmd = warehouse.Command($"SELECT COUNT(*), MIN(run_id), MAX(run_id), MIN(project) FROM {warehouse.Engine.Meta("prediction_log")}");
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(2000, accepted);
        Assert.Equal(accepted, r.GetInt64(0));
        Assert.Equal(run, r.GetString(1));
        Assert.Equal(run, r.GetString(2));
        Assert.Equal("churn", r.GetString(3));

        await using var one = warehouse.Command($"SELECT inputs, output FROM {warehouse.Engine.Meta("prediction_log")} ORDER BY id LIMIT 1");
        await using var r1 = await one.ExecuteReaderAsync();
        Assert.True(await r1.ReadAsync());
        Assert.Contains("\"tenure\"", r1.GetString(0), StringComparison.Ordinal);
        Assert.StartsWith("[0.", r1.GetString(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_log_queue_drops_and_counts_without_failing_requests()
    {
        using var ws = ServingWorkspace.Create();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        await using var server = await RunningServer.StartAsync(ws, new ServingOptions { LogQueueCapacity = 1 });
        var rows = string.Join(",", Enumerable.Range(0, 200).Select(PredictApiTests.TelcoRowJson));
        using var response = await server.Client.PostAsync("/v1/projects/churn/predict", Body(rows));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(server.State.Log.Dropped > 0);
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Matches(@"leanml_predictions_dropped_total [1-9]", metrics);
    }

    [Fact]
    public async Task With_tokens_every_call_needs_a_bearer_token_of_the_right_scope()
    {
        using var ws = ServingWorkspace.Create();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        string predict, events, admin;
        await using (var warehouse = await StateStore.OpenAsync(ws.Workspace))
        {
            var store = new TokenStore(warehouse);
            predict = (await store.CreateAsync(TokenScope.Predict, "p")).Secret;
            events = (await store.CreateAsync(TokenScope.Events, "e")).Secret;
            admin = (await store.CreateAsync(TokenScope.Admin, "a")).Secret;
            var stored = await store.ListAsync();
            Assert.DoesNotContain(stored, t => t.Sha256.Contains(predict, StringComparison.Ordinal));
            Assert.Equal(TokenStore.Hash(predict), stored.Single(t => t.Name == "p").Sha256);
        }

        await using var server = await RunningServer.StartAsync(ws);
        var row = PredictApiTests.TelcoRowJson(0);

        async Task<HttpStatusCode> CallAsync(string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/projects/churn/predict") { Content = Body(row) };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await server.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }

            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync("lml_not-a-real-token"));
        Assert.Equal(HttpStatusCode.Forbidden, await CallAsync(events));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(predict));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(admin));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);

        // Revoked on a running server: refused within a poll.
        await using (var warehouse = await StateStore.OpenAsync(ws.Workspace))
        {
            var store = new TokenStore(warehouse);
            Assert.True(await store.RevokeAsync((await store.ListAsync()).Single(t => t.Name == "p").Id));
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await CallAsync(predict) == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(predict));
    }

    [Fact]
    public async Task Binding_a_public_address_without_tokens_is_refused_at_start()
    {
        using var ws = ServingWorkspace.Create();
        var ex = await Assert.ThrowsAsync<LeanMLInputException>(() => LeanMLServer.BuildAsync(ws.Workspace, "0.0.0.0", 0));
        Assert.Contains("without API tokens", ex.Message, StringComparison.Ordinal);
        Assert.True(LeanMLServer.IsLoopback("127.0.0.1"));
        Assert.True(LeanMLServer.IsLoopback("::1"));
        Assert.True(LeanMLServer.IsLoopback("localhost"));
        Assert.False(LeanMLServer.IsLoopback("0.0.0.0"));
    }

    [Fact]
    public async Task A_tampered_model_file_is_refused_and_the_project_is_not_served()
    {
        using var ws = ServingWorkspace.Create();
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var path = Path.Combine(LeanML.Runs.RunArtifacts.RunDir(ws.Workspace, run), "model.json");
        await File.AppendAllTextAsync(path, " ");
        await using var server = await RunningServer.StartAsync(ws);
        using var response = await server.Client.PostAsync("/v1/projects/churn/predict", Body(PredictApiTests.TelcoRowJson(0)));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var ready = await server.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("was changed since training", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
