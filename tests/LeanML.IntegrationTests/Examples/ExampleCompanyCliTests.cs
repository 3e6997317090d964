using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Examples;

/// <summary><c>leanml init --example</c> run as the real CLI process.</summary>
public sealed class ExampleCompanyCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Init_example_writes_the_company_and_reports_it_as_one_json_document()
    {
        var r = Infrastructure.Cli.Run(_dir.Path, "init", "acme", "--example", "--customers", "300", "--seed", "7", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var example = r.Json().GetProperty("example");
        Assert.Equal(300, example.GetProperty("customers").GetInt32());
        var files = example.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(22, files.Count);   // 8 data files, the brief, the experiment, 3 sources, 2 transforms with their tests, 3 metrics, 2 reports
        foreach (var file in files)
        {
            var path = _dir.Combine("acme", file.GetProperty("path").GetString()!);
            Assert.True(File.Exists(path), path);
            Assert.Equal(new FileInfo(path).Length, file.GetProperty("bytes").GetInt64());
        }

        Assert.True(File.Exists(_dir.Combine("acme", "leanml.yaml")));
        Assert.Contains("name: churn", File.ReadAllText(_dir.Combine("acme", "projects", "churn", "project.yaml")), StringComparison.Ordinal);

        // Its two reports (with their live references to the metrics and the experiment) are valid.
        var check = Infrastructure.Cli.Run(_dir.Combine("acme"), "report", "check", "--json");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Equal((2, 0), (check.Json().GetProperty("reports").GetInt32(), check.Json().GetProperty("invalid").GetInt32()));

        // The same options in another folder: the same bytes.
        var again = Infrastructure.Cli.Run(_dir.Path, "init", "acme2", "--example", "--customers", "300", "--seed", "7");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Acme Analytics", again.Stdout, StringComparison.Ordinal);
        foreach (var file in files)
        {
            var relative = file.GetProperty("path").GetString()!;
            Assert.Equal(File.ReadAllBytes(_dir.Combine("acme", relative)), File.ReadAllBytes(_dir.Combine("acme2", relative)));
        }
    }

    [Fact]
    public void Customers_without_example_is_a_usage_error()
    {
        var r = Infrastructure.Cli.Run(_dir.Path, "init", "acme", "--customers", "10");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--example", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("acme")));
    }

    [Fact]
    public void A_bad_customer_count_is_exit_3_and_creates_nothing()
    {
        var r = Infrastructure.Cli.Run(_dir.Path, "init", "acme", "--example", "--customers", "0");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("--customers", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("acme")));
    }

    [Fact]
    public void Init_example_into_an_existing_workspace_refuses_with_exit_3()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "acme").ExitCode);
        var r = Infrastructure.Cli.Run(_dir.Path, "init", "acme", "--example", "--customers", "20");
        Assert.Equal(3, r.ExitCode);
        Assert.False(File.Exists(_dir.Combine("acme", "data", "stripe_payments.csv")));
    }

    public void Dispose() => _dir.Dispose();
}
