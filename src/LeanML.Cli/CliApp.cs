using LeanML.Storage;
using System.CommandLine;
using System.CommandLine.Help;

namespace LeanML.Cli;

/// <summary>Parses, runs one command, and maps what happened to an exit code — the one place that does so.</summary>
internal static class CliApp
{
    public static Command BuildRoot()
    {
        // A plain command named 'leanml' (RootCommand would take the assembly's name), with help and version added.
        var root = new Command("leanml",
            """
            LeanML: the whole machine-learning loop for a small team, in one tool.
              gather -> shape -> train -> ship -> measure -> share

            Examples:
              leanml demo                    run the whole loop on an example company
              leanml init acme --example     create a workspace with example data
              leanml tables --json           list warehouse tables as JSON

            Exit codes: 0 success, 1 negative answer, 2 usage error, 3 bad input, 4 environment error.
            """);
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Options.Add(GlobalOptions.Workspace);
        root.Options.Add(GlobalOptions.Json);
        foreach (var command in Commands.CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        Warehouse.Warning ??= message => Console.Error.WriteLine($"warning: {message}");
        var root = BuildRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // 'leanml bogus' is one mistake, the unknown word (with the nearest verb), not also a missing command.
            var unknownVerb = parse.CommandResult.Command == root && parse.UnmatchedTokens.Count > 0 ? parse.UnmatchedTokens[0] : null;
            var aboutIt = unknownVerb is null ? [] : parse.Errors.Where(e => e.Message.Contains(unknownVerb, StringComparison.Ordinal)).ToList();
            if (aboutIt.Count > 0)
            {
                await Console.Error.WriteLineAsync($"error: {aboutIt[0].Message}{LeanML.Internal.Suggestions.DidYouMean(unknownVerb!, root.Subcommands.Select(c => c.Name))}").ConfigureAwait(false);
            }
            else
            {
                foreach (var error in parse.Errors)
                {
                    await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
                }
            }

            var verb = parse.CommandResult.Command == root ? "" : " " + parse.CommandResult.Command.Name;
            await Console.Error.WriteLineAsync($"Usage: see 'leanml{verb} --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            // Ctrl-C cancels the command's token; the command gets time to roll back and say so before the process ends
            // (System.CommandLine's default is 2 s, too short for a busy machine to unwind a large load).
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }).ConfigureAwait(false);
        }
        catch (LeanMLInputException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (LeanMLEnvironmentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Environment;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("interrupted: nothing half-written was kept.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (EnvironmentFaults.Classify(ex) is { } fault)
        {
            await Console.Error.WriteLineAsync($"error: {fault.Message}").ConfigureAwait(false);
            return ExitCodes.Environment;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"internal error (a bug in LeanML; please report it): {ex}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }
}
