namespace LeanML.Examples;

/// <summary>
/// The example company, "Acme Analytics" (a B2B SaaS): a deterministic generator of vendor-shaped exports (Stripe
/// payments and subscriptions, HubSpot contacts, help-desk tickets, weekly product usage, a price-list workbook),
/// with the messiness of real exports, plus a ready churn project and a finished outreach experiment.
/// Same options, same bytes; customers are generated one at a time, so memory stays bounded for any size.
/// </summary>
public static partial class ExampleCompany
{
    /// <summary>The files the generator writes, relative to the workspace root.</summary>
    public static IReadOnlyList<string> FilePaths { get; } =
    [
        PaymentsPath, SubscriptionsPath, ContactsPath, TicketsPath, UsagePath, PlansPath, UnitsPath, EventsPath, ProjectPath, ExperimentPath,
        Customers360SqlPath, Customers360YamlPath, ChurnFeaturesSqlPath, ChurnFeaturesYamlPath,
        PaymentsSourcePath, SubscriptionsSourcePath, ContactsSourcePath,
        RevenueMetricPath, ChurnMetricPath, RefundMetricPath, VerdictReportPath, DecisionReportPath,
    ];

    internal const string PaymentsPath = "data/stripe_payments.csv";
    internal const string SubscriptionsPath = "data/stripe_subscriptions.csv";
    internal const string ContactsPath = "data/hubspot_contacts.csv";
    internal const string TicketsPath = "data/helpdesk_tickets.jsonl";
    internal const string UsagePath = "data/product_usage_weekly.csv";
    internal const string PlansPath = "data/plans.xlsx";
    internal const string UnitsPath = "data/experiment_units.csv";
    internal const string EventsPath = "data/experiment_events.csv";
    internal const string ProjectPath = "projects/churn/project.yaml";
    internal const string ExperimentPath = "experiments/churn-outreach.yaml";
    internal const string Customers360SqlPath = "transforms/customers_360.sql";
    internal const string Customers360YamlPath = "transforms/customers_360.yaml";
    internal const string ChurnFeaturesSqlPath = "transforms/churn_features.sql";
    internal const string ChurnFeaturesYamlPath = "transforms/churn_features.yaml";
    internal const string PaymentsSourcePath = "sources/stripe_payments.yaml";
    internal const string SubscriptionsSourcePath = "sources/stripe_subscriptions.yaml";
    internal const string ContactsSourcePath = "sources/hubspot_contacts.yaml";
    internal const string RevenueMetricPath = "metrics/monthly_revenue.yaml";
    internal const string ChurnMetricPath = "metrics/churn_rate.yaml";
    internal const string RefundMetricPath = "metrics/refund_rate.yaml";
    internal const string VerdictReportPath = "reports/2026-12-01-churn-model-verdict.md";
    internal const string DecisionReportPath = "reports/2026-12-01-outreach-experiment-decision.md";

    /// <summary>Writes the example company into <paramref name="workspace"/>; refuses when any of its files exists.</summary>
    public static ExampleCompanyResult Write(LeanML.Workspace.Workspace workspace, ExampleCompanyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        return Write(workspace.Root, options, cancellationToken);
    }

    /// <summary>Writes the example company under the folder <paramref name="root"/>.</summary>
    public static ExampleCompanyResult Write(string root, ExampleCompanyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Customers is < 1 or > ExampleCompanyOptions.MaxCustomers)
        {
            throw new LeanMLInputException($"--customers must be between 1 and {ExampleCompanyOptions.MaxCustomers:N0}, not {options.Customers}.", field: "--customers");
        }

        foreach (var path in FilePaths)
        {
            var full = Path.Combine(root, path);
            if (File.Exists(full))
            {
                throw new LeanMLInputException($"the example company would overwrite '{path}'; nothing was written. Create the example in a new folder.", full);
            }
        }

