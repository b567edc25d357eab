using Azure.Identity;
using PartnerAccess.Cli.Backends;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Testing;

namespace PartnerAccess.Cli.Tests.Backends;

public sealed class BackendFactoryTests
{
    private const string Tenant = "6d2c4b1e-8f3a-4c57-9e21-0a7b5d3f9c48";

    [Fact]
    public async Task Open_NoBackendOptions_IsTheDemo()
    {
        await using var backend = BackendFactory.Open(new BackendSelection(), CliRun.NewConsole());

        backend.Client.Should().BeOfType<InMemoryPartnerAccessClient>();
        backend.Description.Should().Be("embedded demo partner");
        backend.GroupName(DemoPartner.Auditors.Id).Should().Be("Read-only auditors");
    }

    [Fact]
    public async Task Open_Emulator_IsAGraphClientOnTheV1Path()
    {
        await using var backend = BackendFactory.Open(new BackendSelection { Emulator = new Uri("http://127.0.0.1:5080") }, CliRun.NewConsole());

        backend.Client.Should().BeOfType<GraphPartnerAccessClient>()
            .Which.BaseUrl.Should().Be(new Uri("http://127.0.0.1:5080/v1.0"));
    }

    [Fact]
    public void EmulatorGraphUrl_UrlWithVersion_IsKept() =>
        BackendFactory.EmulatorGraphUrl(new Uri("http://127.0.0.1:5080/v1.0/")).Should().Be(new Uri("http://127.0.0.1:5080/v1.0"));

    [Fact]
    public void Open_EmulatorAndTenant_IsAUsageError()
    {
        var open = () => BackendFactory.Open(new BackendSelection { Emulator = new Uri("http://127.0.0.1:5080"), Tenant = Tenant }, CliRun.NewConsole());

        open.Should().Throw<UsageException>().WithMessage("*--emulator or --tenant*");
    }

    [Fact]
    public void Open_TenantWithoutCredential_IsAUsageError()
    {
        var open = () => BackendFactory.Open(new BackendSelection { Tenant = Tenant }, CliRun.NewConsole());

        open.Should().Throw<UsageException>().WithMessage("*--credential*");
    }

    [Fact]
    public void Open_CertificateWithoutPath_IsAUsageError()
    {
        var open = () => BackendFactory.Open(new BackendSelection { Tenant = Tenant, Credential = CredentialKind.Certificate, ClientId = Guid.NewGuid().ToString() }, CliRun.NewConsole());

        open.Should().Throw<UsageException>().WithMessage("*--certificate-path*");
    }

    [Fact]
    public void Open_CredentialWithoutTenant_IsAUsageError()
    {
        var open = () => BackendFactory.Open(new BackendSelection { Credential = CredentialKind.DeviceCode }, CliRun.NewConsole());

        open.Should().Throw<UsageException>().WithMessage("*need --tenant*");
    }

    [Theory]
    [InlineData("DeviceCode", typeof(DeviceCodeCredential))]
    [InlineData("ManagedIdentity", typeof(ManagedIdentityCredential))]
    public void CreateCredential_Kind_GivesTheAzureIdentityCredential(string kind, Type expected)
    {
        var selection = new BackendSelection { Tenant = Tenant, Credential = Enum.Parse<CredentialKind>(kind) };

        var credential = BackendFactory.CreateCredential(selection, Tenant, CliRun.NewConsole());

        credential.Should().BeOfType(expected);
    }

    [Fact]
    public async Task Open_Tenant_IsAGraphClientForTheCloud()
    {
        await using var backend = BackendFactory.Open(new BackendSelection { Tenant = Tenant, Credential = CredentialKind.ManagedIdentity, Cloud = GraphCloud.UsGovL4 }, CliRun.NewConsole());

        backend.Client.Should().BeOfType<GraphPartnerAccessClient>().Which.BaseUrl.Host.Should().Be("graph.microsoft.us");
        backend.PartnerTenantId.Should().Be(Tenant);
    }

    [Fact]
    public async Task Run_BadTenantId_ExitsUsage()
    {
        var result = await CliRun.RunAsync("relationships", "list", "--tenant", "contoso", "--credential", "device-code");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("must be the partner tenant id");
    }

    [Fact]
    public async Task Run_UnknownCredential_ExitsUsage()
    {
        var result = await CliRun.RunAsync("relationships", "list", "--tenant", Tenant, "--credential", "password");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("'password' is not a credential");
    }
}
