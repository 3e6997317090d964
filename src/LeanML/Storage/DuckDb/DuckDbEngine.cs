using System.Data.Common;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using LeanML.Ingestion;
using LeanML.Ingestion.Internal;

namespace LeanML.Storage.DuckDb;

/// <summary>
/// DuckDB: the embedded analytical warehouse (<c>.leanml/warehouse.duckdb</c>). Parameters are <c>$name</c>; a file's
/// load goes in as Arrow batches (<see cref="DuckDbArrowSink"/>), copies of small tables through its appender. One
/// process may hold the file for writing, or many for reading, never both: LeanML opens it for one operation at a time
/// (see <see cref="WarehouseLock"/>).
/// </summary>
public sealed class DuckDbEngine : StorageEngine
{
    private DuckDbEngine()
    {
    }

    /// <summary>The one instance.</summary>
    public static DuckDbEngine Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "duckdb";

    /// <inheritdoc/>
    public override bool HasSchemas => true;

    /// <inheritdoc/>
    public override string BigInt => "BIGINT";

    /// <inheritdoc/>
    public override string Real => "DOUBLE";

    /// <inheritdoc/>
    public override string Text => "VARCHAR";

    /// <inheritdoc/>
    public override string? UserSchema => "main";

    /// <inheritdoc/>
    public override bool KeepsAnalyticCopies => true;

    /// <inheritdoc/>
    public override bool ScansOwnWritesOnOneThread => true;

    /// <summary>
    /// LeanML's limit, not DuckDB's (which has none documented): its CREATE TABLE alone takes about 2 s at 20,000 columns,
    /// 14 s at 100,000 and 27 s at 200,000 (DuckDB 1.5, 2 cores), so a wider file fails at once instead.
    /// </summary>
    public override int MaxColumns => 20_000;

    /// <inheritdoc/>
    public override void StreamResults(DbCommand command)
    {
        if (command is DuckDBCommand duckdb)
        {
            duckdb.UseStreamingMode = true;
        }
    }

    /// <inheritdoc/>
    /// <remarks>DuckDB names a repeated column of a subquery 'a_1', 'a_2'; DESCRIBE binds the query without running it.</remarks>
    public override string? QueryColumnsSql(string query) => $"DESCRIBE (\n{query}\n)";

    /// <inheritdoc/>
    public override string UserTablesSql =>
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' AND table_catalog = current_database() ORDER BY table_name";

    /// <inheritdoc/>
    public override string UserViewsSql =>
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'VIEW' AND table_catalog = current_database() ORDER BY table_name";

    /// <summary>The connection string of a DuckDB file; read-only opens cannot reach other files or change settings.</summary>
    public static string ConnectionString(string path, bool readOnly = false)
    {
        var builder = new DuckDBConnectionStringBuilder { DataSource = path };
        if (readOnly)
        {
            builder["access_mode"] = "READ_ONLY";
            builder["enable_external_access"] = "false";
            builder["lock_configuration"] = "true";
        }

        return builder.ConnectionString;
    }

    /// <summary>DuckDB.NET names types by its enum (BigInt, UnsignedInteger, TimestampTz): here as DuckDB's SQL does.</summary>
    public override string TypeName(string providerName) => providerName switch
    {
        _ when providerName.StartsWith("Unsigned", StringComparison.Ordinal) => "U" + providerName["Unsigned".Length..].ToUpperInvariant(),
        "TimestampS" or "TimestampMs" or "TimestampNs" => "TIMESTAMP_" + providerName["Timestamp".Length..].ToUpperInvariant(),
        _ => providerName.ToUpperInvariant(),
    };

    /// <summary>INTERVAL and BLOB as DuckDB's CAST(x AS VARCHAR) prints them ("1 year 2 months", "abc\\xAA"); the rest as read.</summary>
    public override object ReadValue(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.IsDBNull(ordinal))
        {
            return DBNull.Value;
        }

