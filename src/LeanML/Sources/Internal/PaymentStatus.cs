namespace LeanML.Sources.Internal;

/// <summary>The canonical payment status from a vendor's status and the amounts charged and refunded.</summary>
internal static class PaymentStatus
{
    /// <summary>
    /// failed when the vendor says it failed (or was canceled, blocked, declined); refunded when all of it was
    /// refunded, partially_refunded when some; succeeded when paid; null while pending (uncaptured, processing).
    /// </summary>
    public static string? Of(string? vendorStatus, double? amount, double? refunded, bool? captured = null)
    {
        var s = Normal(vendorStatus);
        if (s is "failed" or "failure" or "canceled" or "cancelled" or "blocked" or "declined" or "voided" or "void")
        {
            return "failed";
        }

        if (refunded is > 0)
        {
            return amount is { } a && refunded >= a - 0.005 ? "refunded" : "partially_refunded";
        }

        if (s is "refunded")
        {
            return "refunded";
        }

        if (s is "partially_refunded" or "partial_refund")
        {
            return "partially_refunded";
        }

        if (s is "pending" or "processing" or "uncaptured" or "requires_capture" or "requires_payment_method" or "requires_action" or "approved" || captured == false)
        {
            return null;
        }

        return "succeeded";
    }

    /// <summary>
    /// <see cref="Of"/> as one SQL CASE over the expressions of the vendor's status (trimmed text), the amount, the
    /// amount refunded (NULL as 0) and captured (1/0/NULL), for DuckDB and PostgreSQL alike.
    /// </summary>
    public static string Sql(string vendorStatus, string amount, string refunded, string captured)
    {
        var s = NormalSql(vendorStatus);
        var r = $"COALESCE({refunded}, 0)";
        return $"CASE WHEN {s} IN ('failed', 'failure', 'canceled', 'cancelled', 'blocked', 'declined', 'voided', 'void') THEN 'failed' "
            + $"WHEN {r} > 0 THEN CASE WHEN {amount} IS NOT NULL AND {r} >= {amount} - 0.005 THEN 'refunded' ELSE 'partially_refunded' END "
            + $"WHEN {s} = 'refunded' THEN 'refunded' "
            + $"WHEN {s} IN ('partially_refunded', 'partial_refund') THEN 'partially_refunded' "
            + $"WHEN {s} IN ('pending', 'processing', 'uncaptured', 'requires_capture', 'requires_payment_method', 'requires_action', 'approved') OR {captured} = 0 THEN NULL "
            + "ELSE 'succeeded' END";
    }

    /// <summary>
    /// The amount refunded where the export leaves it blank (or has no such column): all of it for a payment the
    /// vendor calls refunded (Stripe's "Refunded" is a full refund), none otherwise.
    /// </summary>
    public static double Refunded(double? refunded, string? vendorStatus, double? amount) =>
        refunded ?? (Normal(vendorStatus) == "refunded" ? amount ?? 0 : 0);

    /// <summary><see cref="Refunded"/> in SQL over the expressions of the amount refunded, the vendor's status and the amount.</summary>
    public static string RefundedSql(string refunded, string vendorStatus, string amount) =>
        $"COALESCE({refunded}, CASE WHEN {NormalSql(vendorStatus)} = 'refunded' THEN {amount} ELSE 0 END)";

    private static string? Normal(string? vendorStatus) => vendorStatus?.Trim().ToLowerInvariant().Replace(' ', '_');

    private static string NormalSql(string vendorStatus) => $"REPLACE(LOWER({vendorStatus}), ' ', '_')";
}
