using System.Data.Common;

namespace LeanML.Storage;

/// <summary>Parameter binding shared by every store: each value goes in as a parameter, never into the SQL text.</summary>
public static class DbCommandExtensions
{
    /// <summary>Adds a named parameter (NULL for a null value) and returns the command.</summary>
    public static DbCommand Bind(this DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return command;
    }
}
