using System.Globalization;
using LeanML.Experiments;

namespace LeanML.Examples;

/// <summary>
/// One simulated customer of the example company: its traits, the signals the exports will show, and its outcomes.
/// Every draw comes from the customer's own random stream, so customers are independent and generated one at a time
/// (bounded memory for any number of customers).
/// </summary>
internal sealed class ExampleCustomer
{
    /// <summary>The experiment's salt (its name) and variants, as in experiments/churn-outreach.yaml.</summary>
    public const string ExperimentName = "churn-outreach";

    public static IReadOnlyList<double> ExperimentWeights { get; } = [0.5, 0.5];

    public static IReadOnlyList<string> ExperimentVariants { get; } = ["control", "call-top-risk"];

    private ExampleCustomer(int index, ExampleRandom random)
    {
        Index = index;
        Random = random;
    }

    public int Index { get; }

    /// <summary>The customer's random stream; the writers keep drawing from it for the messiness of each row.</summary>
    public ExampleRandom Random { get; }

    public string Id { get; private set; } = "";

    public string FirstName { get; private set; } = "";

    public string LastName { get; private set; } = "";

    public string Email { get; private set; } = "";

    public string Company { get; private set; } = "";

    public string Industry { get; private set; } = "";

    public string Country { get; private set; } = "";

    public int Employees { get; private set; }

    public ExamplePlan Plan { get; private set; } = ExamplePlan.Basic;

    public bool Annual { get; private set; }

    public DateTime SignupAt { get; private set; }

    /// <summary>When the subscription was canceled (before the export date), or null.</summary>
    public DateTime? CanceledAt { get; private set; }

    /// <summary>Signed up before the snapshot and not canceled before it: a row of the churn dataset.</summary>
    public bool ActiveAtSnapshot { get; private set; }

    /// <summary>The label: canceled within 30 days after the snapshot.</summary>
    public bool Churned { get; private set; }

    /// <summary>The churn probability of the planted logistic model, from the signals at the snapshot.</summary>
    public double Risk { get; private set; }

    /// <summary>Seats the customer actually uses.</summary>
    public int SeatsUsed { get; private set; }

    /// <summary>Logins per usage week (index 0 = <see cref="ExampleTimeline.FirstUsageWeek"/>), before truncation at cancellation.</summary>
    public int[] WeeklyLogins { get; } = new int[ExampleTimeline.UsageWeeks];

    /// <summary>Active seats per usage week.</summary>
    public int[] WeeklySeats { get; } = new int[ExampleTimeline.UsageWeeks];

    /// <summary>Failed payment attempts (card declined).</summary>
    public List<DateTime> FailedPayments { get; } = [];

    /// <summary>Help-desk tickets: when, priority, and whether it asks how to cancel.</summary>
    public List<(DateTime At, string Priority, bool CancelRequest)> Tickets { get; } = [];

    /// <summary>Simulates customer <paramref name="index"/> of the company generated from <paramref name="seed"/>.</summary>
    public static ExampleCustomer Simulate(long seed, int index)
    {
        var c = new ExampleCustomer(index, ExampleRandom.For(seed, index));
        c.Run();
        return c;
    }

