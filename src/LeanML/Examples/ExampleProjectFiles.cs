namespace LeanML.Examples;

/// <summary>The project brief and the experiment file the example company ships with.</summary>
internal static class ExampleProjectFiles
{
    /// <summary>projects/churn/project.yaml (DESIGN.md section 4).</summary>
    public const string ChurnProject = """
        # The churn project of the example company (written by 'leanml init --example').
        # The dataset is one row per customer active at the snapshot (2026-09-28), from the transform churn_features
        # (transforms/churn_features.sql, over customers_360): run 'leanml ingest data/' and 'leanml build' first.
        # Features use only what was known before the snapshot; the label is a cancellation in the 30 days after it.
        name: churn
        question: Which paying customers will cancel in the next 30 days?
        decision: Customer success calls the 50 highest-risk customers every Monday.
        owner: ana@acme.example
        stakeholders: [lead-cs@acme.example]
        stage: modeling
        due: 2026-12-15
        task: binary
        dataset:
          sql: |                 # the features are the transform transforms/churn_features.sql ('leanml build' makes it)
            SELECT * FROM churn_features ORDER BY customer_id
          id: customer_id
          label: churned
          exclude: [email]
        baseline:
          name: customers on monthly billing
          sql: CASE WHEN billing_interval = 'month' THEN 1.0 ELSE 0.0 END
        metric: auc
        done_when: auc >= 0.75 and lift >= 0.05
        assumptions:
          - Cancellations in the Stripe subscriptions export are complete up to the export date (2026-11-01).
          - Help-desk and usage e-mails identify the same customer as Stripe's Customer Email (case aside).
        hypotheses:
          - Failed payments, falling logins and urgent tickets in the weeks before the snapshot signal a cancellation.

        """;

    /// <summary>experiments/churn-outreach.yaml (DESIGN.md section 7, with its start date).</summary>
    public const string OutreachExperiment = """
        # The finished outreach experiment of the example company (written by 'leanml init --example').
        # Its units (the call list, with the variant the assignment hash gives each) are in data/experiment_units.csv:
        # 'leanml experiment assign churn-outreach --input data/experiment_units.csv' records the same variants.
        # Its events are in data/experiment_events.csv: 'leanml ingest --events data/experiment_events.csv'.
        # Pre-period 2026-10-19..2026-11-01 (CUPED covariate), post-period 2026-11-02..2026-11-29.
        name: churn-outreach
        project: churn
        unit: customer
        start: 2026-11-02
        variants:
          - {name: control, weight: 0.5}
          - {name: call-top-risk, weight: 0.5}
        primary: retained
        guardrails: [refund_rate]
        metrics:
          retained: {event: renewed, kind: proportion}
          revenue: {event: payment, kind: mean}
          refund_rate: {event: refund, kind: proportion, direction: decrease, margin: 0.01}
        cuped: true
        pre_days: 14
        alpha: 0.05
        power: 0.8
        mde: 0.02

        """;

    /// <summary>transforms/customers_360.sql: one row per Stripe subscription, with its plan and CRM contact, over the canonical tables.</summary>
    public const string Customers360Sql = """
        -- One row per customer (Stripe subscription) with the plan's price list and the HubSpot contact of the same
        -- e-mail, read from the canonical tables the adapters fill ('leanml ingest': subscriptions, customers), which
        -- hold one row per vendor id already (an export's repeated rows folded, the last one kept; e-mails trimmed).
        -- A view: always as fresh as the loads. Runs unchanged on DuckDB and PostgreSQL.
        WITH subs AS (
          SELECT source_id AS id, customer_id, LOWER(customer_email) AS email, LOWER(product_name) AS plan,
                 billing_interval, created_at AS created_utc, canceled_at AS canceled_at_utc
          FROM subscriptions WHERE source_vendor = 'stripe'
        ),
        contacts AS (
          -- HubSpot contacts are canonical customers; headcount and industry are no canonical column, so they come
          -- from the raw export's row of the same record (the adapter keeps its id as source_id).
          SELECT LOWER(c.email) AS email, MAX(h.number_of_employees) AS employees, MAX(LOWER(h.industry)) AS industry,
                 MAX(c.customer_country) AS country
          FROM customers c
          JOIN hubspot_contacts h ON CAST(h.record_id AS TEXT) = c.source_id
          WHERE c.source_vendor = 'hubspot'
          GROUP BY LOWER(c.email)
        )
        SELECT s.id AS subscription_id, s.customer_id, s.email, s.plan, s.billing_interval, s.created_utc, s.canceled_at_utc,
               p.monthly_price, p.seats_included, k.employees, k.industry, k.country
        FROM subs s
        LEFT JOIN plans p ON LOWER(p.plan) = s.plan
        LEFT JOIN contacts k ON k.email = s.email

        """;

    /// <summary>transforms/customers_360.yaml: its data tests.</summary>
    public const string Customers360Yaml = """
        # Data tests of transforms/customers_360.sql ('leanml build' runs them before swapping a new version in;
        # 'leanml test customers_360' runs them again). dbt's shape; severity error (the default) blocks the swap.
        columns:
          - name: subscription_id
            tests: [unique, not_null]
          - name: customer_id
            tests: [not_null]
          - name: billing_interval
            tests:
              - accepted_values: {values: [month, year]}
          - name: monthly_price
            tests:
              - not_null: {severity: warn}
              - accepted_range: {min: 0}
        tests:
          - row_count: {min: 1}
          - schema: {columns: {subscription_id: text, customer_id: text, created_utc: timestamp}}

        """;

