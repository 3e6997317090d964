using System.CommandLine;
using LeanML.Digest;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml digest</c>: push what is new to each subscriber, by e-mail and/or webhook, plus an Atom feed.</summary>
internal static class DigestCommand
{
    public static Command Create()
    {
        var since = SinceOption.Create();
        var to = new Option<string[]>("--to") { Description = "Only the subscriptions of these addresses (an address without one gets everything)", HelpName = "EMAIL", AllowMultipleArgumentsPerToken = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be sent; send nothing, record nothing, write no feed" };
        var atom = new Option<string?>("--atom") { Description = $"Where to write the Atom feed (default {DigestService.DefaultAtomFile})", HelpName = "FILE" };
        var command = new Command("digest", """
            Gather what is new for each subscriber of 'digest:' in leanml.yaml — experiments decided, models promoted,
            projects whose health changed (reports published and alerts join when those capabilities land) — and send
            it as Markdown and HTML e-mail through the smtp: block and/or to a Slack-compatible webhook, then write an
            Atom 1.0 feed of the window. Each channel receives an item once; a send that fails is retried by the next
            digest (exit 1 says one failed). Nothing new: nothing is sent, and it says so.

              digest:
                - {to: [ana@acme.example], projects: [churn]}
                - {webhook: https://hooks.slack.com/services/T000/B000/XXXX, tags: [churn]}

            Examples:
              leanml digest --dry-run
              leanml digest --since 14d --to ana@acme.example
              leanml digest --atom public/digest.atom --json
            """)
        {
            since, to, dryRun, atom,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var request = new DigestRequest(SinceOption.Read(parse, since), parse.GetValue(to) ?? [], parse.GetValue(dryRun), parse.GetValue(atom));
            var result = await new DigestService(workspace).RunAsync(request, ct).ConfigureAwait(false);
            output.Report(result, w => Write(w, result, workspace.Settings.Digest.Count == 0 && request.To.Count == 0));
            return result.AnyFailed ? ExitCodes.Negative : ExitCodes.Success;
        });
        return command;
    }

    internal static void Write(TextWriter w, DigestResult result, bool noSubscribers)
    {
        if (noSubscribers)
        {
            w.WriteLine("no subscribers: add 'digest: [{to: [you@example.com]}]' to leanml.yaml. The digest a subscriber of everything would get:");
            w.WriteLine();
            w.Write(result.Markdown);
        }

        foreach (var c in result.Channels)
        {
            switch (c.Status)
            {
                case "nothing new":
                    w.WriteLine($"{c.Channel}: nothing new; nothing sent.");
                    break;
                case "failed":
                    w.WriteLine($"{c.Channel}: sending {c.Items.Count} item(s) failed: {c.Error}. They are sent by the next digest.");
                    break;
                case "would send":
                    w.WriteLine($"{c.Channel}: would send {c.Items.Count} item(s) (dry run):");
                    w.WriteLine();
                    w.Write(c.Markdown);
                    break;
                default:
                    w.WriteLine($"{c.Channel}: sent {c.Items.Count} item(s).");
                    break;
            }
        }

        if (result.AtomFile is { } file)
        {
            w.WriteLine($"feed: {file} ({result.Items.Count} item(s)).");
        }
    }
}
