namespace LeanML.Cli.Reports;

/// <summary>Where the warehouse is: its provider and its file or connection variable.</summary>
internal sealed record WarehouseStatus(string Provider, string Location);
