using LeanML.Cli.Reports;
using System.CommandLine;
using LeanML.Examples;
using LeanML.Workspace;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml init [DIR] [--example]</c>: create a workspace, optionally with the example company.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var dir = GlobalOptions.DirArgument("Folder to create the workspace in (default: the current folder)");
        var example = new Option<bool>("--example")
        {
            Description = "Add the example company: vendor-shaped exports in data/, a churn project and a finished A/B test",
        };
        var customers = new Option<int>("--customers")
        {
            Description = "With --example: number of customers",
            DefaultValueFactory = _ => new ExampleCompanyOptions().Customers,
            HelpName = "N",
        };
        var seed = new Option<long>("--seed")
        {
            Description = "With --example: random seed (the same seed gives the same bytes)",
            DefaultValueFactory = _ => new ExampleCompanyOptions().Seed,
            HelpName = "S",
        };
        var command = new Command("init", """
            Create a workspace: leanml.yaml (every key commented, with its default), the standard folders and a .gitignore.
            Refuses (exit 3) when the folder already holds a workspace; never overwrites a file.
            --example adds "Acme Analytics", a fictional B2B SaaS: Stripe, HubSpot, help-desk, usage and price-list
            exports in data/, projects/churn/project.yaml and experiments/churn-outreach.yaml.

            Examples:
              leanml init acme
              leanml init . --json
              leanml init acme --example
              leanml init big --example --customers 1000000 --seed 7
            """)
        {
            dir,
            example,
            customers,
            seed,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var withExample = parse.GetValue(example);
            var exampleOptions = new ExampleCompanyOptions(parse.GetValue(customers), parse.GetValue(seed));
            if (!withExample && (parse.GetResult(customers) is { Implicit: false } || parse.GetResult(seed) is { Implicit: false }))
            {
                output.Error.WriteLine("--customers and --seed only apply with --example.");
                return ExitCodes.Usage;
            }

            if (withExample && exampleOptions.Customers is < 1 or > ExampleCompanyOptions.MaxCustomers)
            {
                // Checked before the workspace is created, so a bad value leaves nothing behind.
                throw new LeanMLInputException($"--customers must be between 1 and {ExampleCompanyOptions.MaxCustomers:N0}, not {exampleOptions.Customers}.", field: "--customers");
            }

            var workspace = WorkspaceInitializer.Create(GlobalOptions.NewWorkspaceDir(parse, dir, "."));
            await WorkspaceInitializer.CreateStoresAsync(workspace, ct).ConfigureAwait(false);

            var company = withExample ? ExampleCompany.Write(workspace, exampleOptions, ct) : null;
            output.Report(new InitReport(workspace.Root, workspace.SettingsFile, workspace.WarehousePath, company), w =>
            {
                w.WriteLine($"Created a LeanML workspace in {workspace.Root}");
                if (company is null)
                {
                    w.WriteLine("Next: put your exports in data/ and run 'leanml ingest data/'.");
                    return;
                }

                w.WriteLine($"Added the example company (Acme Analytics): {company.Customers:N0} customers, seed {exampleOptions.Seed}.");
                foreach (var file in company.Files)
                {
                    w.WriteLine($"  {file.Path,-34} {file.Rows,12:N0} rows {file.Bytes,14:N0} bytes");
                }

                w.WriteLine($"Churn project: {company.ActiveAtSnapshot:N0} customers at the snapshot, {company.Churned:N0} canceled within 30 days.");
                w.WriteLine($"Experiment churn-outreach: {company.ExperimentUnits:N0} customers.");
                w.WriteLine("Next: leanml ingest data/   then   leanml build   then   leanml train churn");
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
