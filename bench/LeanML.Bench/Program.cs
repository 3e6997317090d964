using LeanML.Bench;

// Runs one named scenario and prints LeanML's figure, the reference's figure on the same machine and data, and the ratio.
// Usage: dotnet run -c Release --project bench/LeanML.Bench -- SCENARIO [options]
return await BenchScenarios.RunAsync(args).ConfigureAwait(false);