        var files = new List<ExportFile>();
        try
        {
            var payments = Open(files, root, PaymentsPath);
            var subscriptions = Open(files, root, SubscriptionsPath);
            var contacts = Open(files, root, ContactsPath);
            var tickets = Open(files, root, TicketsPath);
            var usage = Open(files, root, UsagePath);
            var units = Open(files, root, UnitsPath);
            var events = Open(files, root, EventsPath);
            WriteHeaders(payments, subscriptions, contacts, usage, units, events);

            var state = new GeneratorState(options);
            int active = 0, churned = 0, experimentUnits = 0;
            for (var i = 0; i < options.Customers; i++)
            {
                if ((i & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var customer = ExampleCustomer.Simulate(options.Seed, i);
                active += customer.ActiveAtSnapshot ? 1 : 0;
                churned += customer.Churned ? 1 : 0;
                experimentUnits += customer.ActiveAtExport ? 1 : 0;

                WriteSubscription(subscriptions, customer);
                WriteContacts(contacts, customer, state);
                WritePayments(payments, customer, state);
                WriteTickets(tickets, customer, state);
                WriteUsage(usage, customer, state);
                WriteEvents(units, events, customer);
            }

            var plans = Open(files, root, PlansPath);
            PlansWorkbook.Write(plans);
            var project = Open(files, root, ProjectPath);
            project.WriteRaw(ExampleProjectFiles.ChurnProject);
            var experiment = Open(files, root, ExperimentPath);
            experiment.WriteRaw(ExampleProjectFiles.OutreachExperiment);
            Open(files, root, Customers360SqlPath).WriteRaw(ExampleProjectFiles.Customers360Sql);
            Open(files, root, Customers360YamlPath).WriteRaw(ExampleProjectFiles.Customers360Yaml);
            Open(files, root, ChurnFeaturesSqlPath).WriteRaw(ExampleProjectFiles.ChurnFeaturesSql);
            Open(files, root, ChurnFeaturesYamlPath).WriteRaw(ExampleProjectFiles.ChurnFeaturesYaml);
            Open(files, root, PaymentsSourcePath).WriteRaw(ExampleProjectFiles.Source(PaymentsPath, "stripe_payments", "the Stripe Dashboard payments export"));
            Open(files, root, SubscriptionsSourcePath).WriteRaw(ExampleProjectFiles.Source(SubscriptionsPath, "stripe_subscriptions", "the Stripe Dashboard subscriptions export"));
            Open(files, root, ContactsSourcePath).WriteRaw(ExampleProjectFiles.Source(ContactsPath, "hubspot_contacts", "the HubSpot contacts export (English labels)"));
            foreach (var (path, text) in new[]
            {
                (RevenueMetricPath, ExampleShareFiles.MonthlyRevenue), (ChurnMetricPath, ExampleShareFiles.ChurnRate), (RefundMetricPath, ExampleShareFiles.RefundRate),
                (VerdictReportPath, ExampleShareFiles.ChurnVerdictReport), (DecisionReportPath, ExampleShareFiles.OutreachDecisionReport),
            })
            {
                Open(files, root, path).WriteRaw(text);
            }

            var written = new List<ExampleFile>();
            foreach (var file in files)
            {
                file.Complete();
                file.Dispose();
            }

            foreach (var file in files)
            {
                // CreateNew semantics: never replace a file that appeared meanwhile.
                File.Move(file.TempPath, file.FinalPath, overwrite: false);
                written.Add(new ExampleFile(file.RelativePath, file.Rows, new FileInfo(file.FinalPath).Length));
            }

            files.Clear();
            return new ExampleCompanyResult(options.Customers, active, churned, experimentUnits, [.. written.OrderBy(f => FilePaths.IndexOf(f.Path))]);
        }
        finally
        {
            foreach (var file in files)
            {
                file.Dispose();
                File.Delete(file.TempPath);
            }
        }
    }

    private static ExportFile Open(List<ExportFile> files, string root, string relativePath)
    {
        var file = new ExportFile(root, relativePath);
        files.Add(file);
        return file;
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
