namespace LeanML.IntegrationTests.Transforms;

/// <summary>A clock stopped at one instant, so freshness tests do not depend on the day they run.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