    private void Run()
    {
        var r = Random;
        Id = r.Id("cus_", 14);
        FirstName = r.Pick(ExampleNames.First);
        LastName = r.Pick(ExampleNames.Last);
        var first = r.Pick(ExampleNames.CompanyFirst);
        var second = r.Pick(ExampleNames.CompanySecond);
        Company = $"{first} {second}" + (r.Chance(0.5) ? ", " + r.Pick(ExampleNames.CompanySuffix) : "");
        var domain = (first + second).ToLowerInvariant() + "-" + ToBase36(Index) + ".example";
        Email = (Ascii(FirstName) + "." + Ascii(LastName)).ToLowerInvariant() + "@" + domain;
        Industry = r.Pick(ExampleNames.Industries);
        Country = r.Pick(ExampleNames.Countries);

        // Growth: more sign-ups lately (density rising linearly over time).
        var span = (ExampleTimeline.ExportDate.AddDays(-1) - ExampleTimeline.FirstSignup).TotalSeconds;
        SignupAt = ExampleTimeline.FirstSignup.AddSeconds(Math.Floor(span * Math.Sqrt(r.NextDouble())));

        var u = r.NextDouble();
        Plan = u < 0.5 ? ExamplePlan.Basic : u < 0.85 ? ExamplePlan.Pro : ExamplePlan.Enterprise;
        Annual = r.Chance(Plan == ExamplePlan.Basic ? 0.2 : Plan == ExamplePlan.Pro ? 0.4 : 0.65);
        Employees = Plan == ExamplePlan.Basic ? r.Between(2, 60) : Plan == ExamplePlan.Pro ? r.Between(20, 400) : r.Between(200, 6000);

        // Seat utilisation: most customers use half or more of their seats; some barely use the product.
        var utilisation = r.Chance(0.15) ? 0.1 + 0.2 * r.NextDouble() : 0.45 + 0.55 * r.NextDouble();
        SeatsUsed = Math.Max(1, (int)Math.Round(Plan.SeatsIncluded * utilisation));

        var snapshot = ExampleTimeline.Snapshot;

        // Sign-ups before the snapshot may already have canceled: a constant 1.5 % monthly hazard.
        if (SignupAt < snapshot.AddDays(-30))
        {
            var months = (snapshot - SignupAt).TotalDays / 30.44;
            if (r.Chance(1 - Math.Pow(0.985, months)))
            {
                var from = SignupAt.AddDays(20);
                CanceledAt = from.AddSeconds(Math.Floor((snapshot - from).TotalSeconds * r.NextDouble()));
            }
        }

        ActiveAtSnapshot = SignupAt < snapshot && CanceledAt is null;
        SimulateUsage(r);
        SimulatePaymentTrouble(r);
        SimulateTickets(r);

        Risk = PlantedRisk();
        if (ActiveAtSnapshot && r.Chance(Risk))
        {
            Churned = true;
            CanceledAt = snapshot.AddSeconds(Math.Floor(30 * 86400 * r.NextDouble()));
            if (r.Chance(0.5))
            {
                // Churners often ask how to cancel: a leak a careful dataset excludes by using only pre-snapshot tickets.
                var at = CanceledAt.Value.AddHours(-r.Between(2, 48));
                Tickets.Add((at, "normal", true));
            }
        }
    }

    private void SimulateUsage(ExampleRandom r)
    {
        var perSeat = 3.0 * Math.Exp(0.4 * r.Normal());

        // Decliners: usage falls over four weeks, starting 4 to 6 weeks before the snapshot.
        var decliner = r.Chance(0.2);
        var drop = 0.35 + 0.5 * r.NextDouble();
        var declineStart = ExampleTimeline.Snapshot.AddDays(-7 * r.Between(4, 6));
        for (var w = 0; w < ExampleTimeline.UsageWeeks; w++)
        {
            var week = ExampleTimeline.FirstUsageWeek.AddDays(7 * w);
            var factor = 1.0;
            if (decliner && week >= declineStart)
            {
                factor = 1 - drop * Math.Min(1.0, ((week - declineStart).TotalDays / 7 + 1) / 4);
            }

            var seats = Math.Max(1, (int)Math.Round(SeatsUsed * factor * (0.85 + 0.15 * r.NextDouble())));
            WeeklySeats[w] = Math.Min(seats, SeatsUsed);
            WeeklyLogins[w] = r.Poisson(SeatsUsed * perSeat * factor);
        }
    }

    private void SimulatePaymentTrouble(ExampleRandom r)
    {
        var end = CanceledAt ?? ExampleTimeline.ExportDate;
        var start = SignupAt > ExampleTimeline.ExportWindowStart ? SignupAt : ExampleTimeline.ExportWindowStart;

        // Card trouble in the 90 days before the snapshot (monthly billing charges more often, so fails more often).
        var troubleFrom = ExampleTimeline.Snapshot.AddDays(-90);
        if (troubleFrom < SignupAt)
        {
            troubleFrom = SignupAt;
        }

        if (ActiveAtSnapshot && troubleFrom < ExampleTimeline.Snapshot && r.Chance(Annual ? 0.04 : 0.11))
        {
            var attempts = 1 + r.Poisson(0.8);
            for (var i = 0; i < attempts; i++)
            {
                FailedPayments.Add(troubleFrom.AddSeconds(Math.Floor((ExampleTimeline.Snapshot - troubleFrom).TotalSeconds * r.NextDouble())));
            }
        }

        // Background declines at any time: noise the model must see through.
        if (start < end && r.Chance(0.06))
        {
            FailedPayments.Add(start.AddSeconds(Math.Floor((end - start).TotalSeconds * r.NextDouble())));
        }
    }

    private void SimulateTickets(ExampleRandom r)
    {
        var mood = r.Normal();
        var per90 = 0.45 * Math.Exp(0.7 * mood);
        var urgentShare = 0.1 + (mood > 0.8 ? 0.35 : 0);
        var start = SignupAt > ExampleTimeline.ExportWindowStart ? SignupAt : ExampleTimeline.ExportWindowStart;
        var end = CanceledAt ?? ExampleTimeline.ExportDate;
        if (start >= end)
        {
            return;
        }

        var count = r.Poisson(per90 * (end - start).TotalDays / 90);
        for (var i = 0; i < count; i++)
        {
            var at = start.AddSeconds(Math.Floor((end - start).TotalSeconds * r.NextDouble()));
            var p = r.NextDouble();
            var priority = p < urgentShare * 0.3 ? "urgent" : p < urgentShare ? "high" : p < 0.7 ? "normal" : "low";
            Tickets.Add((at, priority, false));
        }
    }

