using LeanML.Sources.Identity;

namespace LeanML.Tests.Sources;

public sealed class EmailIdentityTests
{
    [Fact]
    public void Emails_are_trimmed_and_lower_cased_into_one_person()
    {
        var a = EmailIdentity.Resolve("  Ana.Lopez@Example.COM ", "stripe", "cus_1", gmailFolding: false);
        var b = EmailIdentity.Resolve("ana.lopez@example.com", "hubspot", "501", gmailFolding: false);
        Assert.Equal(a.PersonKey, b.PersonKey);
        Assert.Equal(("email", "ana.lopez@example.com"), (a.Rule, a.NormalizedEmail));
    }

    [Fact]
    public void Gmail_dots_and_plus_tags_fold_only_when_asked()
    {
        Assert.NotEqual(EmailIdentity.Resolve("jo.ng+x@gmail.com", "s", "1", false).PersonKey, EmailIdentity.Resolve("jong@gmail.com", "s", "2", false).PersonKey);
        var folded = EmailIdentity.Resolve("Jo.Ng+x@googlemail.com", "s", "1", true);
        Assert.Equal(("gmail_folding", "jong@gmail.com"), (folded.Rule, folded.NormalizedEmail));
        Assert.Equal(folded.PersonKey, EmailIdentity.Resolve("jong@gmail.com", "s", "2", true).PersonKey);
        // Other domains keep their dots and tags.
        Assert.Equal("jo.ng+x@example.com", EmailIdentity.Resolve("jo.ng+x@example.com", "s", "3", true).NormalizedEmail);
    }

    [Theory]
    [InlineData("info@acme.example")]
    [InlineData("Billing@acme.example")]
    [InlineData("support+eu@acme.example")]
    [InlineData("sales@acme.example")]
    [InlineData("admin@acme.example")]
    public void Role_addresses_never_merge_two_records(string email)
    {
        var a = EmailIdentity.Resolve(email, "stripe", "cus_1", false);
        var b = EmailIdentity.Resolve(email, "stripe", "cus_2", false);
        Assert.Equal("role_address", a.Rule);
        Assert.NotEqual(a.PersonKey, b.PersonKey);
    }

    [Fact]
    public void A_record_without_an_address_is_a_person_of_its_own()
    {
        Assert.Equal("no_email", EmailIdentity.Resolve("not an email", "hubspot", "1", false).Rule);
        Assert.NotEqual(EmailIdentity.Resolve(null, "hubspot", "1", false).PersonKey, EmailIdentity.Resolve(null, "hubspot", "2", false).PersonKey);
    }

    [Theory]
    [InlineData("Acme, Inc.", "acme")]
    [InlineData("ACME LLC", "acme")]
    [InlineData("Acme", "acme")]
    [InlineData("Tokyo KK", "tokyo kk")]
    public void Companies_compare_without_case_punctuation_or_legal_suffix(string company, string normalized) =>
        Assert.Equal(normalized, IdentityService.NormalizeCompany(company));
}
