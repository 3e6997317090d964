using LeanML.Experiments;

namespace LeanML.Tests.Experiments;

public sealed class Utf8OrderTests
{
    [Fact]
    public void Orders_like_sqlite_binary_collation()
    {
        // SQLite: SELECT column1 FROM (VALUES ('z'),('a'),('é'),(char(65533)),(char(128512))) ORDER BY column1 → a, z, é, U+FFFD, U+1F600 (UTF-8 byte order);
        // UTF-16 ordinal order would put U+1F600 (a surrogate pair, 0xD83D…) before U+FFFD.
        string[] input = ["z", "\U0001F600", "a", "\uFFFD", "é"];
        Assert.Equal(["a", "z", "é", "\uFFFD", "\U0001F600"], input.OrderBy(s => s, Utf8Order.Instance));
    }
}
