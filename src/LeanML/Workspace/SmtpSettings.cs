namespace LeanML.Workspace;

/// <summary>How the one mail server is reached (the <c>smtp:</c> section of leanml.yaml), used by alerts and the digest.</summary>
/// <param name="Host">The SMTP server's host name.</param>
/// <param name="Port">Its port: 587 (STARTTLS) by default, 465 for implicit TLS, 25 or a local relay's port for none.</param>
/// <param name="From">The sender address, e.g. <c>LeanML &lt;ml@acme.example&gt;</c>.</param>
/// <param name="Username">The login name, or null to send without authenticating.</param>
/// <param name="PasswordEnv">The environment variable holding the password (never the password itself in the file).</param>
/// <param name="Tls">starttls (the default: required), ssl (implicit TLS), or none (a local relay on loopback).</param>
public sealed record SmtpSettings(string Host, int Port, string From, string? Username, string PasswordEnv, SmtpTls Tls);

/// <summary>How the connection to the mail server is secured.</summary>
public enum SmtpTls
{
    /// <summary>Plain connection upgraded with STARTTLS; refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Ssl,

    /// <summary>No encryption: only for a relay on the same machine.</summary>
    None,
}
