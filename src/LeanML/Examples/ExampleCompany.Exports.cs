using LeanML.Experiments;

namespace LeanML.Examples;

/// <summary>The CSV and JSON Lines exports, one customer at a time.</summary>
public static partial class ExampleCompany
{
    /// <summary>Stripe dashboard "Payments" export columns (a subset, in Stripe's order).</summary>
    internal static IReadOnlyList<string> PaymentColumns { get; } =
    [
        "id", "Description", "Seller Message", "Created (UTC)", "Amount", "Amount Refunded", "Currency", "Converted Amount",
        "Converted Amount Refunded", "Fee", "Tax", "Converted Currency", "Mode", "Status", "Statement Descriptor", "Customer ID",
        "Customer Description", "Customer Email", "Captured", "Card Last4", "Card Brand", "Card Funding", "Card Exp Month",
        "Card Exp Year", "Card Issue Country", "Invoice ID",
    ];

    /// <summary>Stripe dashboard "Subscriptions" export columns (a subset).</summary>
    internal static IReadOnlyList<string> SubscriptionColumns { get; } =
    [
        "id", "Customer ID", "Customer Description", "Customer Email", "Plan", "Product", "Quantity", "Interval", "Amount",
        "Status", "Created (UTC)", "Start Date (UTC)", "Current Period Start (UTC)", "Current Period End (UTC)",
        "Canceled At (UTC)", "Cancel At Period End", "Ended At (UTC)",
    ];

    /// <summary>HubSpot contacts export columns (default properties plus the custom "Plan").</summary>
    internal static IReadOnlyList<string> ContactColumns { get; } =
    [
        "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Lifecycle Stage", "Lead Status", "Create Date",
        "Last Activity Date", "Company Name", "Number of Employees", "Industry", "Annual Revenue", "Country/Region", "Plan",
    ];

    /// <summary>The product analytics weekly export.</summary>
    internal static IReadOnlyList<string> UsageColumns { get; } = ["week_start", "account_email", "logins", "active_seats", "reports_created"];

    /// <summary>The experiment's call list: every unit with the variant live assignment gives it.</summary>
    internal static IReadOnlyList<string> UnitColumns { get; } = ["unit", "variant", "assigned_at"];

    /// <summary>Experiment events (DESIGN.md section 5: id, unit, name, value, time).</summary>
    internal static IReadOnlyList<string> EventColumns { get; } = ["id", "unit", "name", "value", "time"];

    private static readonly string[] CardBrands = ["Visa", "MasterCard", "American Express", "Visa", "MasterCard", "Discover"];

    private static void WriteHeaders(ExportFile payments, ExportFile subscriptions, ExportFile contacts, ExportFile usage, ExportFile units, ExportFile events)
    {
        foreach (var (file, columns) in new[] { (payments, PaymentColumns), (subscriptions, SubscriptionColumns), (contacts, ContactColumns), (usage, UsageColumns), (units, UnitColumns), (events, EventColumns) })
        {
            using var header = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            CsvText.Header(header, columns);
            file.WriteRaw(header.ToString());
        }
    }

    private static void WriteSubscription(ExportFile file, ExampleCustomer c)
    {
        var r = c.Random;
        var w = file.Row;
        var end = c.CanceledAt ?? ExampleTimeline.ExportDate;
        var periodStart = c.SignupAt;
        foreach (var at in c.ChargeDates(c.SignupAt, end))
        {
            periodStart = at;
        }

        var periodEnd = c.Annual ? periodStart.AddYears(1) : periodStart.AddMonths(1);
        var canceled = c.CanceledAt is { } t ? CsvText.StripeTime(t) : "";
        CsvText.Field(w, r.Id("sub_", 24));
        CsvText.Field(w, c.Id);
        CsvText.Field(w, c.Company);
        CsvText.Field(w, c.Email);
        CsvText.Field(w, c.Plan.Name);
        CsvText.Field(w, "Acme Analytics");
        CsvText.Field(w, "1");
        CsvText.Field(w, c.Annual ? "year" : "month");
        CsvText.Field(w, CsvText.Money(c.Plan.Charge(c.Annual), r.Chance(0.004)));
        CsvText.Field(w, c.CanceledAt is null ? "active" : "canceled");
        CsvText.Field(w, CsvText.StripeTime(c.SignupAt));
        CsvText.Field(w, CsvText.StripeTime(c.SignupAt));
        CsvText.Field(w, CsvText.StripeTime(periodStart));
        CsvText.Field(w, CsvText.StripeTime(periodEnd));
        CsvText.Field(w, canceled);
        CsvText.Field(w, "false");
        CsvText.Field(w, canceled, last: true);
        file.EndRow(r.Chance(0.002));
    }

