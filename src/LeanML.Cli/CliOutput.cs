using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeanML.Internal;

namespace LeanML.Cli;

/// <summary>
/// Where a command's report goes: with <c>--json</c>, one JSON document on stdout and human text on stderr;
/// otherwise human text on stdout. Progress and warnings always go to stderr.
/// </summary>
internal sealed class CliOutput(bool json, TextWriter stdout, TextWriter stderr)
{
    /// <summary>snake_case keys, readable indentation, enums as strings.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = CliJsonContext.Default,
    }.WithSnakeCaseEnums();

    /// <summary>One-line JSON for echoing a response body in human text.</summary>
    public static JsonSerializerOptions CompactJson { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = CliJsonContext.Default };

    /// <summary>True when the user asked for JSON.</summary>
    public bool Json { get; } = json;

    /// <summary>Human-readable report text: stdout normally, stderr under --json so stdout stays one document.</summary>
    public TextWriter Human { get; } = json ? stderr : stdout;

    /// <summary>Progress, warnings and errors.</summary>
    public TextWriter Error { get; } = stderr;

    /// <summary>Writes the report: the JSON document under --json, else the human rendering.</summary>
    public void Report<T>(T result, Action<TextWriter> human)
    {
        if (Json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(result, JsonOptions.Info<T>()));
        }
        else
        {
            human(Human);
        }
    }

    /// <summary>A progress or status line on stderr (suppressed nowhere: stderr is not part of the JSON contract).</summary>
    public void Status(string line) => Error.WriteLine(line);
}
