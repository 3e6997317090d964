WITH snap AS (SELECT DATE '2026-09-28' AS t),
subs AS (
  -- the subscriptions export repeats a few rows: one row per subscription id
  SELECT id, MAX(customer_id) AS customer_id, MAX(LOWER(customer_email)) AS email,
         MAX(LOWER(plan)) AS plan, MAX(LOWER("interval")) AS billing_interval,
         MAX(created_utc) AS created_utc, MAX(canceled_at_utc) AS canceled_at_utc
  FROM stripe_subscriptions GROUP BY id
),
customers AS (
  SELECT s.* FROM subs s, snap
  WHERE s.created_utc < snap.t
    AND (s.canceled_at_utc IS NULL OR s.canceled_at_utc >= snap.t)
),
payments AS (
  SELECT id, MAX(customer_id) AS customer_id, MAX(LOWER(status)) AS status,
         MAX(created_utc) AS created_utc, MAX(amount_refunded) AS amount_refunded
  FROM stripe_payments GROUP BY id
),
billing AS (
  SELECT customer_id,
         SUM(CASE WHEN status = 'failed' AND created_utc >= snap.t - 90 THEN 1 ELSE 0 END) AS failed_payments_90d,
         SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed_payments_total,
         SUM(CASE WHEN status IN ('refunded', 'partially refunded') THEN 1 ELSE 0 END) AS refunds
  FROM payments, snap
  WHERE created_utc < snap.t
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
),
contacts AS (
  SELECT LOWER(email) AS email, MAX(number_of_employees) AS employees, MAX(LOWER(industry)) AS industry,
         MAX(country_region) AS country
  FROM hubspot_contacts GROUP BY LOWER(email)
)
SELECT c.customer_id,
       c.email,
       snap.t - CAST(c.created_utc AS DATE) AS tenure_days,
       c.plan,
       c.billing_interval,
       p.monthly_price,
       p.seats_included,
       k.employees,
       k.industry,
       k.country,
       COALESCE(b.failed_payments_90d, 0) AS failed_payments_90d,
       COALESCE(b.failed_payments_total, 0) AS failed_payments_total,
       COALESCE(b.refunds, 0) AS refunds,
       COALESCE(t.tickets_90d, 0) AS tickets_90d,
       COALESCE(t.urgent_tickets_90d, 0) AS urgent_tickets_90d,
       COALESCE(t.bad_ratings_90d, 0) AS bad_ratings_90d,
       u.logins_last_4w,
       u.logins_prev_4w,
       CAST(u.logins_last_4w AS DOUBLE PRECISION) / NULLIF(u.logins_prev_4w, 0) AS login_trend,
       u.active_seats_last_4w / p.seats_included AS seat_utilisation,
       CASE WHEN c.canceled_at_utc IS NOT NULL AND c.canceled_at_utc < snap.t + 30 THEN 1 ELSE 0 END AS churned
FROM customers c
CROSS JOIN snap
LEFT JOIN plans p ON LOWER(p.plan) = c.plan
LEFT JOIN contacts k ON k.email = c.email
LEFT JOIN billing b ON b.customer_id = c.customer_id
LEFT JOIN tickets t ON t.email = c.email
LEFT JOIN usage u ON u.email = c.email
ORDER BY c.customer_id