    /// <summary>transforms/churn_features.sql: the churn project's dataset, one row per customer active at the snapshot.</summary>
    public const string ChurnFeaturesSql = """
        -- materialized: table
        -- The churn project's features: one row per customer active at the snapshot (2026-09-28), with what was known
        -- before it, and the label (a cancellation in the 30 days after). A table: training reads it many times.
        WITH snap AS (SELECT DATE '2026-09-28' AS t),
        active AS (
          SELECT c.* FROM customers_360 c, snap
          WHERE c.created_utc < snap.t
            AND (c.canceled_at_utc IS NULL OR c.canceled_at_utc >= snap.t)
        ),
        charges AS (
          -- the canonical payments: one row per Stripe charge, status succeeded | failed | refunded | partially_refunded
          SELECT customer_id, status, payment_at FROM payments WHERE source_vendor = 'stripe'
        ),
        billing AS (
          SELECT customer_id,
                 SUM(CASE WHEN status = 'failed' AND payment_at >= snap.t - 90 THEN 1 ELSE 0 END) AS failed_payments_90d,
                 SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed_payments_total,
                 SUM(CASE WHEN status IN ('refunded', 'partially_refunded') THEN 1 ELSE 0 END) AS refunds
          FROM charges, snap
          WHERE payment_at < snap.t
          GROUP BY customer_id
        ),
        tickets AS (
          SELECT LOWER(requester_email) AS email,
                 COUNT(DISTINCT id) AS tickets_90d,
                 COUNT(DISTINCT CASE WHEN LOWER(priority) IN ('high', 'urgent') THEN id END) AS urgent_tickets_90d,
                 COUNT(DISTINCT CASE WHEN LOWER(satisfaction_rating_score) = 'bad' THEN id END) AS bad_ratings_90d
          FROM helpdesk_tickets, snap
          WHERE created_at < snap.t AND created_at >= snap.t - 90
          GROUP BY LOWER(requester_email)
        ),
        weeks AS (
          SELECT LOWER(account_email) AS email, week_start, MAX(logins) AS logins, MAX(active_seats) AS active_seats
          FROM product_usage_weekly GROUP BY LOWER(account_email), week_start
        ),
        usage AS (
          SELECT email,
                 SUM(CASE WHEN week_start >= snap.t - 28 THEN logins END) AS logins_last_4w,
                 SUM(CASE WHEN week_start < snap.t - 28 THEN logins END) AS logins_prev_4w,
                 AVG(CASE WHEN week_start >= snap.t - 28 THEN active_seats END) AS active_seats_last_4w
          FROM weeks, snap
          WHERE week_start >= snap.t - 56 AND week_start < snap.t
          GROUP BY email
        )
        SELECT c.customer_id,
               c.email,
               snap.t - CAST(c.created_utc AS DATE) AS tenure_days,
               c.plan,
               c.billing_interval,
               c.monthly_price,
               c.seats_included,
               c.employees,
               c.industry,
               c.country,
               COALESCE(b.failed_payments_90d, 0) AS failed_payments_90d,
               COALESCE(b.failed_payments_total, 0) AS failed_payments_total,
               COALESCE(b.refunds, 0) AS refunds,
               COALESCE(t.tickets_90d, 0) AS tickets_90d,
               COALESCE(t.urgent_tickets_90d, 0) AS urgent_tickets_90d,
               COALESCE(t.bad_ratings_90d, 0) AS bad_ratings_90d,
               u.logins_last_4w,
               u.logins_prev_4w,
               CAST(u.logins_last_4w AS DOUBLE PRECISION) / NULLIF(u.logins_prev_4w, 0) AS login_trend,
               u.active_seats_last_4w / c.seats_included AS seat_utilisation,
               CASE WHEN c.canceled_at_utc IS NOT NULL AND c.canceled_at_utc < snap.t + 30 THEN 1 ELSE 0 END AS churned
        FROM active c
        CROSS JOIN snap
        LEFT JOIN billing b ON b.customer_id = c.customer_id
        LEFT JOIN tickets t ON t.email = c.email
        LEFT JOIN usage u ON u.email = c.email

        """;

    /// <summary>transforms/churn_features.yaml: its data tests.</summary>
    public const string ChurnFeaturesYaml = """
        # Data tests of transforms/churn_features.sql: a new version is swapped in only when every error-severity
        # test passes, so the churn project never trains on a broken feature table.
        columns:
          - name: customer_id
            tests: [unique, not_null]
          - name: churned
            tests:
              - accepted_values: {values: ['0', '1']}
          - name: tenure_days
            tests:
              - accepted_range: {min: 0}
          - name: failed_payments_90d
            tests:
              - accepted_range: {min: 0, max: 90}
          - name: email
            tests:
              - relationships: {to: customers_360, field: email}
        tests:
          - row_count: {min: 100}
          - row_count_change: {max_percent: 50, severity: warn}
          - expression: "failed_payments_90d <= failed_payments_total"

        """;

    /// <summary>sources/NAME.yaml of one export (DESIGN.md section 12): its file and the adapter that reads it.</summary>
    public static string Source(string path, string adapter, string what) => $$"""
        # {{what}}: 'leanml ingest' (no PATH) loads it into its raw table and, through the
        # adapter, into the canonical tables (payments, subscriptions, customers). The adapter is named so a
        # changed export fails loudly instead of loading as a plain table. Columns the export names
        # differently can be mapped with 'rename: {FILE_COLUMN: NAME_THE_ADAPTER_KNOWS}'.
        path: {{path}}
        adapter: {{adapter}}

        """;
}
