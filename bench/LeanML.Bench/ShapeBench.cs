using System.Diagnostics;
using System.Globalization;
using System.Text;
using LeanML.Ingestion;
using LeanML.Sources;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.Bench;

/// <summary>
/// Shape scenario. (1) A deterministic 1,000,000-row Stripe Dashboard payments export loaded twice into fresh DuckDB
/// warehouses, in this process: plain ingest (the reference: the raw table only) and ingest through the adapter (the raw
/// table plus canonical payments, one transaction); the adapter's overhead is their ratio. DuckDB's own read_csv of the
/// file, through the same library, is printed beside them: the floor of the raw load. (2) Identity: a generated truth
/// set of people, each in some of a Stripe customers, a HubSpot contacts and a Salesforce Contact export, with case and
/// spacing variations, Gmail dot/plus variants (folding on), shared role addresses (billing@, info@) and
/// people who give a role address in one tool; pairwise precision and recall of person_key against the truth.
/// Usage: shape [ROWS] [--people N]
/// </summary>
internal static class ShapeBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = BenchData.Positional(args) is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 1_000_000;
        var people = BenchData.Option(args, "--people", 100_000);
        var dir = Directory.CreateTempSubdirectory("leanml-bench-shape-").FullName;
        try
        {
            var ok = await PaymentsAsync(dir, rows).ConfigureAwait(false);
            ok &= await IdentityAsync(dir, people).ConfigureAwait(false);
            return ok ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static async Task<bool> PaymentsAsync(string dir, int rows)
    {
        var csv = Path.Combine(dir, "stripe_payments.csv");
        WritePayments(csv, rows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shape/payments: {rows:N0} rows, Stripe classic header (26 columns), {new FileInfo(csv).Length / 1048576.0:0.0} MiB, {Environment.ProcessorCount} cores"));
        var plain = await TimeAsync(dir, "plain", csv, adapter: false).ConfigureAwait(false);
        var adapted = await TimeAsync(dir, "adapter", csv, adapter: true).ConfigureAwait(false);
        var duck = IngestBench.ReadCsvInDuckDb(csv, Path.Combine(dir, "read_csv.duckdb"));
        // CPU seconds beside wall seconds: on a shared machine the wall clock mostly measures the other processes.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain ingest (raw table):              {plain.Seconds,6:0.00} s wall, {plain.Cpu,6:0.00} s CPU"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"adapter (raw + canonical payments):    {adapted.Seconds,6:0.00} s wall, {adapted.Cpu,6:0.00} s CPU  ({adapted.Canonical:N0} canonical rows)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DuckDB read_csv of the file (reference): {duck.Seconds,6:0.00} s wall (typed by its sniffer, one table, no lineage or mapping)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"adapter overhead: x{adapted.Seconds / plain.Seconds:0.00} of plain ingest (wall), x{adapted.Cpu / plain.Cpu:0.00} (CPU); bar: adapter <= 10 s wall: {(adapted.Seconds <= 10 ? "met" : "NOT met")}"));
        return adapted.Seconds <= 10 && adapted.Canonical == rows;
    }

    private static async Task<(double Seconds, double Cpu, long Canonical)> TimeAsync(string dir, string name, string csv, bool adapter)
    {
        var ws = WorkspaceInitializer.Create(Path.Combine(dir, name));
        await using var w = await Warehouse.OpenAsync(ws).ConfigureAwait(false);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = await SourceIngestService.IngestFileAsync(w, ws, csv, new IngestRequest([csv]), new SourceOptions { Raw = !adapter }).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        return (seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, result.Adapter is { } a ? a.Inserted : 0);
    }

    private static void WritePayments(string path, int rows)
    {
        string[] header =
        [
            "id", "Description", "Seller Message", "Created (UTC)", "Amount", "Amount Refunded", "Currency", "Converted Amount",
            "Converted Amount Refunded", "Fee", "Tax", "Converted Currency", "Mode", "Status", "Statement Descriptor", "Customer ID",
            "Customer Description", "Customer Email", "Captured", "Card Last4", "Card Brand", "Card Funding", "Card Exp Month",
            "Card Exp Year", "Card Issue Country", "Invoice ID",
        ];
        var random = new Random(42);
        string[] brands = ["Visa", "MasterCard", "American Express", "Discover"];
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.Write(string.Join(',', header) + "\n");
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var inv = CultureInfo.InvariantCulture;
        for (var i = 0; i < rows; i++)
        {
            var amount = random.Next(500, 50_000) / 100.0;
            var refunded = random.NextDouble() < 0.03 ? amount : random.NextDouble() < 0.02 ? Math.Round(amount / 2, 2) : 0;
            var failed = random.NextDouble() < 0.04;
            var at = start.AddSeconds(i * 31 + random.Next(30));
            var customer = random.Next(1, 200_000);
            w.Write(string.Create(inv, $"ch_{i:D10},Plan charge,Payment complete.,{at:yyyy-MM-dd HH:mm},{amount:0.00},{refunded:0.00},usd,{amount:0.00},{refunded:0.00},{amount * 0.029 + 0.3:0.00},0.00,usd,Live,{(failed ? "Failed" : refunded > 0 ? "Refunded" : "Paid")},ACME,cus_{customer:D8},Customer {customer},user{customer}@example.com,{(failed ? "false" : "true")},{random.Next(1000, 9999)},{brands[random.Next(brands.Length)]},credit,{random.Next(1, 13)},{random.Next(2025, 2031)},US,in_{i:D10}\n"));
        }
    }

    private static async Task<bool> IdentityAsync(string dir, int people)
    {
        var truth = new Dictionary<string, int>(StringComparer.Ordinal);
        var random = new Random(7);
        var inv = CultureInfo.InvariantCulture;
        var stripe = new StringBuilder("id,Description,Email,Name,Created (UTC),Delinquent\n");
        var hubspot = new StringBuilder("Record ID,First Name,Last Name,Email,Associated Company\n");
        var salesforce = new StringBuilder("Id,AccountId,FirstName,LastName,Email\n");
        string[] roles = ["billing", "info", "support", "sales", "admin", "accounts"];
        int gmail = 0, roleUsers = 0;
        for (var p = 0; p < people; p++)
        {
            var first = "First" + p.ToString(inv);
            var last = "Last" + (p % 997).ToString(inv);
            var company = "co" + (p / 25).ToString(inv);
            var isGmail = random.NextDouble() < 0.2;
            gmail += isGmail ? 1 : 0;
            var local = $"{first}.{last}".ToLowerInvariant();
            var domain = isGmail ? "gmail.com" : company + ".example";

            // Which tools know this person (at least one), and how each writes the address.
            var inStripe = random.NextDouble() < 0.8;
            var inHubSpot = random.NextDouble() < 0.7;
            var inSalesforce = random.NextDouble() < 0.5 || !(inStripe || inHubSpot);
            // 2% give their company's role address to billing (Stripe): those records are theirs but must not merge.
            var roleInStripe = random.NextDouble() < 0.02;
            roleUsers += roleInStripe && inStripe ? 1 : 0;
            string Variant()
            {
                var l = isGmail && random.NextDouble() < 0.5 ? (random.NextDouble() < 0.5 ? local.Replace(".", "", StringComparison.Ordinal) : local + "+" + random.Next(1, 9).ToString(inv)) : local;
                var d = isGmail && random.NextDouble() < 0.1 ? "googlemail.com" : domain;
                var e = l + "@" + d;
                e = random.NextDouble() < 0.3 ? e.ToUpperInvariant() : random.NextDouble() < 0.3 ? char.ToUpperInvariant(e[0]) + e[1..] : e;
                return random.NextDouble() < 0.2 ? "  " + e + " " : e;
            }

            if (inStripe)
            {
                var id = "cus_" + p.ToString("D8", inv);
                truth["stripe:" + id] = p;
                var email = roleInStripe ? roles[random.Next(roles.Length)] + "@" + company + ".example" : Variant();
                stripe.Append(inv, $"{id},{company},\"{email}\",{first} {last},2024-01-01 00:00,false\n");
            }

            if (inHubSpot)
            {
                var id = (1_000_000 + p).ToString(inv);
                truth["hubspot:" + id] = p;
                hubspot.Append(inv, $"{id},{first},{last},\"{Variant()}\",{company}\n");
            }

            if (inSalesforce)
            {
                var id = "0035g" + p.ToString("D10", inv) + "AAA";
                truth["salesforce:" + id] = p;
                salesforce.Append(inv, $"{id},0015g00000XyZaBAAV,{first},{last},\"{Variant()}\"\n");
            }
        }

        var wsDir = Path.Combine(dir, "identity");
        var ws = WorkspaceInitializer.Create(wsDir);
        var files = new[] { ("stripe_customers.csv", stripe), ("hubspot_contacts.csv", hubspot), ("salesforce_contacts.csv", salesforce) };
        var clock = Stopwatch.StartNew();
        await using var w = await Warehouse.OpenAsync(ws).ConfigureAwait(false);
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(ws.DataDir, name);
            await File.WriteAllTextAsync(path, text.ToString()).ConfigureAwait(false);
            var r = await SourceIngestService.IngestFileAsync(w, ws, path, new IngestRequest([path]), new SourceOptions { GmailFolding = true }).ConfigureAwait(false);
            if (r.Adapter is null)
            {
                Console.WriteLine($"identity: {name} was not recognised");
                return false;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var predicted = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var cmd = w.Command("SELECT source_vendor, source_id, person_key FROM customers"))
        await using (var reader = await cmd.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                predicted[reader.GetString(0) + ":" + reader.GetString(1)] = reader.GetString(2);
            }
        }

        // Pairwise precision and recall: pairs of records put under one key, against pairs that are one person.
        static long Pairs(long n) => n * (n - 1) / 2;
        long truePairs = truth.Values.GroupBy(x => x).Sum(g => Pairs(g.Count()));
        long predictedPairs = predicted.Values.GroupBy(x => x).Sum(g => Pairs(g.Count()));
        long both = predicted.GroupBy(kv => (kv.Value, truth[kv.Key])).Sum(g => Pairs(g.Count()));
        var precision = predictedPairs == 0 ? 1 : both / (double)predictedPairs;
        var recall = truePairs == 0 ? 1 : both / (double)truePairs;
        Console.WriteLine(string.Create(inv, $"shape/identity: {people:N0} people, {truth.Count:N0} records (Stripe, HubSpot, Salesforce), {gmail:N0} Gmail users (folding on), {roleUsers:N0} give a role address to Stripe; loaded and resolved in {seconds:0.0} s"));
        Console.WriteLine(string.Create(inv, $"pairs: {truePairs:N0} true, {predictedPairs:N0} predicted, {both:N0} both"));
        Console.WriteLine(string.Create(inv, $"precision {precision:0.0000} (bar >= 0.995: {(precision >= 0.995 ? "met" : "NOT met")}), recall {recall:0.0000} (bar >= 0.97: {(recall >= 0.97 ? "met" : "NOT met")})"));
        return precision >= 0.995 && recall >= 0.97;
    }
}