    private static void WriteContacts(ExportFile file, ExampleCustomer c, GeneratorState state)
    {
        var r = c.Random;
        var created = c.SignupAt.AddMinutes(-r.Between(0, 90 * 24 * 60));
        WriteContact(file, r, state, c.FirstName, c.LastName, c.Email, r.Chance(0.6) ? "customer" : "Customer", "", created, c.Company, c.Employees, c.Industry, c.Country, MixedCase(r, c.Plan.Name));

        // Prospects who never bought: the CRM holds more than the customers.
        if (r.Chance(0.35))
        {
            var first = r.Pick(ExampleNames.First);
            var last = r.Pick(ExampleNames.Last);
            var email = $"{first}.{last}".ToLowerInvariant().Replace("ü", "u", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal)
                + "@prospect-" + c.Id[4..10].ToLowerInvariant() + ".example";
            var stage = r.Pick(["lead", "Lead", "subscriber", "marketingqualifiedlead", "opportunity"]);
            var leadCreated = ExampleTimeline.FirstSignup.AddMinutes(r.Between(0, (int)(ExampleTimeline.ExportDate - ExampleTimeline.FirstSignup).TotalMinutes - 1));
            var company = r.Pick(ExampleNames.CompanyFirst) + " " + r.Pick(ExampleNames.CompanySecond);
            WriteContact(file, r, state, first, last, email, stage, r.Pick(["New", "Open", "In progress", "Unqualified", ""]), leadCreated, company, r.Between(2, 500), r.Pick(ExampleNames.Industries), r.Pick(ExampleNames.Countries), "");
        }

        if (state.MalformedAfter(c, 2))
        {
            // A line with one field too many (an unquoted comma in a company name).
            file.Row.Write($"{state.NextRecordId++},Sam,Lopez,sam.lopez@bold-grid.example,,lead,New,2026-03-02 10:15,,Bold Grid, Inc.,12,Retail,,Canada,\n");
            file.EndRow();
        }
    }

