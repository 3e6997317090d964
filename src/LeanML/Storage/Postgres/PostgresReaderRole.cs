using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace LeanML.Storage.Postgres;

/// <summary>
/// The login role a user's own SQL runs as on a PostgreSQL warehouse: no superuser, SELECT on the user tables only,
/// no access to schema <c>leanml</c> (tokens, runs, promotions), read-only transactions by default. A read-only
/// transaction alone does not hold: a second statement can end it, and a superuser can reach server files from inside
/// one. LeanML creates the role per database with a random password, kept in <c>leanml.reader_role</c> (which only the
/// warehouse's own user can read), so every workspace and machine on the database shares it.
/// </summary>
internal static class PostgresReaderRole
{
    /// <summary>The connection string of the read-only role, which is made or brought up to date first.</summary>
    public static async Task<string> ConnectionStringAsync(string adminConnectionString, CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString);
        var database = admin.Database ?? admin.Username ?? "postgres";
        var role = RoleName(database);
        var password = await PrepareAsync(adminConnectionString, database, role, cancellationToken).ConfigureAwait(false);
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Username = role, Password = password, Pooling = false }.ConnectionString;
    }

    /// <summary>The role's name for a database (at most 63 bytes, PostgreSQL's limit).</summary>
    public static string RoleName(string database)
    {
        var name = "leanml_reader_" + database;
        return name.Length <= 63 ? name : name[..48] + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..15];
    }

    // Creates the role (or gives it back a password it lost), and grants it read access to the tables in public as they
    // are now; one process at a time (an advisory lock), so two first queries at once do not race. Returns the password.
    private static async Task<string> PrepareAsync(string adminConnectionString, string database, string role, CancellationToken ct)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await admin.BeginTransactionAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(admin, tx, "SELECT pg_advisory_xact_lock(hashtext('leanml.reader_role'))", role, ct).ConfigureAwait(false);
        await ExecuteAsync(admin, tx, "CREATE TABLE IF NOT EXISTS leanml.reader_role (role TEXT PRIMARY KEY, password TEXT NOT NULL)", role, ct).ConfigureAwait(false);

        string? password;
        await using (var read = new NpgsqlCommand("SELECT password FROM leanml.reader_role WHERE role = @r", admin, tx))
        {
            read.Parameters.AddWithValue("r", role);
            password = await read.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
        }

        bool exists;
        await using (var probe = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = @r", admin, tx))
        {
            probe.Parameters.AddWithValue("r", role);
            exists = await probe.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
        }

        var quoted = SqlNames.Quote(role);
        if (password is null || !exists)
        {
            password = NewPassword();
            // A utility statement takes no parameters; the password is base64url text LeanML made, so it needs no escaping.
            await ExecuteAsync(admin, tx, $"{(exists ? "ALTER" : "CREATE")} ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS PASSWORD '{password}'", role, ct).ConfigureAwait(false);
            await ExecuteAsync(admin, tx, $"ALTER ROLE {quoted} SET default_transaction_read_only = on", role, ct).ConfigureAwait(false);
            await using var save = new NpgsqlCommand("INSERT INTO leanml.reader_role (role, password) VALUES (@r, @p) ON CONFLICT (role) DO UPDATE SET password = excluded.password", admin, tx);
            save.Parameters.AddWithValue("r", role);
            save.Parameters.AddWithValue("p", password);
            await save.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await ExecuteAsync(admin, tx, $"GRANT CONNECT ON DATABASE {SqlNames.Quote(database)} TO {quoted}; GRANT USAGE ON SCHEMA public TO {quoted}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {quoted}", role, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return password;
    }

    private static async Task ExecuteAsync(NpgsqlConnection admin, NpgsqlTransaction tx, string sql, string role, CancellationToken ct)
    {
        try
        {
            await using var cmd = new NpgsqlCommand(sql, admin, tx);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == "42501")
        {
            throw new LeanMLEnvironmentException(
                $"'leanml sql' runs a query as the read-only role {role}, and the warehouse's user may not create or grant it ({ex.MessageText}). " +
                $"Give that user CREATEROLE, or have an administrator create {role} (LOGIN, SELECT on the tables in public, nothing in schema leanml).", ex);
        }
    }

    private static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
