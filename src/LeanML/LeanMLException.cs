namespace LeanML;

/// <summary>Base of every error LeanML raises on purpose; hosts map its kind to an exit code or HTTP status.</summary>
public abstract class LeanMLException : Exception
{
    /// <summary>Creates the exception with a message that says what was wrong, where, and what to do.</summary>
    protected LeanMLException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>Bad input or data: a file, line, column or field the user must fix (CLI exit code 3).</summary>
public sealed class LeanMLInputException : LeanMLException
{
    /// <summary>Creates an input error, optionally naming the file, line, column and field at fault.</summary>
    public LeanMLInputException(string message, string? file = null, int? line = null, int? column = null, string? field = null, Exception? inner = null)
        : base(Compose(message, file, line, column), inner)
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
    }

    /// <summary>The file at fault, when there is one.</summary>
    public string? File { get; }

    /// <summary>The 1-based line at fault, when known.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column at fault, when known.</summary>
    public int? Column { get; }

    /// <summary>The field, key or column name at fault, when known.</summary>
    public string? Field { get; }

    private static string Compose(string message, string? file, int? line, int? column)
    {
        if (file is null)
        {
            return message;
        }

        var where = line is null ? file : column is null ? $"{file}:{line}" : $"{file}:{line}:{column}";
        return $"{where}: {message}";
    }
}

/// <summary>The machine lacks something LeanML needs (a native library, a reachable database): CLI exit code 4.</summary>
public sealed class LeanMLEnvironmentException : LeanMLException
{
    /// <summary>Creates an environment error; the message says what to install or start.</summary>
    public LeanMLEnvironmentException(string message, Exception? inner = null) : base(message, inner) { }
}
