using LeanML.Ingestion;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Sources;
using LeanML.Sources.Identity;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.IntegrationTests.Sources;

/// <summary>One person_key per e-mail across vendors; role addresses never merge; conflicts listed — on DuckDB and PostgreSQL.</summary>
public abstract class IdentityTests<TProvider> : WarehouseTestBase<TProvider>, IDisposable
    where TProvider : IWarehouseProvider, new()
{
    private readonly TempDir _dir = new();

    private readonly Workspace.Workspace _ws;

    protected IdentityTests() => _ws = WorkspaceInitializer.Create(_dir.Combine("ws"));

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task LoadAsync(Database w, string name, SourceOptions? options = null)
    {
        var path = Path.Combine(_ws.DataDir, name);
        File.Copy(Path.Combine(Repo.Root, "tests", "LeanML.IntegrationTests", "Fixtures", "vendors", name), path, overwrite: true);
        await SourceIngestService.IngestFileAsync(w, _ws, path, new IngestRequest([path]), options ?? SourceOptions.Default);
    }

    private static async Task<string?> TextAsync(Database w, string sql)
    {
        await using var cmd = w.Command(sql);
        return await cmd.ExecuteScalarAsync() is string s ? s : null;
    }

    private static async Task<long> CountAsync(Database w, string sql)
    {
        await using var cmd = w.Command(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task One_person_across_vendors_role_addresses_apart_and_planted_conflicts_listed()
    {
        await using var w = await OpenFreshAsync();
        await LoadAsync(w, "stripe_customers.csv");
        await LoadAsync(w, "hubspot_contacts_labels.csv");
        await LoadAsync(w, "hubspot_contacts_internal.csv");
        await LoadAsync(w, "salesforce_contacts.csv");

        // ' Ana.Lopez@Example.com' (Stripe), 'ANA.LOPEZ@example.com' (HubSpot), 'ana.lopez@example.com' (Salesforce): one person.
        Assert.Equal(1L, await CountAsync(w, "SELECT COUNT(DISTINCT person_key) FROM customers WHERE LOWER(TRIM(email)) = 'ana.lopez@example.com'"));
        Assert.Equal(3L, await CountAsync(w, "SELECT COUNT(*) FROM customers WHERE LOWER(TRIM(email)) = 'ana.lopez@example.com'"));
        Assert.Equal(3L, await CountAsync(w, "SELECT records_linked FROM identity_links WHERE source_vendor = 'salesforce'"));

        // billing@bolt.example is two Stripe customers (Bo and Cy): a role address, never merged.
        Assert.Equal(2L, await CountAsync(w, "SELECT COUNT(DISTINCT person_key) FROM customers WHERE email = 'billing@bolt.example'"));
        Assert.Equal("role_address", await TextAsync(w, "SELECT rule FROM identity_links WHERE source_id = 'cus_B'"));
        Assert.Equal("role_address", await TextAsync(w, "SELECT identity_rule FROM customers WHERE source_id = '503'"));
        // Cy is also a HubSpot contact under his own address: not joined to his Stripe record through the role address.
        Assert.Equal(1L, await CountAsync(w, "SELECT COUNT(*) FROM customers WHERE email = 'cy@example.org'"));

        // Every customers row has its link.
        Assert.Equal(await CountAsync(w, "SELECT COUNT(*) FROM customers"), await CountAsync(w, "SELECT COUNT(*) FROM identity_links"));

        // eiko@example.jp: 'Eiko Tanaka' of 'Tokyo KK' in Stripe, 'Anna Smith' of 'Other Co' in HubSpot — listed, not merged silently.
        // Ana's companies ('Acme Inc.' and 'Acme') are one company once the legal suffix is dropped: no conflict.
        var conflicts = await IdentityService.ConflictsAsync(w);
        var c = Assert.Single(conflicts);
        Assert.Equal("eiko@example.jp", c.Email);
        Assert.Contains("'Eiko Tanaka'", c.Reason, StringComparison.Ordinal);
        Assert.Contains("'Anna Smith'", c.Reason, StringComparison.Ordinal);
        Assert.Contains("'Tokyo KK'", c.Reason, StringComparison.Ordinal);
        Assert.Equal(["hubspot", "stripe"], c.Records.Select(r => r.SourceVendor).Order());
    }

    [Fact]
    public async Task Gmail_folding_joins_dots_and_plus_tags_only_when_asked()
    {
        await using var w = await OpenFreshAsync();
        var path = Path.Combine(_ws.DataDir, "contacts.csv");
        File.WriteAllText(path, "Record ID,First Name,Last Name,Email\n1,Jo,Ng,Jo.Ng+crm@gmail.com\n2,Jo,Ng,jong@googlemail.com\n3,Jo,Ng,jo.ng@example.com\n4,Jo,Ng,jong@example.com\n");
        await SourceIngestService.IngestFileAsync(w, _ws, path, new IngestRequest([path]), SourceOptions.Default);
        Assert.Equal(4L, await CountAsync(w, "SELECT COUNT(DISTINCT person_key) FROM customers"));

        var folded = Path.Combine(_ws.DataDir, "contacts2.csv");
        File.WriteAllText(folded, File.ReadAllText(path).Replace("\n1,", "\n11,", StringComparison.Ordinal).Replace("\n2,", "\n12,", StringComparison.Ordinal).Replace("\n3,", "\n13,", StringComparison.Ordinal).Replace("\n4,", "\n14,", StringComparison.Ordinal));
        await SourceIngestService.IngestFileAsync(w, _ws, folded, new IngestRequest([folded]), new SourceOptions { GmailFolding = true });
        // Folded: the two Gmail addresses are one mailbox; dots elsewhere still matter (jo.ng@example.com is not jong@example.com).
        Assert.Equal(1L, await CountAsync(w, "SELECT COUNT(DISTINCT person_key) FROM customers WHERE source_id IN ('11', '12')"));
        Assert.Equal("gmail_folding", await TextAsync(w, "SELECT identity_rule FROM customers WHERE source_id = '11'"));
        Assert.Equal(2L, await CountAsync(w, "SELECT COUNT(DISTINCT person_key) FROM customers WHERE source_id IN ('13', '14')"));
    }
}

public sealed class DuckDbIdentityTests : IdentityTests<DuckDbProvider>;

public sealed class PostgresIdentityTests : IdentityTests<PostgresProvider>;
