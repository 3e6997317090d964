using System.Data.Common;
using System.Text.Json;
using LeanML.Storage;
using Microsoft.VisualBasic.FileIO;
using static LeanML.Experiments.DbValues;

namespace LeanML.Experiments;

/// <summary>
/// Experiment events, idempotent on their id: a duplicate is counted and ignored, never counted twice;
/// a malformed event is rejected with its index and reason while the good ones are stored (one transaction).
/// </summary>
public sealed class EventStore(Database warehouse) : MetadataStore(warehouse)
{
    /// <summary>The columns an events file must have (value may be omitted: it then counts 1).</summary>
    public static IReadOnlyList<string> FileColumns { get; } = ["id", "unit", "name", "value", "time"];

    /// <summary>Validates and stores events; returns the counts and the rejections.</summary>
    public async Task<EventLoadResult> AddAsync(IEnumerable<EventInput> events, CancellationToken cancellationToken = default)
    {
        var received = 0;
        var accepted = 0;
        var duplicates = 0;
        var rejected = new List<EventRejection>();
        await using var tx = await Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = Database.Command($"INSERT INTO {Table("events")} (id, unit, name, value, time_ms) VALUES (@id, @u, @n, @v, @t) ON CONFLICT (id) DO NOTHING", tx);
        var id = AddSlot(insert, "@id");
        var unit = AddSlot(insert, "@u");
        var name = AddSlot(insert, "@n");
        var value = AddSlot(insert, "@v");
        var time = AddSlot(insert, "@t");
        foreach (var input in events)
        {
            received++;
            var reason = input.Validate(out var e);
            if (reason is not null)
            {
                rejected.Add(new EventRejection(input.Index, reason));
                continue;
            }

            id.Value = e!.Id;
            unit.Value = e.Unit;
            name.Value = e.Name;
            value.Value = e.Value;
            time.Value = Ms(e.Time);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                accepted++;
            }
            else
            {
                duplicates++;
            }
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new EventLoadResult(received, accepted, duplicates, rejected);
    }

    /// <summary>Stores the events of a JSON array (the HTTP body); a body that is not an array is an input error.</summary>
    public Task<EventLoadResult> AddJsonAsync(JsonElement body, CancellationToken cancellationToken = default)
    {
        if (body.ValueKind != JsonValueKind.Array)
        {
            throw new LeanMLInputException("the body must be a JSON array of events like [{\"id\": \"e1\", \"unit\": \"cust-42\", \"name\": \"renewed\", \"value\": 1, \"time\": \"2026-11-22T10:00:00Z\"}].", field: "body");
        }

        return AddAsync(body.EnumerateArray().Select(EventInput.FromJson), cancellationToken);
    }

    /// <summary>Loads events from a CSV file (header id,unit,name,value,time) or JSON Lines file (.jsonl/.ndjson); rejections carry line numbers.</summary>
    public async Task<EventLoadResult> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new LeanMLInputException("the events file does not exist.", path);
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        var inputs = extension is ".jsonl" or ".ndjson" or ".json" ? ReadJsonLines(path) : ReadCsv(path);
        return await AddAsync(inputs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The number of stored events.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using DbCommand cmd = Database.Command($"SELECT COUNT(*) FROM {Table("events")}");
        return Long((await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }

    private static IEnumerable<EventInput> ReadCsv(string path)
    {
        using var parser = new TextFieldParser(path, System.Text.Encoding.UTF8) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = true };
        parser.SetDelimiters(path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? "\t" : ",");
        var header = parser.ReadFields()?.Select(h => h.Trim().ToLowerInvariant()).ToList()
            ?? throw new LeanMLInputException("the events file is empty; it needs a header line: id,unit,name,value,time.", path, 1);
        var missing = FileColumns.Where(c => c != "value" && !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new LeanMLInputException($"the header lacks the column(s) {string.Join(", ", missing)}; an events file has the columns id,unit,name,value,time.", path, 1, field: missing[0]);
        }

        var at = FileColumns.ToDictionary(c => c, c => header.IndexOf(c));
        while (!parser.EndOfData)
        {
            string[]? fields;
            var line = (int)parser.LineNumber;
            try
            {
                fields = parser.ReadFields();
            }
            catch (MalformedLineException ex)
            {
                throw new LeanMLInputException($"this line is not valid CSV: {ex.Message}", path, (int)ex.LineNumber, inner: ex);
            }

            if (fields is null || fields.All(string.IsNullOrEmpty))
            {
                continue;
            }

            string? Get(string column) => at[column] >= 0 && at[column] < fields.Length ? fields[at[column]] : null;
            yield return new EventInput(line, Get("id"), Get("unit"), Get("name"), Get("value"), Get("time"));
        }
    }

    private static IEnumerable<EventInput> ReadJsonLines(string path)
    {
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            EventInput input;
            try
            {
                using var doc = JsonDocument.Parse(text);
                input = EventInput.FromJson(doc.RootElement, line);
            }
            catch (JsonException ex)
            {
                input = new EventInput(line, null, null, null, null, null, $"the line is not valid JSON: {ex.Message.Split('.')[0]}");
            }

            yield return input;
        }
    }
}
