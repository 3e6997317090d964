using System.CommandLine;
using System.Globalization;
using LeanML.Experiments;
using LeanML.Metrics;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml metric NAME</c>: a business metric defined once in metrics/NAME.yaml, computed in the warehouse.</summary>
internal static class MetricCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The metric (metrics/NAME.yaml)" };
        var by = new Option<string?>("--by") { Description = "Cut by one of the definition's dimensions", HelpName = "DIM" };
        var grain = new Option<string?>("--grain") { Description = "Cut by time: day | week | month | quarter | year (one of the definition's grains)", HelpName = "G" };
        var since = new Option<string?>("--since") { Description = "Only rows at or after this day (YYYY-MM-DD)", HelpName = "DATE" };
        var until = new Option<string?>("--until") { Description = "Only rows before this day (YYYY-MM-DD)", HelpName = "DATE" };
        var experiment = new Option<string?>("--experiment") { Description = "Over this experiment's units and window (with --variant)", HelpName = "E" };
        var variant = new Option<string?>("--variant") { Description = "The variant whose units are the population", HelpName = "V" };
        var command = new Command("metric", """
            Compute a metric defined in metrics/NAME.yaml (name, label, description, owner, type count|sum|mean|
            ratio|proportion, table or transform, expression or numerator/denominator, entity, time, grains,
            filters, dimensions, format) in the warehouse. Each value carries the definition's hash and the data's
            as-of (the last load of its table). Over an experiment's variant, count and sum are shown per unit:
            the number the experiment's analysis compares.

            Examples:
              leanml metric monthly_revenue --grain month --since 2026-01-01
              leanml metric churn_rate --by plan
              leanml metric refund_rate --experiment churn-outreach --variant control --json
            """) { name, by, grain, since, until, experiment, variant };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var metric = parse.GetValue(name)!;
            MetricValue value;
            if (parse.GetValue(experiment) is { } e)
            {
                if (parse.GetValue(variant) is not { } v)
                {
                    throw new LeanMLInputException("--experiment needs --variant NAME: the variant whose units are the population.", field: "--variant");
                }

                if (parse.GetValue(by) is not null || parse.GetValue(grain) is not null || parse.GetValue(since) is not null || parse.GetValue(until) is not null)
                {
                    throw new LeanMLInputException("over an experiment's variant the window is the experiment's; drop --by, --grain, --since and --until.", field: "--experiment");
                }

                await using var state = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false);
                value = await new ExperimentService(workspace, state).MetricForVariantAsync(e, metric, v, ct).ConfigureAwait(false);
            }
            else
            {
                if (parse.GetValue(variant) is not null)
                {
                    throw new LeanMLInputException("--variant needs --experiment NAME.", field: "--variant");
                }

                var request = new MetricRequest(metric, parse.GetValue(by), parse.GetValue(grain), Day(parse.GetValue(since), "--since"), Day(parse.GetValue(until), "--until"));
                value = await new MetricService(workspace).ComputeAsync(request, ct).ConfigureAwait(false);
            }

            output.Report(value, w =>
            {
                var scope = value.Population is { } p ? $" over {p.Experiment}/{p.Variant}{(value.PerEntity ? " (per unit)" : "")}" : "";
                w.WriteLine($"{value.Label} ({value.Metric}){scope}");
                foreach (var row in value.Rows)
                {
                    var key = string.Join("  ", new[] { row.Period, row.Dimension }.Where(k => k is not null));
                    w.WriteLine(key.Length == 0 ? $"  {row.Formatted}" : $"  {key,-24} {row.Formatted}");
                }

                w.WriteLine($"definition {value.DefinitionHash[..12]}, data as of {(value.AsOf is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "unknown (table not loaded by LeanML)")}");
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static DateTimeOffset? Day(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : throw new LeanMLInputException($"{option} is '{text}'; write a day as YYYY-MM-DD.", field: option);
}