        return reader.GetDataTypeName(ordinal) switch
        {
            "Interval" => IntervalText(reader.GetFieldValue<DuckDB.NET.Native.DuckDBInterval>(ordinal)),
            "Blob" => BlobText(reader.GetStream(ordinal)),
            "Decimal" => DecimalValue(reader, ordinal),
            _ => reader.GetValue(ordinal),
        };
    }

    // A DECIMAL as .NET's decimal, or, beyond its 28 digits (DECIMAL(38, s) allows 38), as DuckDB's text of it.
    private static object DecimalValue(DbDataReader reader, int ordinal)
    {
        var d = reader.GetFieldValue<DuckDB.NET.Native.DuckDBDecimal>(ordinal);
        var unscaled = d.Value.ToBigInteger();
        var digits = System.Numerics.BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(d.Scale + 1, '0');
        var text = (unscaled < 0 ? "-" : "") + (d.Scale == 0 ? digits : $"{digits[..^d.Scale]}.{digits[^d.Scale..]}");
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var m) && m.ToString(CultureInfo.InvariantCulture) == text ? m : text;
    }

    // DuckDB's IntervalToStringCast: "N year(s) N month(s) N day(s)", then [-]HH:MM:SS[.ffffff] (trailing zeros cut)
    // when there are microseconds, or "00:00:00" for a zero interval.
    private static string IntervalText(DuckDB.NET.Native.DuckDBInterval interval)
    {
        var parts = new List<string>();
        void Part(long n, string unit)
        {
            if (n != 0)
            {
                parts.Add($"{n.ToString(CultureInfo.InvariantCulture)} {unit}{(n is 1 or -1 ? "" : "s")}");
            }
        }

        Part(interval.Months / 12, "year");
        Part(interval.Months % 12, "month");
        Part(interval.Days, "day");
        if (interval.Micros != 0 || parts.Count == 0)
        {
            var micros = (System.Numerics.BigInteger)unchecked((long)interval.Micros);   // DuckDB.NET hands the signed int64 over as ulong
            var sign = micros < 0 ? "-" : "";
            micros = System.Numerics.BigInteger.Abs(micros);
            var hours = micros / 3_600_000_000;
            var rest = (long)(micros % 3_600_000_000);
            var time = $"{sign}{hours.ToString("00", CultureInfo.InvariantCulture)}:{rest / 60_000_000:00}:{rest / 1_000_000 % 60:00}";
            parts.Add(rest % 1_000_000 == 0 ? time : $"{time}.{(rest % 1_000_000).ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0')}");
        }

        return string.Join(' ', parts);
    }

    // DuckDB's Blob::ToString: printable ASCII as is, except the backslash and quotes; every other byte as \xHH.
    internal static string BlobText(Stream blob)
    {
        using (blob)
        {
            var text = new StringBuilder();
            int b;
            while ((b = blob.ReadByte()) >= 0)
            {
                if (b is >= 32 and <= 126 and not ('\\' or '\'' or '"'))
                {
                    text.Append((char)b);
                }
                else
                {
                    text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
                }
            }

            return text.ToString();
        }
    }

    /// <inheritdoc/>
    public override string ReadOnlyConnectionString(string connectionString) =>
        ConnectionString(new DuckDBConnectionStringBuilder { ConnectionString = connectionString }.DataSource, readOnly: true);

    /// <inheritdoc/>
    public override IEnumerable<string> CreateAutoIdTable(string name, string otherColumns)
    {
        var sequence = $"leanml.{Quote(name + "_id")}";
        yield return $"CREATE SEQUENCE {sequence}";
        yield return $"CREATE TABLE {Meta(name)} (id BIGINT PRIMARY KEY DEFAULT nextval('{sequence.Replace("'", "''", StringComparison.Ordinal)}'), {otherColumns})";
    }

    /// <inheritdoc/>
    public override string SqlType(ColumnType type) => type switch
    {
        ColumnType.Integer or ColumnType.Boolean => "BIGINT",
        ColumnType.Real or ColumnType.Money => "DOUBLE",
        ColumnType.Date => "DATE",
        ColumnType.Timestamp => "TIMESTAMP",
        _ => "VARCHAR",
    };

    /// <inheritdoc/>
    public override string PrepareSql(string sql)
    {
        // @name → $name outside quotes and comments: LeanML's SQL is written once with @name for every engine.
        if (!sql.Contains('@', StringComparison.Ordinal))
        {
            return sql;
        }

        var sb = new StringBuilder(sql.Length);
        var quote = '\0';
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '@' && i + 1 < sql.Length && (char.IsLetter(sql[i + 1]) || sql[i + 1] == '_'))
            {
                c = '$';
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    internal override async Task<RowSink> StartBulkLoadAsync(Database database, DbTransaction transaction, string table, IReadOnlyList<string> columns, object loadId, CancellationToken cancellationToken) =>
        await DuckDbArrowSink.StartAsync(database, transaction, table, columns, loadId, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public override RowWriter StartRowWriter(Database database, DbTransaction transaction, string? schema, string table, int columns) =>
        new DuckDbRowWriter((DuckDBConnection)database.Connection, schema, table);

    internal override Task<RowSink> StartBatchCopyAsync(Database database, DbTransaction transaction, string schema, string table, int columns, CancellationToken cancellationToken) =>
        Task.FromResult<RowSink>(new DuckDbAppenderSink((DuckDBConnection)database.Connection, schema, table));

    internal override async Task<RowSink> StartUpsertAsync(Database database, DbTransaction transaction, string table, IReadOnlyList<string> columns, int keyIndex, object loadId, CancellationToken cancellationToken) =>
        await DuckDbUpsertSink.StartAsync(database, transaction, table, columns, keyIndex, loadId, cancellationToken).ConfigureAwait(false);

    internal override async Task<DbConnection> OpenConnectionAsync(string connectionString, bool readOnly, CancellationToken cancellationToken)
    {
        var connection = new DuckDBConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>True when DuckDB refused to open a file because another process holds its lock.</summary>
    internal static bool IsLockConflict(Exception ex) =>
        ex is DuckDBException && (ex.Message.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("Conflicting lock", StringComparison.OrdinalIgnoreCase));
}
