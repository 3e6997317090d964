using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LeanML.Experiments;
using LeanML.IntegrationTests.Scoring;
using LeanML.Serving;
using LeanML.Storage;
using Microsoft.Data.Sqlite;

namespace LeanML.IntegrationTests.Serving;

/// <summary>
/// The HTTP attacks and faults of the security issue (18) and the new-user issue's HTTP items (17), against the real
/// server on loopback: token scopes in every spelling of every route, Host and Origin checks, JSON bodies only, bad
/// bytes, non-finite numbers, ids end to end, and a locked, read-only, full, damaged or deleted state store.
/// </summary>
public sealed class ServerAttackTests
{
    private const string Experiment = "attack";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Event(string id) => $$"""[{"id": "{{id}}", "unit": "c1", "name": "renewed", "value": 1, "time": "2026-11-22T10:00:00Z"}]""";

    private static string Row(int i = 0) => PredictApiTests.TelcoRowJson(i);

    // A workspace serving churn (Telco) with a running experiment on it (control without a model, treatment with one).
    private static async Task<ServingWorkspace> WorkspaceAsync(Action<ServingWorkspace>? before = null)
    {
        var ws = ServingWorkspace.Create(before);
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        Directory.CreateDirectory(ws.Workspace.ExperimentsDir);
        await File.WriteAllTextAsync(Path.Combine(ws.Workspace.ExperimentsDir, Experiment + ".yaml"), $$"""
            name: {{Experiment}}
            project: churn
            unit: customer
            variants:
              - {name: control, weight: 0.5}
              - {name: treatment, weight: 0.5, run: {{run}}}
            primary: retained
            metrics:
              retained: {event: renewed, kind: proportion}
            """);
        await using var store = await StateStore.OpenAsync(ws.Workspace);
        await new ExperimentService(ws.Workspace, store).CreateAsync(Experiment);
        return ws;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 || response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) != true ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body, response);
    }

    private static void AssertProblem(HttpResponseMessage response, JsonElement body)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
    }

    private static async Task<long> CountAsync(ServingWorkspace ws, string table)
    {
        await using var store = await StateStore.OpenAsync(ws.Workspace);
        await using var cmd = store.Command($"SELECT COUNT(*) FROM {store.Engine.Meta(table)}");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    // ---- Issue 18 item 2: scopes from the matched endpoint, never the path's text ----------------------------------

    [Fact]
    public async Task Token_scopes_hold_in_every_spelling_of_every_route()
    {
        using var ws = await WorkspaceAsync();
        string predict, events, admin;
        await using (var store = await StateStore.OpenAsync(ws.Workspace))
        {
            var tokens = new TokenStore(store);
            predict = (await tokens.CreateAsync(TokenScope.Predict, "p")).Secret;
            events = (await tokens.CreateAsync(TokenScope.Events, "e")).Secret;
            admin = (await tokens.CreateAsync(TokenScope.Admin, "a")).Secret;
        }

        await using var server = await RunningServer.StartAsync(ws);
        var n = 0;
        async Task<HttpStatusCode> CallAsync(HttpMethod method, string url, string? token)
        {
            using var request = new HttpRequestMessage(method, url);
            if (method == HttpMethod.Post)
            {
                n++;
                request.Content = Json(url.Contains("assign", StringComparison.OrdinalIgnoreCase) ? $$"""{"unit": "u{{n}}"}"""
                    : url.Contains("events", StringComparison.OrdinalIgnoreCase) ? Event($"ev{n}")
                    : url.Contains("invocations", StringComparison.OrdinalIgnoreCase) ? $$"""{"dataframe_records": [{{Row()}}]}"""
                    : $$"""{"rows": [{{Row()}}]}""");
            }

            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var (status, body, response) = await SendAsync(server.Client, request);
            using (response)
            {
                if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    AssertProblem(response, body);
                }
            }

            return status;
        }

        // Each route in several spellings routing accepts (case, trailing slash): who may call it, who may not.
        (HttpMethod Method, string[] Urls, string Allowed, string[] Refused)[] routes =
        [
            (HttpMethod.Get, [$"/v1/experiments/{Experiment}/results", $"/v1/experiments/{Experiment}/RESULTS", $"/v1/experiments/{Experiment}/Results", $"/v1/experiments/{Experiment}/results/", $"/V1/Experiments/{Experiment}/results"], admin, [predict, events]),
            (HttpMethod.Post, ["/v1/events", "/v1/EVENTS", "/V1/Events/", "/v1/events/"], events, [predict]),
            (HttpMethod.Post, [$"/v1/experiments/{Experiment}/assign", $"/v1/experiments/{Experiment}/ASSIGN", $"/V1/EXPERIMENTS/{Experiment}/assign/"], predict, [events]),
            (HttpMethod.Post, ["/v1/projects/churn/predict", "/v1/projects/churn/PREDICT", "/V1/Projects/churn/predict/"], predict, [events]),
            (HttpMethod.Post, ["/invocations?project=churn", "/INVOCATIONS?project=churn", "/Invocations/?project=churn"], predict, [events]),
        ];
        foreach (var (method, urls, allowed, refused) in routes)
        {
            foreach (var url in urls)
            {
                Assert.True(await CallAsync(method, url, null) == HttpStatusCode.Unauthorized, $"{method} {url} without a token");
                foreach (var token in refused)
                {
                    Assert.True(await CallAsync(method, url, token) == HttpStatusCode.Forbidden, $"{method} {url} with a token of another scope");
                }

                Assert.True(await CallAsync(method, url, allowed) == HttpStatusCode.OK, $"{method} {url} with its scope");
                Assert.True(await CallAsync(method, url, admin) == HttpStatusCode.OK, $"{method} {url} with admin");
            }
        }

        // The public endpoints stay public.
        foreach (var url in new[] { "/healthz", "/READYZ", "/metrics", "/openapi/v1.json" })
        {
            Assert.Equal(HttpStatusCode.OK, await CallAsync(HttpMethod.Get, url, null));
        }
    }

    // ---- Issue 18 item 3: Host names, cross-site writes, JSON bodies only -------------------------------------------

    [Fact]
    public async Task Without_tokens_only_loopback_host_names_and_allowed_hosts_are_answered()
    {
        using var ws = await WorkspaceAsync();
        await using var server = await RunningServer.StartAsync(ws, new ServingOptions { AllowedHosts = ["models.acme.internal"] });
        var port = new Uri(server.App.Urls.First()).Port;
        async Task<HttpStatusCode> WithHostAsync(string host, string url = "/v1/experiments/attack/results")
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Host = host;
            var (status, body, response) = await SendAsync(server.Client, request);
            using (response)
            {
                if (status == HttpStatusCode.BadRequest)
                {
                    AssertProblem(response, body);
                    Assert.Contains("server.allowed_hosts", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
                }
            }

            return status;
        }

        // DNS rebinding: a page of attacker.example whose name now points at 127.0.0.1 reads nothing.
        Assert.Equal(HttpStatusCode.BadRequest, await WithHostAsync($"attacker.example:{port}"));
        Assert.Equal(HttpStatusCode.BadRequest, await WithHostAsync("attacker.example"));
        Assert.Equal(HttpStatusCode.BadRequest, await WithHostAsync($"127.0.0.1.attacker.example:{port}", "/healthz"));
        Assert.Equal(HttpStatusCode.OK, await WithHostAsync($"localhost:{port}"));
        Assert.Equal(HttpStatusCode.OK, await WithHostAsync($"LOCALHOST:{port}"));
        Assert.Equal(HttpStatusCode.OK, await WithHostAsync($"127.0.0.1:{port}"));
        Assert.Equal(HttpStatusCode.OK, await WithHostAsync($"[::1]:{port}"));
        Assert.Equal(HttpStatusCode.OK, await WithHostAsync($"models.acme.internal:{port}"));
    }

    [Fact]
    public async Task With_tokens_the_host_is_checked_only_against_allowed_hosts_when_set()
    {
        using var ws = await WorkspaceAsync();
        string admin;
        await using (var store = await StateStore.OpenAsync(ws.Workspace))
        {
            admin = (await new TokenStore(store).CreateAsync(TokenScope.Admin, "a")).Secret;
        }

        async Task<HttpStatusCode> WithHostAsync(RunningServer server, string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/experiments/attack/results");
            request.Headers.Host = host;
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var response = await server.Client.SendAsync(request);
            return response.StatusCode;
        }

        await using (var open = await RunningServer.StartAsync(ws))
        {
            Assert.Equal(HttpStatusCode.OK, await WithHostAsync(open, "models.acme.example"));
        }

        await using var listed = await RunningServer.StartAsync(ws, new ServingOptions { AllowedHosts = ["models.acme.example"] });
        Assert.Equal(HttpStatusCode.OK, await WithHostAsync(listed, "models.acme.example"));
        Assert.Equal(HttpStatusCode.BadRequest, await WithHostAsync(listed, "attacker.example"));
        Assert.Equal(HttpStatusCode.BadRequest, await WithHostAsync(listed, "localhost"));
    }

    [Fact]
    public async Task A_write_from_another_sites_page_is_refused_and_changes_nothing()
    {
        using var ws = await WorkspaceAsync();
        await using var server = await RunningServer.StartAsync(ws);
        var self = server.App.Urls.First();
        foreach (var origin in new[] { "http://attacker.example", "https://attacker.example", "null", "http://localhost:1" })
        {
            foreach (var (url, body) in new[] { ("/v1/events", Event("cross-" + origin.Length)), ($"/v1/experiments/{Experiment}/assign", """{"unit": "victim"}"""), ("/v1/projects/churn/predict", $$"""{"unit": "victim", "rows": [{{Row()}}]}""") })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(body) };
                request.Headers.Add("Origin", origin);
                var (status, json, response) = await SendAsync(server.Client, request);
                using (response)
                {
                    Assert.True(status == HttpStatusCode.Forbidden, $"{url} from {origin}: {status}");
                    AssertProblem(response, json);
                }
            }
        }

        Assert.Equal(0, await CountAsync(ws, "events"));
        Assert.Equal(0, await CountAsync(ws, "assignments"));

        // The same origin (a page this server serves) and no origin at all (a program) may write.
        using (var same = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = Json(Event("same")) })
        {
            same.Headers.Add("Origin", self.TrimEnd('/'));
            using var response = await server.Client.SendAsync(same);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var plain = await server.Client.PostAsync("/v1/events", Json(Event("program")));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(2, await CountAsync(ws, "events"));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task A_post_that_is_not_json_is_415_problem_details_on_every_endpoint(string? contentType)
    {
        using var ws = await WorkspaceAsync();
        await using var server = await RunningServer.StartAsync(ws);
        foreach (var (url, body) in new[]
        {
            ("/v1/events", Event("plain")),
            ($"/v1/experiments/{Experiment}/assign", """{"unit": "u1"}"""),
            ("/v1/projects/churn/predict", $$"""{"rows": [{{Row()}}]}"""),
            ("/invocations?project=churn", $$"""{"dataframe_records": [{{Row()}}]}"""),
        })
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            var (status, json, response) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, url) { Content = content });
            using (response)
            {
                Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
                AssertProblem(response, json);
                Assert.Contains("Content-Type: application/json", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(0, await CountAsync(ws, "events"));
        Assert.Equal(0, await CountAsync(ws, "assignments"));
    }

    // ---- Issue 18 item 13: 413 is problem details, always ------------------------------------------------------------

    [Fact]
    public async Task A_body_over_the_limit_is_413_problem_details_on_every_endpoint()
    {
        using var ws = await WorkspaceAsync();
        await using var server = await RunningServer.StartAsync(ws, new ServingOptions { MaxBodyBytes = 16 * 1024 });
        var big = "[" + string.Join(",", Enumerable.Range(0, 400).Select(i => Event("big" + i)[1..^1])) + "]";
        Assert.True(big.Length > 16 * 1024);
        foreach (var url in new[] { "/v1/events", $"/v1/experiments/{Experiment}/assign", "/v1/projects/churn/predict", "/invocations?project=churn" })
        {
            // With a Content-Length over the limit, and chunked (Kestrel stops the read at the limit).
            using (var sized = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(big) })
            {
                sized.Headers.ExpectContinue = true;
                var (status, json, response) = await SendAsync(server.Client, sized);
                using (response)
                {
                    Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
                    AssertProblem(response, json);
                    Assert.Contains("larger than 16384 bytes", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
                }
            }

            using var chunked = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) };
            chunked.Headers.TransferEncodingChunked = true;
            chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            try
            {
                var (status, json, response) = await SendAsync(server.Client, chunked);
                using (response)
                {
                    Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
                    AssertProblem(response, json);
                }
            }
            catch (HttpRequestException ex) when (ex.InnerException is IOException)
            {
                // The server answered and closed the connection while the client was still uploading.
            }
        }

        Assert.Equal(0, await CountAsync(ws, "events"));
    }

    // ---- Issue 18 item 4 and issue 17 item 20: bad bytes, duplicated keys, no .NET hints ------------------------------

    public static TheoryData<string, string> BadBodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var url in new[] { "/v1/events", $"/v1/experiments/{Experiment}/assign", "/v1/projects/churn/predict", "/invocations?project=churn" })
        {
            data.Add(url, "utf8-value");
            data.Add(url, "utf8-name");
            data.Add(url, "lone-high");
            data.Add(url, "lone-low");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Invalid_utf8_or_a_lone_surrogate_is_400_problem_details_naming_the_position(string url, string kind)
    {
        using var ws = await WorkspaceAsync();
        await using var server = await RunningServer.StartAsync(ws);
        byte[] body = kind switch
        {
            "utf8-value" => [.. "{\"unit\": \"ab"u8, 0xC3, 0x28, .. "\", \"x\": 1}"u8],
            "utf8-name" => [.. "{\"u"u8, 0xFF, .. "nit\": \"a\"}"u8],
            "lone-high" => Encoding.UTF8.GetBytes("""{"unit": "a\ud800b"}"""),
            _ => Encoding.UTF8.GetBytes("""{"unit": "\udc00"}"""),
        };
        if (url == "/v1/events")
        {
            body = [(byte)'[', .. body, (byte)']'];
        }

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var (status, json, response) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, url) { Content = content });
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            AssertProblem(response, json);
            var detail = json.GetProperty("detail").GetString()!;
            Assert.Matches(@"at byte \d+ \(line 1\)", detail);
            Assert.Contains(kind.StartsWith("utf8", StringComparison.Ordinal) ? "invalid UTF-8" : "lone surrogate", detail, StringComparison.Ordinal);
        }

        Assert.Equal(0, await CountAsync(ws, "events"));
        Assert.Equal(0, await CountAsync(ws, "assignments"));
    }

    [Fact]
    public async Task A_duplicated_key_is_400_and_no_problem_carries_dotnet_reader_hints()
    {
        using var ws = await WorkspaceAsync();
        await using var server = await RunningServer.StartAsync(ws);
        var row = Row();
        var duplicated = row.Replace("{", "{\"tenure\": 70, ", StringComparison.Ordinal);   // tenure twice, two values
        foreach (var (url, body, says) in new[]
        {
            ("/v1/projects/churn/predict", $$"""{"rows": [{{duplicated}}]}""", "'tenure'"),
            ("/v1/projects/churn/predict", $$"""{"rows": [{{row}}], "rows": []}""", "'rows'"),
            ($"/v1/experiments/{Experiment}/assign", """{"unit": "a", "unit": "b"}""", "'unit'"),
            ("/v1/projects/churn/predict", $$"""{"rows": [{{row}},]}""", "trailing comma"),
            ("/v1/events", """[{"id": "x"} /* comment */]""", "line 1"),
        })
        {
            var (status, json, response) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(body) });
            using (response)
            {
                Assert.Equal(HttpStatusCode.BadRequest, status);
                AssertProblem(response, json);
                var detail = json.GetProperty("detail").GetString()!;
                Assert.Contains(says, detail, StringComparison.Ordinal);
                Assert.DoesNotContain("reader options", detail, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("LineNumber", detail, StringComparison.Ordinal);
                Assert.DoesNotContain("BytePositionInLine", detail, StringComparison.Ordinal);
            }
        }
    }

    // ---- Issue 18 item 10 (HTTP) and issue 17 item 6: non-finite numbers are errors, missing values are missing -------

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("400 digits")]
    public async Task A_non_finite_number_is_400_naming_the_field(string value)
    {
        using var ws = await WorkspaceAsync();
        await using var server = await RunningServer.StartAsync(ws);
        var sent = value == "400 digits" ? "1" + new string('7', 399) : value;
        var row = Row().Replace("\"tenure\": 1,", $"\"tenure\": {sent},", StringComparison.Ordinal);
        Assert.Contains(sent, row, StringComparison.Ordinal);
        var (status, json, response) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, "/v1/projects/churn/predict") { Content = Json($$"""{"rows": [{{row}}]}""") });
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            AssertProblem(response, json);
            Assert.Contains("expected a finite number", json.GetProperty("errors").GetProperty("rows[0].tenure")[0].GetString(), StringComparison.Ordinal);
            Assert.StartsWith("row 0, field 'tenure'", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_absent_or_null_feature_is_scored_as_missing_and_counted()
    {
        using var ws = await WorkspaceAsync();
        await using var server = await RunningServer.StartAsync(ws);
        // gender and tenure were never missing in training: absent and null are both a missing value.
        var absent = Row().Replace("\"gender\": \"Female\", ", "", StringComparison.Ordinal);
        var nulled = Row().Replace("\"tenure\": 1,", "\"tenure\": null,", StringComparison.Ordinal);
        Assert.NotEqual(Row(), absent);
        Assert.NotEqual(Row(), nulled);
        var (status, json, response) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, "/v1/projects/churn/predict") { Content = Json($$"""{"rows": [{{Row()}}, {{absent}}, {{nulled}}]}""") });
        response.Dispose();
        Assert.Equal(HttpStatusCode.OK, status);
        var missing = json.GetProperty("missing_features").EnumerateArray().Select(m => (m.GetProperty("row").GetInt32(), m.GetProperty("field").GetString())).ToArray();
        Assert.Equal([(1, "gender"), (2, "tenure")], missing);

        // Scored with XGBoost's default direction: libxgboost's model on pandas' row 0 with the feature missing.
        var (names, rows) = XGBoostFixtures.Features("telco");
        var model = LeanML.Scoring.XGBoostModel.Load(await File.ReadAllBytesAsync(XGBoostFixtures.ModelPath("telco")));
        var scores = json.GetProperty("predictions").EnumerateArray().Select(p => ServingWorkspace.F(p.GetProperty("score").GetSingle())).ToArray();
        foreach (var (index, feature) in new[] { (1, "gender"), (2, "tenure") })
        {
            var features = (float[])rows[0].Clone();
            features[Array.IndexOf(names, feature)] = float.NaN;
            var expected = new float[1];
            model.Predict(features, expected);
            Assert.Equal(ServingWorkspace.F(expected[0]), scores[index]);
        }

        Assert.Matches(@"\nleanml_missing_features_total 2\n", await server.Client.GetStringAsync("/metrics"));
    }

    // ---- Issue 17 item 8 (HTTP): ids end to end ---------------------------------------------------------------------

    [Fact]
    public async Task Predict_takes_the_briefs_id_echoes_it_gives_each_prediction_an_id_and_logs_both()
    {
        using var ws = await WorkspaceAsync();
        string[] predictionIds;
        await using (var server = await RunningServer.StartAsync(ws))
        {
            var withText = Row(0).Replace("{", "{\"customerID\": \"7590-VHVEG\", ", StringComparison.Ordinal);
            var withNumber = Row(1).Replace("{", "{\"customerID\": 42, ", StringComparison.Ordinal);
            var (status, json, response) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, "/v1/projects/churn/predict") { Content = Json($$"""{"rows": [{{withText}}, {{withNumber}}, {{Row(2)}}]}""") });
            response.Dispose();
            Assert.True(status == HttpStatusCode.OK, json.ToString());
            var predictions = json.GetProperty("predictions").EnumerateArray().ToArray();
            Assert.Equal("7590-VHVEG", predictions[0].GetProperty("id").GetString());
            Assert.Equal(42, predictions[1].GetProperty("id").GetInt32());   // an integer id stays an integer
            Assert.False(predictions[2].TryGetProperty("id", out _));
            predictionIds = [.. predictions.Select(p => p.GetProperty("prediction_id").GetString()!)];
            Assert.Equal(3, predictionIds.Distinct().Count());
            Assert.All(predictionIds, id => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", id));   // ULIDs
            var expected = ServingWorkspace.TelcoExpected();
            Assert.Equal(ServingWorkspace.F(expected[0]), ServingWorkspace.F(predictions[0].GetProperty("score").GetSingle()));   // the id is no feature

            // The unit of an experiment may be an integer (the same unit as its text).
            var (assigned, a, r2) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, $"/v1/experiments/{Experiment}/assign") { Content = Json("""{"unit": 42}""") });
            r2.Dispose();
            Assert.Equal(HttpStatusCode.OK, assigned);
            Assert.Equal("42", a.GetProperty("unit").GetString());
            var (again, b, r3) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, $"/v1/experiments/{Experiment}/assign") { Content = Json("""{"unit": "42"}""") });
            r3.Dispose();
            Assert.Equal(HttpStatusCode.OK, again);
            Assert.False(b.GetProperty("new").GetBoolean());
            var (scored, p, r4) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, "/v1/projects/churn/predict") { Content = Json($$"""{"unit": 42, "rows": [{{Row()}}]}""") });
            r4.Dispose();
            Assert.Equal(HttpStatusCode.OK, scored);
            Assert.Equal(a.GetProperty("variant").GetString(), p.GetProperty("variant").GetString());
        }

        // Stopping flushed the log: prediction id, row id, project, run, time, inputs and output of each.
        await using var store = await StateStore.OpenAsync(ws.Workspace);
        await using var cmd = store.Command($"SELECT prediction_id, row_id, project, run_id, logged_at, inputs, output FROM {store.Engine.Meta("prediction_log")} WHERE prediction_id IN (@a, @b, @c) ORDER BY prediction_id");
        cmd.Bind("@a", predictionIds[0]);
        cmd.Bind("@b", predictionIds[1]);
        cmd.Bind("@c", predictionIds[2]);
        await using var reader = await cmd.ExecuteReaderAsync();
        var logged = new Dictionary<string, (string? Row, string Project, string Inputs, string Output)>();
        while (await reader.ReadAsync())
        {
            Assert.StartsWith("01RUN", reader.GetString(3), StringComparison.Ordinal);
            Assert.StartsWith(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetString(4), StringComparison.Ordinal);
            logged[reader.GetString(0)] = (reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetString(5), reader.GetString(6));
        }

        Assert.Equal(3, logged.Count);
        Assert.Equal("7590-VHVEG", logged[predictionIds[0]].Row);
        Assert.Equal("42", logged[predictionIds[1]].Row);
        Assert.Null(logged[predictionIds[2]].Row);
        Assert.All(logged.Values, v => Assert.Equal("churn", v.Project));
        Assert.Contains("\"customerID\": \"7590-VHVEG\"", logged[predictionIds[0]].Inputs, StringComparison.Ordinal);
        Assert.StartsWith("[", logged[predictionIds[0]].Output, StringComparison.Ordinal);

        // The warehouse's analytic copy (where monitoring joins predictions with outcomes) carries the same ids.
        var copy = Infrastructure.Cli.Run(ws.Root, "sql", $"SELECT prediction_id, row_id FROM leanml.prediction_log WHERE prediction_id IN ('{predictionIds[0]}', '{predictionIds[2]}') ORDER BY prediction_id", "--json");
        Assert.True(copy.ExitCode == 0, copy.ToString());
        var copied = copy.Json().GetProperty("rows").EnumerateArray().ToDictionary(r => r[0].GetString()!, r => r[1].ValueKind == System.Text.Json.JsonValueKind.Null ? null : r[1].GetString());
        Assert.Equal("7590-VHVEG", copied[predictionIds[0]]);
        Assert.Null(copied[predictionIds[2]]);
    }

    // ---- Issue 18 items 5, 7, 8: faults are 503 with Retry-After; scoring never waits; recovery by itself -------------

    [Fact]
    public async Task A_held_lock_answers_writes_503_with_retry_after_while_predictions_go_on()
    {
        using var ws = await WorkspaceAsync();
        await using var server = await RunningServer.StartAsync(ws, new ServingOptions { StoreWriteWait = TimeSpan.FromSeconds(1) });

        // One prediction first, so the timed ones below measure waiting, not the first request's compilation.
        using (var warm = await server.Client.PostAsync("/v1/projects/churn/predict", Json($$"""{"rows": [{{Row(0)}}]}""")))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await using (var holder = new SqliteConnection($"Data Source={ws.Workspace.StatePath};Pooling=False"))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";   // another process's long write: the write lock held
                await begin.ExecuteNonQueryAsync();
            }

            var writes = Enumerable.Range(0, 6).Select(i => SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, i % 2 == 0 ? $"/v1/experiments/{Experiment}/assign" : "/v1/events")
            {
                Content = Json(i % 2 == 0 ? $$"""{"unit": "locked-{{i}}"}""" : Event("locked-" + i)),
            })).ToArray();

            // While six writes wait on the lock, predictions are answered at once: scoring never waits on the database.
            for (var i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                using var predicted = await server.Client.PostAsync("/v1/projects/churn/predict", Json($$"""{"rows": [{{Row(i)}}]}"""));
                Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"a prediction took {clock.Elapsed} while the database was locked");
            }

            foreach (var (status, json, response) in await Task.WhenAll(writes))
            {
                using (response)
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                    AssertProblem(response, json);
                    Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
                    Assert.Matches("locked|busy", json.GetProperty("detail").GetString()!);
                }
            }
        }

        // The lock released: the next writes succeed by themselves.
        using var assign = await server.Client.PostAsync($"/v1/experiments/{Experiment}/assign", Json("""{"unit": "after"}"""));
        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        using var events = await server.Client.PostAsync("/v1/events", Json(Event("after")));
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
    }

    [Fact]
    public async Task A_read_only_store_answers_503_and_writes_recover_by_themselves_when_it_is_writable_again()
    {
        using var ws = await WorkspaceAsync();
        await using var server = await RunningServer.StartAsync(ws);
        using (var first = await server.Client.PostAsync("/v1/events", Json(Event("before"))))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // The store and its WAL made immutable (read-only even for root, and even through descriptors already open):
        // a new connection opens the file read-only without a word, and writes through an open one are refused. The
        // pool is emptied, as a long-running server's turns over, so the next writes open new connections.
        Chattr("+i", ws.Workspace.StatePath);
        Chattr("+i", ws.Workspace.StatePath + "-wal");
        try
        {
            SqliteConnection.ClearAllPools();
            foreach (var (url, body) in new[] { ("/v1/events", Event("ro-1")), ($"/v1/experiments/{Experiment}/assign", """{"unit": "ro"}"""), ("/v1/events", Event("ro-2")) })
            {
                var (status, json, response) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(body) });
                using (response)
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                    AssertProblem(response, json);
                    Assert.NotNull(response.Headers.RetryAfter);
                    Assert.Matches("read-only|could not be read or written", json.GetProperty("detail").GetString()!);
                }
            }
        }
        finally
        {
            Chattr("-i", ws.Workspace.StatePath);
            Chattr("-i", ws.Workspace.StatePath + "-wal");
        }

        // Writable again: no read-only connection was kept, so the next writes succeed without a restart.
        using (var events = await server.Client.PostAsync("/v1/events", Json(Event("after"))))
        {
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        }

        using var assign = await server.Client.PostAsync($"/v1/experiments/{Experiment}/assign", Json("""{"unit": "after"}"""));
        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        Assert.Equal(2, await CountAsync(ws, "events"));
    }

    [Fact]
    public async Task A_connection_sqlite_opened_read_only_is_refused_and_never_pooled()
    {
        // The unit under the server's recovery: nothing else of this process has the file open, so SQLite really opens
        // it read-only (in the server, SQLite reuses the descriptors its other connections hold).
        using var dir = new Infrastructure.TempDir();
        var cs = LeanML.Storage.Sqlite.SqliteEngine.ConnectionString(dir.Combine("state.db"));
        await using (await Database.OpenAsync(LeanML.Storage.Sqlite.SqliteEngine.Instance, cs, StoreKind.State))
        {
        }

        SqliteConnection.ClearAllPools();
        Chattr("+i", dir.Combine("state.db"));
        try
        {
            var refused = await Assert.ThrowsAsync<LeanMLEnvironmentException>(() => Database.OpenAsync(LeanML.Storage.Sqlite.SqliteEngine.Instance, cs, StoreKind.State));
            Assert.Matches("read-only|cannot be opened", refused.Message);
        }
        finally
        {
            Chattr("-i", dir.Combine("state.db"));
        }

        // Writable again: the next connection writes (a read-only one kept in the pool would fail here until restart).
        await using var store = await Database.OpenAsync(LeanML.Storage.Sqlite.SqliteEngine.Instance, cs, StoreKind.State);
        await new TokenStore(store).CreateAsync(TokenScope.Predict, "after");
        Assert.Single(await new TokenStore(store).ListAsync());
    }

    private static void Chattr(string flag, string path)
    {
        using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"chattr {flag} {path} (the fault tests run as root, as test.sh does): {error}");
    }

    [Fact]
    public async Task A_full_disk_answers_503_naming_it_and_writes_recover_when_space_is_freed()
    {
        using var mount = TmpfsState.Mount(sizeMb: 8);
        using var ws = await WorkspaceAsync(mount.Into);
        await using var server = await RunningServer.StartAsync(ws);
        var filler = Path.Combine(mount.Path, "filler");
        await using (var fill = File.Create(filler))
        {
            var chunk = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    fill.Write(chunk);
                    fill.Flush();
                }
            }
            catch (IOException)
            {
                // The file system is full.
            }
        }

        var many = "[" + string.Join(",", Enumerable.Range(0, 2000).Select(i => Event($"full-{i}-{new string('x', 100)}")[1..^1])) + "]";
        var (status, json, response) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = Json(many) });
        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            AssertProblem(response, json);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Matches("disk is full|I/O error", json.GetProperty("detail").GetString()!);
        }

        File.Delete(filler);
        using var after = await server.Client.PostAsync("/v1/events", Json(many));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2000, await CountAsync(ws, "events"));
    }

    [Fact]
    public async Task A_damaged_store_answers_503_naming_it_never_500()
    {
        using var ws = await WorkspaceAsync();
        await using var server = await RunningServer.StartAsync(ws);
        SqliteConnection.ClearAllPools();
        // Overwritten in place (the same file, so not "replaced"), its WAL too, and the WAL index gone: what a failing
        // disk or a stray write leaves.
        foreach (var file in new[] { ws.Workspace.StatePath, ws.Workspace.StatePath + "-wal" })
        {
            if (File.Exists(file))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                stream.Write(Enumerable.Repeat((byte)0x5A, (int)stream.Length).ToArray());
            }
        }

        File.Delete(ws.Workspace.StatePath + "-shm");

        foreach (var (url, body) in new[] { ("/v1/events", Event("damaged")), ($"/v1/experiments/{Experiment}/assign", """{"unit": "damaged"}""") })
        {
            var (status, json, response) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(body) });
            using (response)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                AssertProblem(response, json);
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Matches("damaged|not a database|malformed", json.GetProperty("detail").GetString()!);
            }
        }
    }

    // ---- Issue 18 item 6 (server): a deleted or replaced store makes the server not ready, and is never recreated -----

    [Theory]
    [InlineData("deleted")]
    [InlineData("replaced")]
    public async Task A_deleted_or_replaced_store_makes_the_server_not_ready_and_is_never_recreated(string how)
    {
        using var ws = await WorkspaceAsync();
        await using var server = await RunningServer.StartAsync(ws);
        using (var ready = await server.Client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        using (var predicted = await server.Client.PostAsync("/v1/projects/churn/predict", Json($$"""{"rows": [{{Row()}}]}""")))
        {
            Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (server.State.Log.Logged < 1)
        {
            await Task.Delay(10, timeout.Token);
        }

        var path = ws.Workspace.StatePath;
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        if (how == "replaced")
        {
            await File.WriteAllBytesAsync(path, []);   // an empty file where the store was
        }

        var (status, json, response) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Get, "/readyz"));
        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            AssertProblem(response, json);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains("deleted or replaced", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var (written, problem, r2) = await SendAsync(server.Client, new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = Json(Event("lost")) });
        using (r2)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, written);
            AssertProblem(r2, problem);
            Assert.NotNull(r2.Headers.RetryAfter);
        }

        // Predictions still score from the models in memory, but none is counted as logged into a file that is gone.
        using (var predicted = await server.Client.PostAsync("/v1/projects/churn/predict", Json($$"""{"rows": [{{Row()}}]}""")))
        {
            Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        }

        while (server.State.Log.Failed < 1)
        {
            await Task.Delay(10, timeout.Token);
        }

        Assert.Equal(1, server.State.Log.Logged);

        await Task.Delay(server.State.Options.PollInterval * 3);   // polls that must not reopen (and so recreate) it
        Assert.Equal(how == "replaced", File.Exists(path));
        Assert.Equal(how == "replaced" ? 0 : -1, File.Exists(path) ? new FileInfo(path).Length : -1);
        using var still = await server.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, still.StatusCode);
    }

    /// <summary>A small tmpfs mounted on a workspace's .leanml folder (the test runs as root, as test.sh does).</summary>
    private sealed class TmpfsState : IDisposable
    {
        private TmpfsState(string path) => Path = path;

        public string Path { get; }

        public static TmpfsState Mount(int sizeMb)
        {
            Assert.True(Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root", "the fault tests mount a tmpfs and must run as root (test.sh does)");
            var dir = Directory.CreateTempSubdirectory("leanml-tmpfs-").FullName;
            Run("mount", "-t", "tmpfs", "-o", $"size={sizeMb}m", "tmpfs", dir);
            return new TmpfsState(dir);
        }

        /// <summary>Points a workspace's .leanml folder at the mount.</summary>
        public void Into(ServingWorkspace ws) => Directory.CreateSymbolicLink(System.IO.Path.Combine(ws.Root, ".leanml"), Path);

        public void Dispose()
        {
            Run("umount", "-l", Path);
            Directory.Delete(Path);
        }

        private static void Run(string file, params string[] args)
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
        }
    }
}

