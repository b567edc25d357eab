using System.Net;

namespace PartnerAccess.Sdk.Emulator.Tests.Relationships;

public sealed class CustomerEndpointsTests : EmulatorTestBase
{
    private const string Customers = "v1.0/tenantRelationships/delegatedAdminCustomers";

    [Fact]
    public async Task ListCustomers_NoActiveRelationship_IsEmpty()
    {
        await CreateRelationshipAsync();

        var reply = await GetAsync(Customers);

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Body.GetProperty("@odata.context").GetString().Should().Be($"{Emulator.GraphBaseUrl}/tenantRelationships/$metadata#delegatedAdminCustomers");
        reply.Values.Should().BeEmpty();
    }

    [Fact]
    public async Task ListCustomers_AfterApproval_ShowsCustomerWithTenantIdAsId()
    {
        await CreateActiveRelationshipAsync();

        var reply = await GetAsync(Customers);

        var customer = reply.Values.Should().ContainSingle().Subject;
        customer.GetProperty("@odata.type").GetString().Should().Be("#microsoft.graph.delegatedAdminCustomer");
        ETagOf(customer).Should().StartWith("W/\"");
        IdOf(customer).Should().Be(CustomerTenantId);
        customer.GetProperty("tenantId").GetString().Should().Be(CustomerTenantId);
        customer.GetProperty("displayName").GetString().Should().Be("Contoso Inc");
    }

    [Fact]
    public async Task GetCustomer_Existing_Returns200EntityAndUnknown404()
    {
        await CreateActiveRelationshipAsync();

        var reply = await GetAsync($"{Customers}/{CustomerTenantId}");

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Body.GetProperty("@odata.context").GetString().Should().EndWith("$metadata#delegatedAdminCustomers/$entity");
        (await GetAsync($"{Customers}/{Guid.NewGuid()}")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListServiceManagementDetails_Customer_ReturnsDetailsWithoutQueryOptions()
    {
        await CreateActiveRelationshipAsync();

        var reply = await GetAsync($"{Customers}/{CustomerTenantId}/serviceManagementDetails");

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Body.GetProperty("@odata.context").GetString().Should().EndWith($"$metadata#delegatedAdminCustomers/{CustomerTenantId}/serviceManagementDetails");
        foreach (var detail in reply.Values)
        {
            detail.GetProperty("@odata.type").GetString().Should().Be("#microsoft.graph.delegatedAdminServiceManagementDetail");
            detail.GetProperty("serviceName").GetString().Should().NotBeNullOrEmpty();
            detail.GetProperty("serviceManagementUrl").GetString().Should().NotBeNullOrEmpty();
        }

        (await GetAsync($"{Customers}/{CustomerTenantId}/serviceManagementDetails?$top=1")).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ListCustomers_FilterIsNotSupported_OrderByDisplayNameIs()
    {
        (await GetAsync($"{Customers}?$filter=displayName eq 'x'")).Status.Should().Be(HttpStatusCode.BadRequest);
        (await GetAsync($"{Customers}?$orderby=displayName desc")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CustomerTerminates_LastActiveRelationship_CustomerDisappears()
    {
        var active = await CreateActiveRelationshipAsync();

        var reply = await PostAsync($"_emulator/relationships/{IdOf(active)}/terminate");

        reply.Status.Should().Be(HttpStatusCode.OK);
        (await GetAsync($"{Relationships}/{IdOf(active)}")).Body.GetProperty("status").GetString().Should().Be("terminated");
        (await GetAsync(Customers)).Values.Should().BeEmpty();
    }
}
