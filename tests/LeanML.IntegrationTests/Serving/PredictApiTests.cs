using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeanML.IntegrationTests.Scoring;

namespace LeanML.IntegrationTests.Serving;

/// <summary>One server for the read-only endpoint tests: churn (Telco, binary) and weather (multiclass) promoted.</summary>
public sealed class PredictServerFixture : IAsyncLifetime
{
    public ServingWorkspace Workspace { get; } = ServingWorkspace.Create();

    public RunningServer Server { get; private set; } = null!;

    public string ChurnRun { get; private set; } = "";

    public string WeatherRun { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ChurnRun = await Workspace.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        WeatherRun = await Workspace.AddRunAsync("weather", "weather_multi", ServingWorkspace.WeatherSchema());
        Server = await RunningServer.StartAsync(Workspace, new LeanML.Serving.ServingOptions { MaxBodyBytes = 1024 * 1024 });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Workspace.Dispose();
    }
}

/// <summary>Real HTTP against Kestrel: every endpoint and every bad input of DESIGN.md section 6.</summary>
public sealed class PredictApiTests(PredictServerFixture fixture) : IClassFixture<PredictServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    /// <summary>Telco CSV row i (0-based) as a JSON object of its features.</summary>
    internal static string TelcoRowJson(int i)
    {
        var rows = ServingWorkspace.TelcoRows();
        var schema = ServingWorkspace.TelcoSchema();
        var header = rows[0];
        var parts = new List<string>();
        foreach (var f in schema.Features)
        {
            var v = rows[i + 1][Array.IndexOf(header, f.Name)];
            if (string.IsNullOrWhiteSpace(v))
            {
                continue;   // TotalCharges blanks: omitted (the model saw it missing)
            }

            parts.Add(f.Kind == LeanML.Features.FeatureKind.Number ? $"\"{f.Name}\": {v}" : $"\"{f.Name}\": \"{v}\"");
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> PostAsync(string url, string body)
    {
        using var response = await Client.PostAsync(url, Json(body));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Healthz_and_readyz_answer_with_the_models_served()
    {
        var health = await Client.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var ready = await Client.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        var models = ready.GetProperty("models").EnumerateArray().Select(m => (m.GetProperty("project").GetString(), m.GetProperty("run_id").GetString())).ToArray();
        Assert.Contains(("churn", fixture.ChurnRun), models);
        Assert.Contains(("weather", fixture.WeatherRun), models);
    }

    [Fact]
    public async Task Predict_scores_every_row_as_libxgboost_does_and_names_the_run()
    {
        var expected = ServingWorkspace.TelcoExpected();
        var indices = new[] { 0, 1, 2, 488, 753, 7042 };   // 488 and 753 have a blank TotalCharges
        var body = "{\"rows\": [" + string.Join(",", indices.Select(TelcoRowJson)) + "]}";
        var (status, json, type) = await PostAsync("/v1/projects/churn/predict", body);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", type);
        Assert.Equal("churn", json.GetProperty("project").GetString());
        Assert.Equal(fixture.ChurnRun, json.GetProperty("run_id").GetString());
        var scores = json.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("score").GetSingle()).ToArray();
        Assert.Equal(indices.Select(i => ServingWorkspace.F(expected[i])), scores.Select(ServingWorkspace.F));
    }

    [Fact]
    public async Task A_body_of_many_buffers_is_read_whole_and_scored_row_for_row()
    {
        // 1,200 Telco rows (about 0.8 MB, under the fixture's 1 MB limit) arrive in many socket reads and pipe
        // segments; the body is parsed from the request's pipe in place and every row must score as libxgboost did.
        var expected = ServingWorkspace.TelcoExpected();
        var indices = Enumerable.Range(0, 1200).Select(i => (i * 5) % 7043).ToArray();
        var body = "{\"rows\": [" + string.Join(",", indices.Select(TelcoRowJson)) + "]}";
        Assert.True(body.Length > 512 * 1024);
        var (status, json, _) = await PostAsync("/v1/projects/churn/predict", body);
        Assert.Equal(HttpStatusCode.OK, status);
        var scores = json.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("score").GetSingle()).ToArray();
        Assert.Equal(indices.Select(i => ServingWorkspace.F(expected[i])), scores.Select(ServingWorkspace.F));
    }

    [Fact]
    public async Task Multiclass_answers_label_and_class_scores()
    {
        var (status, json, _) = await PostAsync("/v1/projects/weather/predict",
            """{"rows": [{"date": "2012-01-01", "precipitation": 0.0, "temp_max": 12.8, "temp_min": 5.0, "wind": 4.7}]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var p = json.GetProperty("predictions")[0];
        // libxgboost's softprob for the first seattle-weather row (make_fixtures.py, weather_multi.pred.csv row 0).
        var expected = XGBoostFixtures.Predictions("weather_multi")[0];
        var classes = new[] { "drizzle", "fog", "rain", "snow", "sun" };
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(ServingWorkspace.F(expected[k]), ServingWorkspace.F(p.GetProperty("scores").GetProperty(classes[k]).GetSingle()));
        }

        Assert.Equal(classes[Array.IndexOf(expected, expected.Max())], p.GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("{\"rows\": [", "Malformed JSON", null)]
    [InlineData("{\"rows\": 5}", "Invalid prediction request", "rows")]
    [InlineData("{\"rows\": [], \"extra\": 1}", "Invalid prediction request", "extra")]
    public async Task Malformed_bodies_are_problem_details(string body, string title, string? field)
    {
        using var response = await Client.PostAsync("/v1/projects/churn/predict", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(title, json.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("detail").GetString()));
        if (field is not null)
        {
            Assert.True(json.GetProperty("errors").TryGetProperty(field, out _));
        }
    }

    [Fact]
    public async Task Unknown_project_is_404_problem()
    {
        var (status, json, type) = await PostAsync("/v1/projects/nope/predict", "{\"rows\": []}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("'nope'", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_type_and_unknown_field_name_row_and_field()
    {
        var good = TelcoRowJson(0);
        var wrongType = good.Replace("\"tenure\": 1", "\"tenure\": \"one\"", StringComparison.Ordinal);
        var unknown = good.Replace("{", "{\"colour\": \"red\", ", StringComparison.Ordinal);
        var (status, json, _) = await PostAsync("/v1/projects/churn/predict", $"{{\"rows\": [{good}, {wrongType}, {unknown}]}}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = json.GetProperty("errors");
        Assert.Contains("expected a number", errors.GetProperty("rows[1].tenure")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("unknown field 'colour'", errors.GetProperty("rows[2].colour")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("row 1, field 'tenure'", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unseen_category_is_scored_as_missing_and_reported_in_the_response_and_metrics()
    {
        var weekly = TelcoRowJson(1).Replace("\"Contract\": \"One year\"", "\"Contract\": \"Weekly\"", StringComparison.Ordinal);
        Assert.Contains("Weekly", weekly, StringComparison.Ordinal);
        var (status, json, _) = await PostAsync("/v1/projects/churn/predict", $"{{\"rows\": [{TelcoRowJson(0)}, {weekly}]}}");
        Assert.Equal(HttpStatusCode.OK, status);
        var unseen = Assert.Single(json.GetProperty("unseen_categories").EnumerateArray());
        Assert.Equal(1, unseen.GetProperty("row").GetInt32());
        Assert.Equal("Contract", unseen.GetProperty("field").GetString());
        Assert.Equal("Weekly", unseen.GetProperty("value").GetString());

        // Row 1 as pandas encoded it for libxgboost (make_fixtures.py), with Contract missing, through the evaluator
        // whose parity with libxgboost on missing values XGBoostParityTests proves.
        var (names, rows) = XGBoostFixtures.Features("telco");
        var features = (float[])rows[1].Clone();
        features[Array.IndexOf(names, "Contract")] = float.NaN;
        var model = LeanML.Scoring.XGBoostModel.Load(await File.ReadAllBytesAsync(XGBoostFixtures.ModelPath("telco")));
        var expected = new float[1];
        model.Predict(features, expected);
        var scores = json.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("score").GetSingle()).ToArray();
        Assert.Equal(ServingWorkspace.F(ServingWorkspace.TelcoExpected()[0]), ServingWorkspace.F(scores[0]));
        Assert.Equal(ServingWorkspace.F(expected[0]), ServingWorkspace.F(scores[1]));
        Assert.NotEqual(ServingWorkspace.F(ServingWorkspace.TelcoExpected()[1]), ServingWorkspace.F(scores[1]));

        var (_, clean, _) = await PostAsync("/v1/projects/churn/predict", $"{{\"rows\": [{TelcoRowJson(1)}]}}");
        Assert.False(clean.TryGetProperty("unseen_categories", out _));
        var metrics = await Client.GetStringAsync("/metrics");
        Assert.Matches(@"\nleanml_unseen_categories_total [1-9]", metrics);
    }

    [Fact]
    public async Task More_than_ten_thousand_rows_is_refused_naming_the_limit()
    {
        var body = "{\"rows\": [" + string.Join(",", Enumerable.Repeat("{}", 10_001)) + "]}";
        var (status, json, _) = await PostAsync("/v1/projects/churn/predict", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("10001 rows", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("10000", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_and_the_server_keeps_serving()
    {
        var body = "{\"rows\": [" + string.Join(",", Enumerable.Repeat(TelcoRowJson(0), 4000)) + "]}";
        Assert.True(body.Length > 1024 * 1024);
        // With a Content-Length over the limit the server refuses before reading; 'Expect: 100-continue' makes the
        // client wait for that answer instead of racing to upload the body into a closing connection.
        using (var sized = new HttpRequestMessage(HttpMethod.Post, "/v1/projects/churn/predict") { Content = Json(body) })
        {
            sized.Headers.ExpectContinue = true;
            using var response = await Client.SendAsync(sized);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains("larger than", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Chunked (no Content-Length): Kestrel's limit stops the read part-way. The server answers 413 and closes the
        // connection while the client may still be uploading, so the client sees either the 413 or the closed pipe;
        // what must never happen is the body being accepted.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/projects/churn/predict") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))) };
        request.Headers.TransferEncodingChunked = true;
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        catch (HttpRequestException ex) when (ex.InnerException is IOException)
        {
            // The server stopped reading at the limit and closed the connection mid-upload.
        }

        var (after, _, _) = await PostAsync("/v1/projects/churn/predict", "{\"rows\": [" + TelcoRowJson(0) + "]}");
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task Invocations_accepts_both_mlflow_shapes()
    {
        var expected = ServingWorkspace.TelcoExpected();
        var records = $"{{\"dataframe_records\": [{TelcoRowJson(0)}, {TelcoRowJson(1)}]}}";
        var (status, json, _) = await PostAsync("/invocations?project=churn", records);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([ServingWorkspace.F(expected[0]), ServingWorkspace.F(expected[1])], json.GetProperty("predictions").EnumerateArray().Select(p => ServingWorkspace.F(p.GetSingle())).ToArray());

        var row = JsonDocument.Parse(TelcoRowJson(1)).RootElement;
        var columns = row.EnumerateObject().Select(p => p.Name).ToArray();
        var split = JsonSerializer.Serialize(new { dataframe_split = new { columns, data = new[] { row.EnumerateObject().Select(p => p.Value).ToArray() } } });
        (status, json, _) = await PostAsync("/invocations?project=churn", split);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ServingWorkspace.F(expected[1]), ServingWorkspace.F(json.GetProperty("predictions")[0].GetSingle()));

        var weather = """{"dataframe_split": {"columns": ["date", "precipitation", "temp_max", "temp_min", "wind"], "data": [["2012-01-01", 0.0, 12.8, 5.0, 4.7]]}}""";
        (status, json, _) = await PostAsync("/invocations?project=weather", weather);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.String, json.GetProperty("predictions")[0].ValueKind);

        // Two projects are served, so /invocations without ?project= must ask which one.
        (status, json, _) = await PostAsync("/invocations", records);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("?project=", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (status, _, _) = await PostAsync("/invocations?project=churn", "{\"instances\": []}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        var doc = await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/projects/{project}/predict", out _));
        Assert.True(paths.TryGetProperty("/invocations", out _));
        Assert.True(paths.TryGetProperty("/healthz", out _));
    }

    [Fact]
    public async Task Metrics_count_requests_by_route_and_status_in_prometheus_text()
    {
        await PostAsync("/v1/projects/churn/predict", "{\"rows\": [" + TelcoRowJson(0) + "]}");
        await PostAsync("/v1/projects/nope/predict", "{\"rows\": []}");
        using var response = await Client.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Matches(@"leanml_http_requests_total\{route=""/v1/projects/\{project\}/predict"",status=""200""\} [1-9]", text);
        Assert.Matches(@"leanml_http_requests_total\{route=""/v1/projects/\{project\}/predict"",status=""404""\} [1-9]", text);
        Assert.Contains("leanml_http_request_duration_seconds_bucket{le=\"+Inf\"}", text, StringComparison.Ordinal);
        Assert.Contains("leanml_predictions_logged_total", text, StringComparison.Ordinal);
        Assert.Contains("leanml_predictions_dropped_total 0", text, StringComparison.Ordinal);
    }
}