/// <summary>The same server on PostgreSQL (both stores in one database): ids logged, writes bounded by a held lock.</summary>
public sealed class PostgresServerAttackTests : IAsyncLifetime
{
    private readonly Infrastructure.PostgresProvider _pg = new();
    private readonly string _variable = "LEANML_TEST_SERVE_PG_" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync() => Environment.SetEnvironmentVariable(_variable, await _pg.CreateDatabaseAsync());

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _pg.DisposeAsync();
    }

    [Fact]
    public async Task Ids_are_logged_and_a_held_lock_answers_503_with_retry_after_while_predictions_go_on()
    {
        using var ws = ServingWorkspace.CreatePostgres(_variable);
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        Directory.CreateDirectory(ws.Workspace.ExperimentsDir);
        await File.WriteAllTextAsync(Path.Combine(ws.Workspace.ExperimentsDir, "pg.yaml"), $$"""
            name: pg
            project: churn
            unit: customer
            variants:
              - {name: control, weight: 0.5}
              - {name: treatment, weight: 0.5, run: {{run}}}
            primary: retained
            metrics:
              retained: {event: renewed, kind: proportion}
            """);
        await using (var store = await StateStore.OpenAsync(ws.Workspace))
        {
            await new ExperimentService(ws.Workspace, store).CreateAsync("pg");
        }

        string predictionId;
        await using (var server = await RunningServer.StartAsync(ws, new ServingOptions { StoreWriteWait = TimeSpan.FromSeconds(1) }))
        {
            var row = PredictApiTests.TelcoRowJson(0).Replace("{", "{\"customerID\": 7, ", StringComparison.Ordinal);
            using (var predicted = await server.Client.PostAsync("/v1/projects/churn/predict", new StringContent($$"""{"rows": [{{row}}]}""", Encoding.UTF8, "application/json")))
            {
                var json = JsonDocument.Parse(await predicted.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
                Assert.Equal(7, json.GetProperty("predictions")[0].GetProperty("id").GetInt32());
                predictionId = json.GetProperty("predictions")[0].GetProperty("prediction_id").GetString()!;
            }

            // Another session holds the assignments table: assign waits at most StoreWriteWait, then 503.
            await using var holder = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable(_variable));
            await holder.OpenAsync();
            await using (var tx = await holder.BeginTransactionAsync())
            {
                await using (var lockTable = new Npgsql.NpgsqlCommand("LOCK TABLE leanml.assignments IN ACCESS EXCLUSIVE MODE", holder, tx))
                {
                    await lockTable.ExecuteNonQueryAsync();
                }

                var clock = Stopwatch.StartNew();
                using var assign = await server.Client.PostAsync("/v1/experiments/pg/assign", new StringContent("""{"unit": 42}""", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, assign.StatusCode);
                Assert.Equal("application/problem+json", assign.Content.Headers.ContentType?.MediaType);
                Assert.NotNull(assign.Headers.RetryAfter);
                Assert.Contains("locked", await assign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the assignment waited {clock.Elapsed}");
                using var scored = await server.Client.PostAsync("/v1/projects/churn/predict", new StringContent($$"""{"rows": [{{row}}]}""", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
                await tx.RollbackAsync();
            }

            using var after = await server.Client.PostAsync("/v1/experiments/pg/assign", new StringContent("""{"unit": 42}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        await using var check = await StateStore.OpenAsync(ws.Workspace);
        await using var cmd = check.Command($"SELECT row_id, project, run_id FROM {check.Engine.Meta("prediction_log")} WHERE prediction_id = @p");
        cmd.Bind("@p", predictionId);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("7", "churn", run), (reader.GetString(0), reader.GetString(1), reader.GetString(2)));
    }
}
