using LeanML.Serving;

namespace LeanML.Tests.Serving;

/// <summary>Which Host names the server answers (issue 18 item 3: DNS rebinding).</summary>
public sealed class HostPolicyTests
{
    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LocalHost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("models.acme.internal", true)]
    [InlineData("MODELS.acme.internal", true)]
    [InlineData("attacker.example", false)]
    [InlineData("localhost.attacker.example", false)]
    [InlineData("127.0.0.2", false)]
    [InlineData("", false)]
    public void Without_tokens_loopback_names_and_allowed_hosts(string host, bool answered) =>
        Assert.Equal(answered, new HostPolicy(["models.acme.internal"]).Allows(host, tokensEnabled: false));

    [Fact]
    public void With_tokens_any_name_unless_allowed_hosts_is_set_then_only_those()
    {
        Assert.True(new HostPolicy([]).Allows("models.acme.example", tokensEnabled: true));
        Assert.True(new HostPolicy(["models.acme.example"]).Allows("models.acme.example", tokensEnabled: true));
        Assert.False(new HostPolicy(["models.acme.example"]).Allows("localhost", tokensEnabled: true));
        Assert.False(new HostPolicy(["models.acme.example"]).Allows("attacker.example", tokensEnabled: true));
        Assert.True(new HostPolicy(["*"]).Allows("anything.example", tokensEnabled: false));
    }
}
