using System.Text.Json;

namespace LeanML.Internal;

/// <summary>The library's JSON options for its own columns and files.</summary>
internal static class LeanMLJson
{
    /// <summary>Default options (as <see cref="JsonSerializer"/> without options) on <see cref="LeanMLJsonContext"/>.</summary>
    /// <remarks>Not a static of the context itself: its generated statics may not be set yet when such a one runs.</remarks>
    public static JsonSerializerOptions Plain { get; } = new() { TypeInfoResolver = LeanMLJsonContext.Default };
}
