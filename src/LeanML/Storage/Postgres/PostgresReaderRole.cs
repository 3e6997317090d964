using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace LeanML.Storage.Postgres;

/// <summary>
/// The login role a user's own SQL runs as on a PostgreSQL warehouse: no superuser, SELECT on the user tables only,
/// no access to schema <c>leanml</c> (tokens, runs, promotions). A read-only transaction alone does not hold: a second
/// statement can end it, and a superuser can reach server files from inside one. LeanML creates the role per database
/// with a random password kept in <c>.leanml/</c> (0600), and resets the password when another machine changed it.
/// </summary>
internal static class PostgresReaderRole
{
    public static async Task<string> ConnectionStringAsync(string adminConnectionString, string stateDir, CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString);
        var database = admin.Database ?? admin.Username ?? "postgres";
        var role = RoleName(database);
        var secretFile = Path.Combine(stateDir, "pg-reader-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{admin.Host}:{admin.Port}/{database}")))[..16]);
        var password = File.Exists(secretFile) ? (await File.ReadAllTextAsync(secretFile, cancellationToken).ConfigureAwait(false)).Trim() : null;

        password = await PrepareAsync(adminConnectionString, database, role, password, cancellationToken).ConfigureAwait(false) ?? password!;
        await SaveAsync(secretFile, password, cancellationToken).ConfigureAwait(false);
        var reader = new NpgsqlConnectionStringBuilder(adminConnectionString) { Username = role, Password = password, Pooling = false };
        return reader.ConnectionString;
    }

    /// <summary>The role's name for a database (at most 63 bytes, PostgreSQL's limit).</summary>
    public static string RoleName(string database)
    {
        var name = "leanml_reader_" + database;
        return name.Length <= 63 ? name : name[..48] + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..15];
    }

    // Creates the role or gives it a new password when there is none here, and grants it read access to the tables in
    // public as they are now. Returns the new password, or null when the stored one was kept.
    private static async Task<string?> PrepareAsync(string adminConnectionString, string database, string role, string? password, CancellationToken ct)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(ct).ConfigureAwait(false);
        var quoted = SqlNames.Quote(role);
        bool exists;
        await using (var probe = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = @r", admin))
        {
            probe.Parameters.AddWithValue("r", role);
            exists = await probe.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
        }

        string? fresh = null;
        if (!exists || password is null || !await CanLogInAsync(adminConnectionString, role, password, ct).ConfigureAwait(false))
        {
            fresh = NewPassword();
            // A utility statement takes no parameters; the password is base64url text LeanML made, so it needs no escaping.
            var verb = exists ? "ALTER" : "CREATE";
            await ExecuteAsync(admin, $"{verb} ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS PASSWORD '{fresh}'", role, ct).ConfigureAwait(false);
        }

        await ExecuteAsync(admin, $"GRANT CONNECT ON DATABASE {SqlNames.Quote(database)} TO {quoted}; GRANT USAGE ON SCHEMA public TO {quoted}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {quoted}", role, ct).ConfigureAwait(false);
        return fresh;
    }

    private static async Task<bool> CanLogInAsync(string adminConnectionString, string role, string password, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(adminConnectionString) { Username = role, Password = password, Pooling = false }.ConnectionString;
        try
        {
            await using var probe = new NpgsqlConnection(cs);
            await probe.OpenAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState is "28P01" or "28000")
        {
            return false;   // wrong password (another machine reset it) or no login yet
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection admin, string sql, string role, CancellationToken ct)
    {
        try
        {
            await using var cmd = new NpgsqlCommand(sql, admin);
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

    private static async Task SaveAsync(string file, string password, CancellationToken ct)
    {
        if (File.Exists(file) && (await File.ReadAllTextAsync(file, ct).ConfigureAwait(false)).Trim() == password)
        {
            return;
        }

        StoreFiles.CreatePrivateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + ".tmp";
        await File.WriteAllTextAsync(temp, password, ct).ConfigureAwait(false);
        StoreFiles.AfterOpen(temp);
        File.Move(temp, file, overwrite: true);
    }
}
