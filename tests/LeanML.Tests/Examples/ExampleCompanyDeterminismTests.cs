using LeanML.Examples;

namespace LeanML.Tests.Examples;

/// <summary>Same seed, same bytes (the workbook included); another seed, other data; never an overwrite.</summary>
public sealed class ExampleCompanyDeterminismTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "leanml-example-" + Guid.NewGuid().ToString("N")[..12]);

    private string Generate(string name, long seed, int customers = 600)
    {
        var dir = Path.Combine(_root, name);
        ExampleCompany.Write(dir, new ExampleCompanyOptions(customers, seed), CancellationToken.None);
        return dir;
    }

    [Fact]
    public void The_same_seed_gives_identical_bytes_for_every_file()
    {
        var a = Generate("a", 42);
        var b = Generate("b", 42);
        Assert.Equal(22, ExampleCompany.FilePaths.Count);
        foreach (var path in ExampleCompany.FilePaths)
        {
            var bytes = File.ReadAllBytes(Path.Combine(a, path));
            Assert.True(bytes.Length > 0, path);
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, path))), $"{path} differs between two runs with seed 42");
        }

        // Nothing else is left behind (no temporary files).
        Assert.Equal(ExampleCompany.FilePaths.Order(StringComparer.Ordinal), Directory.GetFiles(a, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(a, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Another_seed_gives_different_data_files()
    {
        var a = Generate("a", 42);
        var c = Generate("c", 43);
        foreach (var path in ExampleCompany.FilePaths.Where(p => p.StartsWith("data/", StringComparison.Ordinal) && !p.EndsWith(".xlsx", StringComparison.Ordinal)))
        {
            Assert.False(File.ReadAllBytes(Path.Combine(a, path)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(c, path))), $"{path} is the same for seeds 42 and 43");
        }
    }

    [Fact]
    public void The_workbook_bytes_do_not_depend_on_the_clock_or_random_ids()
    {
        // Built twice in one process with time passing in between: the Open XML SDK would otherwise stamp times and random ids.
        var first = PlansWorkbook.Build();
        Thread.Sleep(2100);
        Assert.Equal(first, PlansWorkbook.Build());
    }

    [Fact]
    public void It_never_overwrites_a_file_and_writes_nothing_when_it_refuses()
    {
        var dir = Path.Combine(_root, "existing");
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        File.WriteAllText(Path.Combine(dir, "data", "hubspot_contacts.csv"), "mine");
        var error = Assert.Throws<LeanMLInputException>(() => ExampleCompany.Write(dir, new ExampleCompanyOptions(50), CancellationToken.None));
        Assert.Contains("data/hubspot_contacts.csv", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "data", "hubspot_contacts.csv")));
        Assert.Single(Directory.GetFiles(dir, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(ExampleCompanyOptions.MaxCustomers + 1)]
    public void A_customer_count_out_of_range_names_the_option(int customers)
    {
        var error = Assert.Throws<LeanMLInputException>(() => ExampleCompany.Write(Path.Combine(_root, "bad"), new ExampleCompanyOptions(customers), CancellationToken.None));
        Assert.Equal("--customers", error.Field);
        Assert.False(Directory.Exists(Path.Combine(_root, "bad")));
    }

    [Fact]
    public void Cancellation_leaves_no_file_behind()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var dir = Path.Combine(_root, "cancelled");
        Assert.Throws<OperationCanceledException>(() => ExampleCompany.Write(dir, new ExampleCompanyOptions(50), cancel.Token));
        Assert.Empty(Directory.Exists(dir) ? Directory.GetFiles(dir, "*", SearchOption.AllDirectories) : []);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
