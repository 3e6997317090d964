using LeanML.Storage;

namespace LeanML.Tests.Storage;

public sealed class SqlStatementsTests
{
    [Theory]
    [InlineData("SELECT 1", "SELECT 1")]
    [InlineData("SELECT 1;", "SELECT 1")]
    [InlineData("SELECT 1 ; ; -- done\n", "SELECT 1")]
    [InlineData("SELECT E'a\\';b' AS x", "SELECT E'a\\';b' AS x")]          // PostgreSQL E-string: \' does not end it
    [InlineData("SELECT 'a\\'; SELECT 1 --'", null)]                        // plain string: \ is a character, so ; ends it
    [InlineData("SELECT /* a /* nested ; */ still comment ; */ 1", "SELECT /* a /* nested ; */ still comment ; */ 1")]
    [InlineData("SELECT $tag$ ; $ ; $tag$", "SELECT $tag$ ; $ ; $tag$")]
    [InlineData("SELECT \"a\"\";\" FROM t", "SELECT \"a\"\";\" FROM t")]
    [InlineData("SELECT $1; DROP TABLE t", null)]                           // a parameter is not a dollar quote
    public void One_statement_is_kept_and_a_second_is_refused(string sql, string? expected)
    {
        if (expected is null)
        {
            var ex = Assert.Throws<LeanMLInputException>(() => SqlStatements.RequireOne(sql));
            Assert.Contains("one statement only", ex.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(expected, SqlStatements.RequireOne(sql));
        }
    }

    [Fact]
    public void The_message_names_where_the_second_statement_starts()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => SqlStatements.RequireOne("SELECT 1;\n  DELETE FROM t"));
        Assert.Contains("line 2, column 3 ('DELETE FROM t')", ex.Message, StringComparison.Ordinal);
    }
}