    private static void WriteContact(ExportFile file, ExampleRandom r, GeneratorState state, string first, string last, string email, string stage, string leadStatus, DateTime created, string company, int employees, string industry, string country, string plan)
    {
        var w = file.Row;
        state.NextRecordId += r.Between(1, 9);
        CsvText.Field(w, CsvText.Int(state.NextRecordId));
        CsvText.Field(w, first);
        CsvText.Field(w, last);
        CsvText.Field(w, email);
        CsvText.Field(w, r.Chance(0.3) ? "" : $"+1 555 01{r.Between(10, 99)} {r.Between(1000, 9999)}");
        CsvText.Field(w, stage);
        CsvText.Field(w, leadStatus);
        CsvText.Field(w, created.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        var activity = created.AddMinutes(r.Between(0, Math.Max(1, (int)(ExampleTimeline.ExportDate - created).TotalMinutes - 1)));
        CsvText.Field(w, r.Chance(0.2) ? "" : activity.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        CsvText.Field(w, company);
        CsvText.Field(w, r.Chance(0.08) ? "" : CsvText.Int(employees));
        CsvText.Field(w, r.Chance(0.05) ? "" : r.Chance(0.25) ? industry.ToLowerInvariant() : industry);
        var revenue = employees * 110_000m + r.Between(0, 99) * 1000m;
        CsvText.Field(w, r.Chance(0.3) ? "" : r.Chance(0.1) ? "$" + revenue.ToString("#,##0", System.Globalization.CultureInfo.InvariantCulture) : CsvText.Int((long)revenue));
        CsvText.Field(w, country);
        CsvText.Field(w, plan, last: true);
        file.EndRow(r.Chance(0.003));
    }

    private static string MixedCase(ExampleRandom r, string value)
    {
        var p = r.NextDouble();
        return p < 0.7 ? value : p < 0.9 ? value.ToLowerInvariant() : value.ToUpperInvariant();
    }

    private static void WritePayments(ExportFile file, ExampleCustomer c, GeneratorState state)
    {
        var r = c.Random;
        var from = ExampleTimeline.ExportWindowStart;
        var end = c.CanceledAt ?? ExampleTimeline.ExportDate;
        var attempts = new List<(DateTime At, bool Failed)>();
        foreach (var at in c.ChargeDates(from, ExampleTimeline.ExportDate))
        {
            attempts.Add((at, false));
        }

        foreach (var at in c.FailedPayments)
        {
            if (at >= from && at < end)
            {
                attempts.Add((at, true));
            }
        }

        attempts.Sort((a, b) => a.At.CompareTo(b.At));
        var brand = r.Pick(CardBrands);
        var last4 = CsvText.Int(r.Between(1000, 9999));
        var funding = r.Chance(0.8) ? "credit" : "debit";
        var expMonth = CsvText.Int(r.Between(1, 12));
        var expYear = CsvText.Int(r.Between(2026, 2031));
        var amount = c.Plan.Charge(c.Annual);
        var w = file.Row;
        foreach (var (at, failed) in attempts)
        {
            var refund = failed ? 0m : r.Chance(0.012) ? amount : r.Chance(0.004) ? decimal.Round(amount / 2, 2) : 0m;
            var status = failed ? "Failed" : refund == amount ? "Refunded" : refund > 0 ? "Partially refunded" : "Paid";
            var fee = failed ? 0m : decimal.Round(amount * 0.029m + 0.30m, 2);
            var messy = r.Chance(0.004);
            CsvText.Field(w, r.Id(r.Chance(0.9) ? "ch_" : "py_", 24));
            CsvText.Field(w, at == c.SignupAt ? "Subscription creation" : "Subscription update");
            CsvText.Field(w, failed ? r.Pick(["Your card was declined.", "Your card has insufficient funds.", "The bank did not return any further details with this decline."]) : "Payment complete.");
            CsvText.Field(w, CsvText.StripeTime(at));
            CsvText.Field(w, CsvText.Money(amount, messy));
            CsvText.Field(w, CsvText.Money(refund, false));
            CsvText.Field(w, "usd");
            CsvText.Field(w, CsvText.Money(amount, messy));
            CsvText.Field(w, CsvText.Money(refund, false));
            CsvText.Field(w, CsvText.Money(fee, false));
            CsvText.Field(w, "0.00");
            CsvText.Field(w, "usd");
            CsvText.Field(w, "Live");
            CsvText.Field(w, status);
            CsvText.Field(w, "ACME ANALYTICS");
            CsvText.Field(w, c.Id);
            CsvText.Field(w, c.Company);
            CsvText.Field(w, c.Email);
            CsvText.Field(w, failed ? "false" : "true");
            CsvText.Field(w, last4);
            CsvText.Field(w, r.Chance(0.02) ? "" : brand);
            CsvText.Field(w, funding);
            CsvText.Field(w, expMonth);
            CsvText.Field(w, expYear);
            CsvText.Field(w, r.Chance(0.03) ? "" : "US");
            CsvText.Field(w, r.Id("in_", 24), last: true);
            file.EndRow(r.Chance(0.002));
        }

        if (state.MalformedAfter(c, 1) || state.MalformedAfter(c, 5))
        {
            // A line cut short by a broken export (wrong number of fields).
            file.Row.Write($"{r.Id("ch_", 24)},Subscription update,Payment complete.,2026-10-0\n");
            file.EndRow();
        }
    }

    private static void WriteTickets(ExportFile file, ExampleCustomer c, GeneratorState state)
    {
        var r = c.Random;
        c.Tickets.Sort((a, b) => a.At.CompareTo(b.At));
        var w = file.Row;
        foreach (var (at, priority, cancelRequest) in c.Tickets)
        {
            var id = state.NextTicketId++;
            var updated = at.AddMinutes(r.Between(5, 5 * 24 * 60));
            var solved = updated < ExampleTimeline.ExportDate.AddDays(-3) || r.Chance(0.5);
            var email = r.Chance(0.1) ? TitleCaseEmail(c.Email) : c.Email;
            var p = r.NextDouble();
            var shownPriority = p < 0.15 ? char.ToUpperInvariant(priority[0]) + priority[1..] : p < 0.18 ? priority.ToUpperInvariant() : priority;
            w.Write("{\"id\":");
            w.Write(CsvText.Int(id));
            w.Write(",\"created_at\":\"");
            w.Write(CsvText.IsoTime(at));
            w.Write("\",\"updated_at\":\"");
            w.Write(CsvText.IsoTime(updated < ExampleTimeline.ExportDate ? updated : ExampleTimeline.ExportDate.AddSeconds(-1)));
            w.Write("\",\"subject\":\"");
            w.Write(JsonEscape(cancelRequest ? "How do I cancel our subscription?" : r.Pick(ExampleNames.TicketSubjects)));
            w.Write("\",\"status\":\"");
            w.Write(solved ? (r.Chance(0.7) ? "solved" : "closed") : (r.Chance(0.5) ? "open" : "pending"));
            w.Write("\",\"priority\":\"");
            w.Write(shownPriority);
            w.Write("\",\"channel\":\"");
            w.Write(r.Pick(["email", "email", "chat", "web", "phone"]));
            w.Write("\",\"requester\":{\"email\":\"");
            w.Write(JsonEscape(email));
            w.Write("\",\"name\":\"");
            w.Write(JsonEscape(c.FirstName + " " + c.LastName));
            w.Write("\"},\"organization\":{\"name\":\"");
            w.Write(JsonEscape(c.Company));
            w.Write("\"},\"tags\":[");
            var tags = cancelRequest ? ["cancellation", "billing"] : TicketTags(r);
            for (var i = 0; i < tags.Length; i++)
            {
                w.Write(i == 0 ? "\"" : ",\"");
                w.Write(tags[i]);
                w.Write('"');
            }

            w.Write("],\"satisfaction_rating\":{\"score\":\"");
            w.Write(!solved ? "unoffered" : r.Chance(0.5) ? "offered" : r.Chance(0.75) ? "good" : "bad");
            w.Write("\"}}\n");
            file.EndRow(r.Chance(0.003));
        }

        if (state.MalformedAfter(c, 3))
        {
            // A record cut off mid-write.
            file.Row.Write($"{{\"id\":{state.NextTicketId++},\"created_at\":\"2026-10-1\n");
            file.EndRow();
        }

        if (state.MalformedAfter(c, 6))
        {
            // Not JSON at all: a trailing comma and a single-quoted string.
            file.Row.Write($"{{\"id\":{state.NextTicketId++},\"subject\":'Export broken',}}\n");
            file.EndRow();
        }
    }

    private static string[] TicketTags(ExampleRandom r)
    {
        var n = r.Next(3);
        var tags = new string[n];
        for (var i = 0; i < n; i++)
        {
            tags[i] = r.Pick(ExampleNames.TicketTags);
        }

        return tags;
    }

    private static string TitleCaseEmail(string email)
    {
        var chars = email.ToCharArray();
        for (var i = 0; i < chars.Length && chars[i] != '@'; i++)
        {
            if (i == 0 || chars[i - 1] == '.')
            {
                chars[i] = char.ToUpperInvariant(chars[i]);
            }
        }

        return new string(chars);
    }

    private static string JsonEscape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static void WriteUsage(ExportFile file, ExampleCustomer c, GeneratorState state)
    {
        var r = c.Random;
        var w = file.Row;
        for (var i = 0; i < ExampleTimeline.UsageWeeks; i++)
        {
            var week = ExampleTimeline.FirstUsageWeek.AddDays(7 * i);
            if (week.AddDays(7) <= c.SignupAt || (c.CanceledAt is { } canceled && week >= canceled))
            {
                continue;
            }

            var logins = c.WeeklyLogins[i];
            CsvText.Field(w, CsvText.Date(week));
            CsvText.Field(w, c.Email);
            CsvText.Field(w, CsvText.Int(logins));
            CsvText.Field(w, CsvText.Int(c.WeeklySeats[i]));
            CsvText.Field(w, r.Chance(0.01) ? "" : CsvText.Int(r.Poisson(logins * 0.1)), last: true);
            file.EndRow(r.Chance(0.002));
        }

        if (state.MalformedAfter(c, 4))
        {
            file.Row.Write($"{CsvText.Date(ExampleTimeline.FirstUsageWeek)},{c.Email},12\n");
            file.EndRow();
        }
    }

    private static void WriteEvents(ExportFile units, ExportFile file, ExampleCustomer c)
    {
        if (!c.ActiveAtExport)
        {
            return;
        }

        var r = c.Random;
        var start = ExampleTimeline.ExperimentStart;

        // Every unit is listed (a churned unit may have no event at all, yet it counts in the analysis).
        CsvText.Field(units.Row, c.Id);
        CsvText.Field(units.Row, VariantName(c.Variant));
        CsvText.Field(units.Row, CsvText.IsoTime(start), last: true);
        units.EndRow();

        var preStart = start.AddDays(-ExampleTimeline.PreDays);
        var end = start.AddDays(ExampleTimeline.PostDays);
        var amount = c.Plan.Charge(c.Annual);

        // Pre-period: what happened before the calls started (the CUPED covariate).
        foreach (var at in c.ChargeDates(preStart, start))
        {
            Event(file, r, c, "payment", CsvText.Money(amount, false), at);
            Event(file, r, c, "renewed", "1", at.AddMinutes(1));
        }

        if (r.Chance(0.005))
        {
            Event(file, r, c, "refund", CsvText.Money(amount, false), RandomTime(r, preStart, start));
        }

        // Post-period: the planted effect. Customer success calls the high-risk customers of the treatment arm, which
        // keeps most of them; a light touch for the rest. Refunds do not depend on the variant.
        var risk = c.Risk;
        if (c.Variant == 1)
        {
            risk *= risk >= 0.15 ? 0.35 : 0.75;
        }

        var churnAt = r.Chance(risk) ? RandomTime(r, start, end) : (DateTime?)null;
        var renewed = false;
        foreach (var at in c.ChargeDates(start, churnAt ?? end))
        {
            Event(file, r, c, "payment", CsvText.Money(amount, false), at);
            if (churnAt is null && !renewed)
            {
                Event(file, r, c, "renewed", "1", at.AddMinutes(1));
                renewed = true;
            }
        }

        if (churnAt is null && !renewed)
        {
            // Annual subscribers and late billing days renew without a charge in the window: the renewal check passed.
            Event(file, r, c, "renewed", "1", RandomTime(r, start, end));
        }

        if (r.Chance(0.005))
        {
            Event(file, r, c, "refund", CsvText.Money(amount, false), RandomTime(r, start, end));
        }
    }

    private static void Event(ExportFile file, ExampleRandom r, ExampleCustomer c, string name, string value, DateTime at)
    {
        var w = file.Row;
        CsvText.Field(w, r.Id("evt_", 20));
        CsvText.Field(w, c.Id);
        CsvText.Field(w, name);
        CsvText.Field(w, value);
        CsvText.Field(w, CsvText.IsoTime(at), last: true);
        file.EndRow();
    }

    private static DateTime RandomTime(ExampleRandom r, DateTime from, DateTime to) =>
        from.AddSeconds(Math.Floor((to - from).TotalSeconds * r.NextDouble()));

    /// <summary>The variant names in assignment order (index 0 is control).</summary>
    internal static string VariantName(int index) => ExampleCustomer.ExperimentVariants[index];

    /// <summary>The variant of a unit, exactly as live assignment computes it.</summary>
    internal static string VariantOf(string unit) =>
        VariantName(VariantAssignment.Choose(VariantAssignment.Bucket(ExampleCustomer.ExperimentName, unit), ExampleCustomer.ExperimentWeights));
}
