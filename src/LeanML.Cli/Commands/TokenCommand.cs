using LeanML.Cli.Reports;
using System.CommandLine;
using LeanML.Serving;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml token create|list|revoke</c>: API tokens for the HTTP server, stored hashed.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var command = new Command("token", """
            Manage API tokens. A token is 256 random bits, printed once at creation; only its SHA-256 is stored.
            Once any token exists, every /v1 and /invocations call needs one (and the server may listen beyond loopback).

            Examples:
              leanml token create --scope predict --name crm-sync
              leanml token list
              leanml token revoke ab12cd34
            """);
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(RevokeCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var scope = new Option<string>("--scope") { Description = "predict | events | admin", Required = true, HelpName = "SCOPE" };
        scope.AcceptOnlyFromAmong("predict", "events", "admin");
        var name = new Option<string?>("--name") { Description = "A label saying who uses the token", HelpName = "N" };
        var command = new Command("create", """
            Create a token and print it once.

            Examples:
              leanml token create --scope predict --name crm-sync
            """)
        {
            scope,
            name,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            await using var warehouse = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false);
            var (token, secret) = await new TokenStore(warehouse).CreateAsync(Enum.Parse<TokenScope>(parse.GetValue(scope)!, ignoreCase: true), parse.GetValue(name), ct).ConfigureAwait(false);
            output.Report(new TokenCreatedReport(token.Id, token.Name, token.Scope, secret), w =>
            {
                w.WriteLine(secret);
                w.WriteLine($"token {token.Id} ({token.Name}, scope {token.Scope.ToString().ToLowerInvariant()}): copy it now, it is not shown again.");
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", """
            List tokens (ids, names, scopes, dates; never the tokens themselves).

            Examples:
              leanml token list --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            await using var warehouse = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false);
            var tokens = await new TokenStore(warehouse).ListAsync(ct).ConfigureAwait(false);
            output.Report(tokens.Select(t => new TokenRow(t.Id, t.Name, t.Scope, t.CreatedAt, t.RevokedAt)).ToArray(), w =>
            {
                if (tokens.Count == 0)
                {
                    w.WriteLine("no tokens: 'leanml serve' serves loopback callers only.");
                }

                foreach (var t in tokens)
                {
                    w.WriteLine($"{t.Id}  {t.Scope.ToString().ToLowerInvariant(),-8} {t.Name,-20} created {t.CreatedAt:yyyy-MM-dd HH:mm}{(t.RevokedAt is { } r ? $"  revoked {r:yyyy-MM-dd HH:mm}" : "")}");
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RevokeCommand()
    {
        var id = new Argument<string>("ID") { Description = "The token id shown by 'leanml token list'" };
        var command = new Command("revoke", """
            Revoke a token; a running server refuses it within about a second.

            Examples:
              leanml token revoke ab12cd34
            """)
        {
            id,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            await using var warehouse = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false);
            var tokenId = parse.GetValue(id)!;
            if (!await new TokenStore(warehouse).RevokeAsync(tokenId, ct).ConfigureAwait(false))
            {
                throw new LeanMLInputException($"no active token '{tokenId}'. List them with 'leanml token list'.", field: "ID");
            }

            output.Report(new TokenRevokedReport(tokenId, true), w => w.WriteLine($"token {tokenId} revoked."));
            return ExitCodes.Success;
        });
        return command;
    }
}
