using LeanML.Experiments;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.IntegrationTests.Experiments;

/// <summary>Where the units of a batch assignment come from: a warehouse table (opened read-only, then released) or a file.</summary>
public sealed class UnitSourceTests
{
    [Fact]
    public async Task Batch_units_come_from_a_warehouse_table_or_a_file()
    {
        using var dir = new TempDir();
        var ws = WorkspaceInitializer.Create(dir.Combine("ws"));
        await using (var w = await Warehouse.OpenAsync(ws))
        {
            await using var create = w.Command("CREATE TABLE \"call list\" AS SELECT * FROM (VALUES (1, 'cust-1'), (2, 'cust-2'), (3, 'cust-1'), (4, NULL)) AS v(id, customer)");
            await create.ExecuteNonQueryAsync();
        }

        Assert.Equal(["cust-1", "cust-2"], await UnitSource.ReadAsync(ws, "call list", null, "customer"));
        Assert.Equal(["1", "2", "3", "4"], await UnitSource.ReadAsync(ws, "call list", "id", "customer"));
        var badColumn = await Assert.ThrowsAsync<LeanMLInputException>(() => UnitSource.ReadAsync(ws, "call list", "custmer", "customer"));
        Assert.Contains("Did you mean 'customer'?", badColumn.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<LeanMLInputException>(() => UnitSource.ReadAsync(ws, "no such table", null, "customer"));
        Assert.Contains("neither a file nor a warehouse table", missing.Message, StringComparison.Ordinal);

        var file = dir.Combine("list.txt");
        File.WriteAllLines(file, ["cust-9", "", "cust-8", "cust-9"]);
        Assert.Equal(["cust-9", "cust-8"], await UnitSource.ReadAsync(ws, file, null, "customer"));
    }
}
