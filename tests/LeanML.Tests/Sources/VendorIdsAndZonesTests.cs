using LeanML.Sources.Internal;

namespace LeanML.Tests.Sources;

public sealed class VendorIdsAndZonesTests
{
    // Golden values: python3 -c "s='001A0000006Vm9r';a='ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';print(s+''.join(a[sum(1<<i for i,c in enumerate(s[k*5:k*5+5]) if c.isupper())] for k in range(3)))"
    [Theory]
    [InlineData("001A0000006Vm9r", "001A0000006Vm9rIAC")]
    [InlineData("00QE000000abCDE", "00QE000000abCDEMA2")]
    [InlineData("a0B5g00000XYZAB", "a0B5g00000XYZABEA5")]
    [InlineData("001A0000006Vm9rIAC", "001A0000006Vm9rIAC")]
    public void Salesforce_15_character_ids_become_the_18_character_case_safe_form(string id, string expected) =>
        Assert.Equal(expected, SalesforceIds.To18(id));

    [Fact]
    public void Ids_differing_only_in_case_stay_different_after_conversion() =>
        Assert.NotEqual(SalesforceIds.To18("001A0000006Vm9r")!.ToUpperInvariant(), SalesforceIds.To18("001a0000006vm9r")!.ToUpperInvariant());

    [Theory]
    [InlineData("Eastern Time (US & Canada)", "America/New_York")]
    [InlineData("Pacific Time (US & Canada)", "America/Los_Angeles")]
    [InlineData("(GMT-06:00) Central Time (US & Canada)", "America/Chicago")]
    [InlineData("London", "Europe/London")]
    [InlineData("Europe/Madrid", "Europe/Madrid")]
    public void Square_zone_labels_map_to_iana_ids(string label, string iana) => Assert.Equal(iana, SquareTimeZones.ToIana(label));

    [Fact]
    public void Every_mapped_zone_is_known_to_the_system_tzdata()
    {
        foreach (var label in new[] { "Eastern Time (US & Canada)", "Hawaii", "Arizona", "Tokyo", "Sydney", "Kolkata", "Newfoundland" })
        {
            Assert.NotNull(SquareTimeZones.TryFind(SquareTimeZones.ToIana(label)!));
        }

        Assert.Null(SquareTimeZones.ToIana("Atlantis Standard Time"));
    }

    [Fact]
    public void Local_times_convert_with_daylight_saving()
    {
        // python3: datetime(2024,7,1,12,tzinfo=ZoneInfo('America/New_York')).astimezone(timezone.utc) → 16:00; January → 17:00.
        Assert.Equal(new DateTime(2024, 7, 1, 16, 0, 0), SquareTimeZones.ToUtc(new DateTime(2024, 7, 1, 12, 0, 0), "America/New_York"));
        Assert.Equal(new DateTime(2024, 1, 1, 17, 0, 0), SquareTimeZones.ToUtc(new DateTime(2024, 1, 1, 12, 0, 0), "America/New_York"));
    }
}
