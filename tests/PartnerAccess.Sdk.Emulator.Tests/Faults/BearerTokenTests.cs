using System.Net;
using System.Net.Http.Headers;

namespace PartnerAccess.Sdk.Emulator.Tests.Faults;

public sealed class BearerTokenTests : EmulatorTestBase
{
    protected override GdapEmulatorOptions CreateOptions() => base.CreateOptions() with { BearerToken = "s3cret" };

    [Fact]
    public async Task GraphRequest_NoAuthorization_Returns401WithChallenge()
    {
        using var response = await Http.GetAsync(Relationships);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
        (await response.Content.ReadAsStringAsync()).Should().Contain("InvalidAuthenticationToken");
    }

    [Fact]
    public async Task GraphRequest_WrongToken_Returns401()
    {
        (await GetAsync(Relationships, h => h.Authorization = new AuthenticationHeaderValue("Bearer", "wrong"))).Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task GraphRequest_RightToken_Returns200()
    {
        (await GetAsync(Relationships, h => h.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret"))).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ControlSurface_NeedsNoToken()
    {
        (await GetAsync("_emulator/clock")).Status.Should().Be(HttpStatusCode.OK);
    }
}

public sealed class AnyBearerTokenTests : EmulatorTestBase
{
    protected override GdapEmulatorOptions CreateOptions() => base.CreateOptions() with { RequireBearerToken = true };

    [Fact]
    public async Task GraphRequest_AnyBearerToken_Accepted_NoneRefused()
    {
        (await GetAsync(Relationships, h => h.Authorization = new AuthenticationHeaderValue("Bearer", "whatever"))).Status.Should().Be(HttpStatusCode.OK);
        (await GetAsync(Relationships, h => h.Authorization = new AuthenticationHeaderValue("Basic", "whatever"))).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await GetAsync(Relationships)).Status.Should().Be(HttpStatusCode.Unauthorized);
    }
}
