using System.CommandLine;
using LeanML.Cli.Reports;
using LeanML.Sources.Identity;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml identity conflicts</c>: one e-mail, different names or companies — listed for a person to decide, never merged silently.</summary>
internal static class IdentityCommand
{
    public static Command Create()
    {
        var conflicts = new Command("conflicts", """
            List the e-mails whose records (across Stripe, Square, HubSpot and Salesforce exports) name different people
            or different companies. They share one person_key, so check them before trusting a join by person. Names and
            companies are compared without case, punctuation or legal suffixes (Inc, LLC, GmbH…); role addresses (info@,
            billing@, support@…) never merge records and are not listed. Exit 1 when there is a conflict, 0 when none.

            Examples:
              leanml identity conflicts
              leanml identity conflicts --json
            """);
        conflicts.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            await using var warehouse = await Warehouse.OpenAsync(workspace, readOnly: true, ct).ConfigureAwait(false);
            var found = await IdentityService.ConflictsAsync(warehouse, ct).ConfigureAwait(false);
            output.Report(new IdentityConflictsReport(found, found.Count), w =>
            {
                if (found.Count == 0)
                {
                    w.WriteLine("No conflicts: every e-mail shared by several records names one person and one company.");
                    return;
                }

                foreach (var c in found)
                {
                    w.WriteLine($"{c.Email} ({c.PersonKey}): {c.Reason}");
                    foreach (var r in c.Records)
                    {
                        w.WriteLine($"  {r.SourceVendor} {r.SourceId}: {r.Name ?? "(no name)"}, {r.Company ?? "(no company)"}  [{r.SourceFile}:{r.SourceLine}]");
                    }
                }

                w.WriteLine($"{found.Count} e-mail(s) in conflict: fix the records in the vendor's tool, then re-export and ingest.");
            });
            return found.Count == 0 ? ExitCodes.Success : ExitCodes.Negative;
        });
        var command = new Command("identity", """
            Review how records of the same person were joined across vendor exports (by e-mail: trimmed and lower-cased;
            Gmail folding with 'identity: {gmail_folding: true}' in leanml.yaml). The joins themselves are in the table
            identity_links (leanml sql "SELECT * FROM identity_links").

            Examples:
              leanml identity conflicts
              leanml identity conflicts --json
            """)
        {
            conflicts,
        };
        return command;
    }
}
