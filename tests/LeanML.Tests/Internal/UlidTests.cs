using LeanML.Internal;

namespace LeanML.Tests.Internal;

public sealed class UlidTests
{
    [Fact]
    public void Ids_are_26_crockford_characters_and_sort_by_time()
    {
        var earlier = Ulid.New(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var later = Ulid.New(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 1, TimeSpan.Zero));
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", earlier);
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        // 2026-01-01T00:00:00Z = 1767225600000 ms; the first 10 characters encode it (computed with a Python one-liner: ms << 80, base32 Crockford).
        Assert.Equal("01KDVDNA00", earlier[..10]);
    }

    [Fact]
    public void Two_ids_at_the_same_millisecond_differ() =>
        Assert.NotEqual(Ulid.New(DateTimeOffset.UnixEpoch), Ulid.New(DateTimeOffset.UnixEpoch));
}
