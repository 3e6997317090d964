namespace LeanML.Examples;

/// <summary>The example company's metric definitions and findings reports (DESIGN.md section 11).</summary>
internal static class ExampleShareFiles
{
    /// <summary>metrics/monthly_revenue.yaml.</summary>
    public const string MonthlyRevenue = """
        # Money collected, net of refunds, by the month of the charge. The Stripe export repeats a few rows; a
        # transform that keeps one row per charge id is the place to fix that for good.
        name: monthly_revenue
        label: Monthly revenue (USD)
        description: Money collected from charges that went through, net of refunds, by the month of the charge.
        owner: ana@acme.example
        type: sum
        table: stripe_payments
        expression: amount - amount_refunded
        entity: customer_id
        time: created_utc
        grains: [month, quarter, year]
        filters:
          - LOWER(status) <> 'failed'
        dimensions: [card_brand, card_funding]
        format: money

        """;

    /// <summary>metrics/churn_rate.yaml.</summary>
    public const string ChurnRate = """
        # Cohort churn: of the customers who subscribed in a period, the share who have cancelled since.
        name: churn_rate
        label: Churn rate (by signup cohort)
        description: Share of customers who have cancelled their subscription, by the period they subscribed in.
        owner: ana@acme.example
        type: proportion
        table: stripe_subscriptions
        expression: canceled_at_utc IS NOT NULL
        entity: customer_id
        time: created_utc
        grains: [month, quarter, year]
        dimensions: [plan, interval]
        format: percent

        """;

    /// <summary>metrics/refund_rate.yaml.</summary>
    public const string RefundRate = """
        # Refunded charges (in full or in part) over charges that went through.
        name: refund_rate
        label: Refund rate
        description: Share of charges that went through and were refunded, in full or in part.
        owner: ana@acme.example
        type: ratio
        table: stripe_payments
        numerator: CASE WHEN LOWER(status) IN ('refunded', 'partially refunded') THEN 1 ELSE 0 END
        denominator: CASE WHEN LOWER(status) <> 'failed' THEN 1 ELSE 0 END
        entity: customer_id
        time: created_utc
        grains: [month, quarter]
        dimensions: [card_brand]
        format: percent

        """;

    /// <summary>reports/2026-12-01-churn-model-verdict.md: the churn model's verdict, with live numbers.</summary>
    public const string ChurnVerdictReport = """
        ---
        title: "Churn model: does it beat the monthly-billing rule?"
        authors: [ana@acme.example]
        tldr: "The churn model ranks the customers who cancel within 30 days better than the rule customer success uses today."
        created: 2026-12-01
        tags: [churn, model, verdict]
        project: churn
        status: published
        metrics: [churn_rate]
        ---

        # Churn model: does it beat the monthly-billing rule?

        ## The question

        Which paying customers will cancel in the next 30 days? Customer success calls the 50 highest-risk
        customers every Monday, and today picks them with a rule: customers on monthly billing.

        ## What we found

        The latest run of the churn project scores AUC {{ run churn:latest auc }} on customers it never saw, a lift
        of {{ run churn:latest lift }} over the rule. Cohort churn across all signups stands at {{ metric churn_rate }}.

        Failed payments in the last 90 days, falling logins and urgent tickets carry most of the signal.

        ## What we do next

        Ship the model's Monday call list and measure it in the outreach experiment (see the decision report).

        """;

    /// <summary>reports/2026-12-01-outreach-experiment-decision.md: the outreach experiment's decision.</summary>
    public const string OutreachDecisionReport = """
        ---
        title: "Outreach experiment: calling the top-risk customers"
        authors: [ana@acme.example, lead-cs@acme.example]
        tldr: "Whether calling the model's top-risk customers keeps more of them, and what it does to refunds."
        created: 2026-12-01
        tags: [churn, experiment, outreach, decision]
        project: churn
        status: published
        experiments: [churn-outreach]
        metrics: [refund_rate, monthly_revenue]
        ---

        # Outreach experiment: calling the top-risk customers

        ## The decision

        {{ experiment churn-outreach decision }}

        ## Context

        Half the customers on the call list were called by customer success (call-top-risk), half were not
        (control). Renewals decide; refunds are the guardrail. Across all charges the refund rate is
        {{ metric refund_rate }}; revenue in October 2026 was {{ metric monthly_revenue month=2026-10 }}.

        """;
}
