using LeanML.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
