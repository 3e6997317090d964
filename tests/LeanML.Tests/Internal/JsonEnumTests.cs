using System.Text.Json;
using LeanML.Experiments;
using LeanML.Internal;

namespace LeanML.Tests.Internal;

public sealed class JsonEnumTests
{
    // Enums are written as snake_case strings by one generic converter each (the non-generic factory cannot run in the
    // natively compiled CLI); an enum left out of the list would be written as a bare number in --json and API answers.
    [Fact]
    public void Every_public_enum_of_the_library_has_its_snake_case_converter()
    {
        var enums = typeof(JsonOptionsExtensions).Assembly.GetExportedTypes().Where(t => t.IsEnum).ToList();
        Assert.NotEmpty(enums);
        Assert.All(enums, e => Assert.True(JsonOptionsExtensions.SnakeCaseEnums.Count(c => c.CanConvert(e)) == 1, $"{e.FullName} has no snake_case converter"));
        Assert.Equal(enums.Count, JsonOptionsExtensions.SnakeCaseEnums.Count);
    }

    [Fact]
    public void An_enum_is_written_in_snake_case()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() }.WithSnakeCaseEnums();
        Assert.Equal("\"do_not_ship\"", JsonSerializer.Serialize(ExperimentDecision.DoNotShip, options));
    }
}
