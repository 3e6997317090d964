using System.Data.Common;

namespace LeanML.Storage;

/// <summary>Parameter binding shared by every store: each value goes in as a parameter, never into the SQL text.</summary>
public static class DbCommandExtensions
{
    /// <summary>
    /// Adds a named parameter (NULL for a null value) and returns the command. The name is bound without its
    /// <c>@</c>: every provider matches a bare name (DuckDB only that one).
    /// </summary>
    public static DbCommand Bind(this DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = BareName(name);
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return command;
    }

    /// <summary>A parameter name without its sigil, as every provider binds it.</summary>
    public static string BareName(string name) => name.Length > 0 && name[0] is '@' or '$' or ':' ? name[1..] : name;
}