    /// <summary>
    /// The planted churn model: a logistic function of signals spread over the exports (tenure from Stripe subscriptions,
    /// failed payments from Stripe payments, tickets from the help desk, falling logins and seat use from product usage,
    /// plan from the price list, billing interval), so that a model using all of them beats "monthly billing".
    /// </summary>
    private double PlantedRisk()
    {
        var snapshot = ExampleTimeline.Snapshot;
        var tenureDays = Math.Max(0, (snapshot - SignupAt).TotalDays);
        var failed90 = FailedPayments.Count(t => t >= snapshot.AddDays(-90) && t < snapshot);
        var tickets90 = Tickets.Count(t => t.At >= snapshot.AddDays(-90) && t.At < snapshot);
        var urgent90 = Tickets.Count(t => t.At >= snapshot.AddDays(-90) && t.At < snapshot && t.Priority is "high" or "urgent");
        var (last4, prev4) = LoginsAroundSnapshot();
        var fall = prev4 > 0 ? Math.Max(0, 1 - (double)last4 / prev4) : 0;
        var utilisation = (double)SeatsUsed / Plan.SeatsIncluded;

        var z = -4.9
            + (tenureDays < 180 ? 1.4 : tenureDays < 365 ? 0.7 : 0)
            + 1.1 * Math.Min(failed90, 3)
            + 0.4 * Math.Min(tickets90, 6)
            + 0.8 * Math.Min(urgent90, 3)
            + 3.5 * fall
            + (utilisation < 0.3 ? 0.8 : 0)
            + (Plan == ExamplePlan.Basic ? 0.8 : Plan == ExamplePlan.Enterprise ? -0.8 : 0)
            + (Annual ? 0 : 0.9);
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Logins in the 4 full weeks before the snapshot and in the 4 weeks before those.</summary>
    private (int Last4, int Prev4) LoginsAroundSnapshot()
    {
        int last4 = 0, prev4 = 0;
        for (var w = 0; w < ExampleTimeline.UsageWeeks; w++)
        {
            var week = ExampleTimeline.FirstUsageWeek.AddDays(7 * w);
            if (week.AddDays(7) <= SignupAt)
            {
                continue;
            }

            var daysBefore = (ExampleTimeline.Snapshot - week).TotalDays;
            if (daysBefore > 0 && daysBefore <= 28)
            {
                last4 += WeeklyLogins[w];
            }
            else if (daysBefore > 28 && daysBefore <= 56)
            {
                prev4 += WeeklyLogins[w];
            }
        }

        return (last4, prev4);
    }

    /// <summary>True when the customer is a live subscriber on the export date (a unit of the outreach experiment).</summary>
    public bool ActiveAtExport => SignupAt < ExampleTimeline.ExportDate && CanceledAt is null;

    /// <summary>The experiment variant index, by the same hash the live assignment uses.</summary>
    public int Variant => VariantAssignment.Choose(VariantAssignment.Bucket(ExperimentName, Id), ExperimentWeights);

    /// <summary>The charge dates (successful attempts) in [from, to), before cancellation.</summary>
    public IEnumerable<DateTime> ChargeDates(DateTime from, DateTime to)
    {
        var end = CanceledAt is { } c && c < to ? c : to;
        if (Annual)
        {
            for (var k = 0; ; k++)
            {
                var at = SignupAt.AddYears(k);
                if (at >= end)
                {
                    yield break;
                }

                if (at >= from)
                {
                    yield return at;
                }
            }
        }

        var day = Math.Min(SignupAt.Day, 28);
        for (var k = 0; ; k++)
        {
            var month = SignupAt.AddMonths(k);
            var at = k == 0 ? SignupAt : new DateTime(month.Year, month.Month, day, SignupAt.Hour, SignupAt.Minute, SignupAt.Second, DateTimeKind.Utc);
            if (at >= end)
            {
                yield break;
            }

            if (at >= from)
            {
                yield return at;
            }
        }
    }

    private static string ToBase36(int value)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        if (value == 0)
        {
            return "0";
        }

        var chars = new Stack<char>();
        while (value > 0)
        {
            chars.Push(digits[value % 36]);
            value /= 36;
        }

        return new string([.. chars]);
    }

    private static string Ascii(string name) =>
        name.Replace("ü", "u", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal).ToString(CultureInfo.InvariantCulture);
}
