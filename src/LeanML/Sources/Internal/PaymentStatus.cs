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
        var s = vendorStatus?.Trim().ToLowerInvariant().Replace(' ', '_');
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
        var s = $"REPLACE(LOWER({vendorStatus}), ' ', '_')";
        var r = $"COALESCE({refunded}, 0)";
        return $"CASE WHEN {s} IN ('failed', 'failure', 'canceled', 'cancelled', 'blocked', 'declined', 'voided', 'void') THEN 'failed' "
            + $"WHEN {r} > 0 THEN CASE WHEN {amount} IS NOT NULL AND {r} >= {amount} - 0.005 THEN 'refunded' ELSE 'partially_refunded' END "
            + $"WHEN {s} = 'refunded' THEN 'refunded' "
            + $"WHEN {s} IN ('partially_refunded', 'partial_refund') THEN 'partially_refunded' "
            + $"WHEN {s} IN ('pending', 'processing', 'uncaptured', 'requires_capture', 'requires_payment_method', 'requires_action', 'approved') OR {captured} = 0 THEN NULL "
            + "ELSE 'succeeded' END";
    }
}
