using LeanML.Serving;
using LeanML.Storage;

namespace LeanML.Server;

/// <summary>
/// Polls the warehouse every <see cref="ServingOptions.PollInterval"/>: production models (hot swap on promote) and
/// tokens. On stop it flushes the prediction log, so a graceful stop loses no accepted prediction.
/// </summary>
internal sealed class ServingPoller(ServingState state, ILogger<ServingPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Database? warehouse = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (state.Store.Moved)
                    {
                        // Not ready from now on (/readyz says why); never reopened, which would recreate an empty store.
                        if (warehouse is not null)
                        {
                            await warehouse.DisposeAsync().ConfigureAwait(false);
                            warehouse = null;
                        }

                        await Task.Delay(state.Options.PollInterval, stoppingToken).ConfigureAwait(false);
                        continue;
                    }

                    warehouse ??= await state.Store.OpenAsync(stoppingToken).ConfigureAwait(false);
                    await RefreshAsync(state, warehouse, stoppingToken).ConfigureAwait(false);
                    foreach (var (project, error) in state.Models.Failures)
                    {
                        logger.ModelLoadFailed(project, error);
                    }

                    foreach (var (experiment, error) in state.Experiments.Failures)
                    {
                        logger.ExperimentNotRouted(experiment, error);
                    }
                }
                catch (Exception ex) when (ex is LeanMLException or System.Data.Common.DbException or InvalidOperationException)
                {
                    logger.PollFailed(ex.Message);
                    if (warehouse is not null)
                    {
                        await warehouse.DisposeAsync().ConfigureAwait(false);
                        warehouse = null;
                    }
                }

                await Task.Delay(state.Options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (warehouse is not null)
            {
                await warehouse.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>One poll: models, running experiments and tokens.</summary>
    public static async Task RefreshAsync(ServingState state, Database warehouse, CancellationToken cancellationToken)
    {
        await state.Models.RefreshAsync(warehouse, cancellationToken).ConfigureAwait(false);
        await state.Experiments.RefreshAsync(warehouse, cancellationToken).ConfigureAwait(false);
        state.Tokens = new TokenVerifier(await new TokenStore(warehouse).ActiveAsync(cancellationToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await state.Log.CompleteAsync().ConfigureAwait(false);
        await state.Store.DisposeAsync().ConfigureAwait(false);
    }
}
