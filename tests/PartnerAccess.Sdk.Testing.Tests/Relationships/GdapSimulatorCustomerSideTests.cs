using NodaTime;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Testing.Tests.Relationships;

/// <summary>The customer's and the indirect reseller's side, and the customer list that follows from it.</summary>
public class GdapSimulatorCustomerSideTests
{
    private const string IndirectProvider = "2b7c5d4e-1f0a-4b3c-9d8e-7f6a5b4c3d2e";

    [Fact]
    public async Task Approve_RelationshipWithoutCustomer_FillsCustomerAndListsIt()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());
        await gdap.Client.LockForApprovalAsync(relationship.Id);
        (await gdap.Client.ListCustomersAsync().ToListAsync()).Should().BeEmpty();

        var approved = gdap.Simulator.Approve(relationship.Id, Gdap.Contoso);

        approved.Customer.Should().Be(Gdap.Contoso);
        var customer = (await gdap.Client.ListCustomersAsync().ToListAsync()).Should().ContainSingle().Subject;
        customer.Id.Should().Be(Gdap.Contoso.TenantId);
        customer.TenantId.Should().Be(Gdap.Contoso.TenantId);
        customer.DisplayName.Should().Be("Contoso Inc");
        customer.ETag.HasValue.Should().BeTrue();
        gdap.Simulator.GetCustomer(Gdap.Contoso.TenantId).Should().Be(customer);
        (await gdap.Client.ListServiceManagementDetailsAsync(customer.Id).ToListAsync()).Should().Contain(d => d.ServiceName == "Azure Active Directory");
        (await gdap.AuditAsync(relationship.Id)).Should().ContainSingle(r => r.Kind == AuditRecordKind.Approved)
            .Which.Should().Match<AuditRecord>(r => r.CustomerTenantId == Gdap.Contoso.TenantId && r.Actor.Kind == AuditActorKind.Customer);
    }

    [Fact]
    public async Task Approve_NoCustomerAnywhere_FailsWithCustomerRequired()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());
        await gdap.Client.LockForApprovalAsync(relationship.Id);

        var error = Gdap.Catching(() => gdap.Simulator.Approve(relationship.Id));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.CustomerRequired);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.ApprovalPending);
    }

    [Theory]
    [InlineData("0f1e2d3c-4b5a-4697-8877-665544332211", RuleCodes.CustomerMismatch)]
    [InlineData("not-a-tenant", RuleCodes.CustomerTenantIdInvalid)]
    public async Task Approve_WrongCustomer_IsRefused(string tenantId, string code)
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request(customer: Gdap.Contoso));
        await gdap.Client.LockForApprovalAsync(relationship.Id);

        var error = Gdap.Catching(() => gdap.Simulator.Approve(relationship.Id, new CustomerParticipant(tenantId)));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(code);
    }

    [Fact]
    public async Task Approve_NamedCustomerWithoutName_TakesTheApproversName()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request(customer: new CustomerParticipant(Gdap.Contoso.TenantId)));
        await gdap.Client.LockForApprovalAsync(relationship.Id);

        var approved = gdap.Simulator.Approve(relationship.Id, Gdap.Contoso with { TenantId = Gdap.Contoso.TenantId.ToUpperInvariant() });

        approved.Customer.Should().Be(new CustomerParticipant(Gdap.Contoso.TenantId, "Contoso Inc"));
    }

    [Fact]
    public async Task Customers_SeveralRelationships_ListedWhileAnyIsActive()
    {
        var gdap = new Gdap();
        var first = await gdap.CreateActiveAsync(Gdap.Request("Contoso helpdesk", customer: Gdap.Contoso));
        var second = await gdap.CreateActiveAsync(Gdap.Request("Contoso exchange", days: 30, customer: Gdap.Contoso));
        var other = await gdap.CreateActiveAsync(Gdap.Request("Fabrikam helpdesk", customer: Gdap.Fabrikam));
        var listed = await gdap.Client.ListCustomersAsync().ToListAsync();
        listed.Select(c => c.DisplayName).Should().Equal("Contoso Inc", "Fabrikam Ltd");

        await gdap.Client.TerminateRelationshipAsync(first.Id);
        (await gdap.Client.ListCustomersAsync().ToListAsync()).Select(c => c.Id).Should().Equal(Gdap.Contoso.TenantId, Gdap.Fabrikam.TenantId);

        gdap.AdvanceTo(second.EndsAt!.Value);
        (await gdap.Client.ListCustomersAsync().ToListAsync()).Select(c => c.Id).Should().Equal(Gdap.Fabrikam.TenantId);
        Gdap.Catching(() => gdap.Simulator.GetCustomer(Gdap.Contoso.TenantId)).ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
        (await Gdap.Invoking(() => gdap.Client.ListServiceManagementDetailsAsync(Gdap.Contoso.TenantId).ToListAsync().AsTask())).ErrorCode
            .Should().Be(PartnerAccessErrorCode.NotFound);
        (await gdap.Client.ListRelationshipsAsync(new RelationshipQuery { CustomerTenantId = Gdap.Contoso.TenantId }).ToListAsync())
            .Should().HaveCount(2, "the customer's relationships stay visible after it leaves the customer list");

        var back = await gdap.CreateActiveAsync(Gdap.Request("Contoso again", customer: Gdap.Contoso));
        (await gdap.Client.ListCustomersAsync().ToListAsync()).Should().HaveCount(2);
        other.Status.Should().Be(RelationshipStatus.Active);
        back.Customer.Should().Be(Gdap.Contoso);
    }

    [Fact]
    public async Task Customers_ApprovedButActivating_NotListedUntilActive()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { ActivationDelay = Duration.FromMinutes(5) });
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());
        await gdap.Client.LockForApprovalAsync(relationship.Id);

        gdap.Simulator.Approve(relationship.Id, Gdap.Contoso).Status.Should().Be(RelationshipStatus.Activating);
        (await gdap.Client.ListCustomersAsync().ToListAsync()).Should().BeEmpty();
        gdap.Advance(Duration.FromMinutes(5));

        (await gdap.Client.ListCustomersAsync().ToListAsync()).Should().ContainSingle().Which.Id.Should().Be(Gdap.Contoso.TenantId);
    }

    [Fact]
    public async Task Customers_SameCustomerWithTwoPartners_EachPartnerSeesItsOwnRelationships()
    {
        var first = new Gdap();
        var second = new Gdap(new GdapSimulatorOptions { PartnerTenantId = "11111111-2222-4333-8444-555555555555" });
        var mine = await first.CreateActiveAsync(Gdap.Request(customer: Gdap.Contoso));
        var theirs = await second.CreateActiveAsync(Gdap.Request(customer: Gdap.Contoso));

        first.Simulator.TerminateByCustomer(mine.Id);

        (await first.Client.ListCustomersAsync().ToListAsync()).Should().BeEmpty();
        (await second.Client.ListCustomersAsync().ToListAsync()).Should().ContainSingle().Which.Id.Should().Be(Gdap.Contoso.TenantId);
        theirs.Id.Should().EndWith("11111111-2222-4333-8444-555555555555");
        (await Gdap.Invoking(() => first.Client.GetRelationshipAsync(theirs.Id))).ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
    }

    [Fact]
    public async Task ResellerApprove_ConsentPending_FollowsApprovalPath()
    {
        var gdap = new Gdap();
        var relationship = gdap.Simulator.CreateResellerRelationship(Gdap.Request(customer: Gdap.Contoso), IndirectProvider);
        relationship.Status.Should().Be(RelationshipStatus.ApprovalPending);
        relationship.IsResellerRelationship.Should().BeTrue();
        relationship.IsPartnerConsentPending.Should().BeTrue();
        relationship.IndirectProviderTenantId.Should().Be(IndirectProvider);
        Gdap.Catching(() => gdap.Simulator.Approve(relationship.Id)).ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState,
            "the customer cannot approve before the reseller consents");

        var request = gdap.Simulator.CreateRequest(relationship.Id, RelationshipRequestAction.Approve);

        request.Status.Should().Be(RelationshipRequestStatus.Created);
        gdap.Simulator.GetRequest(relationship.Id, request.Id).Status.Should().Be(RelationshipRequestStatus.Succeeded);
        var active = await gdap.Client.GetRelationshipAsync(relationship.Id);
        active.Status.Should().Be(RelationshipStatus.Active);
        active.IsPartnerConsentPending.Should().BeFalse();
        (await gdap.Client.ListCustomersAsync().ToListAsync()).Should().ContainSingle();
        (await gdap.AuditAsync(relationship.Id)).Should().ContainSingle(r => r.Kind == AuditRecordKind.Approved)
            .Which.Actor.Kind.Should().Be(AuditActorKind.Reseller);
    }

    [Fact]
    public async Task ResellerReject_ConsentPending_TerminatesRelationship()
    {
        var gdap = new Gdap();
        var relationship = gdap.Simulator.CreateResellerRelationship(Gdap.Request(), IndirectProvider);

        gdap.Simulator.CreateRequest(relationship.Id, RelationshipRequestAction.Reject);

        var rejected = await gdap.Client.GetRelationshipAsync(relationship.Id);
        rejected.Status.Should().Be(RelationshipStatus.Terminated);
        rejected.IsPartnerConsentPending.Should().BeFalse();
        Gdap.Catching(() => gdap.Simulator.CreateRequest(relationship.Id, RelationshipRequestAction.Approve)).ErrorCode
            .Should().Be(PartnerAccessErrorCode.InvalidState);
        (await gdap.AuditAsync(relationship.Id)).Select(r => r.Kind).Should().Equal(AuditRecordKind.RelationshipCreated, AuditRecordKind.Rejected);
        gdap.Advance(Duration.FromDays(365));
        (await Gdap.Invoking(() => gdap.Client.GetRelationshipAsync(relationship.Id))).ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
    }

    [Fact]
    public async Task CreateRelationship_InvalidAndNameTaken_ReportsTheValueRulesOnly()
    {
        // A name clash is judged only for an otherwise valid request, as the Graph client (which checks values first) sees it.
        var gdap = new Gdap();
        await gdap.Client.CreateRelationshipAsync(Gdap.Request("Taken"));

        var invalid = await Gdap.Invoking(() => gdap.Client.CreateRelationshipAsync(Gdap.Request("Taken", days: 731)));
        var clash = await Gdap.Invoking(() => gdap.Client.CreateRelationshipAsync(Gdap.Request("Taken")));

        invalid.Violations.Select(v => v.Code).Should().Equal(RuleCodes.DurationOutOfRange);
        clash.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        clash.Violations.Select(v => v.Code).Should().Equal(RuleCodes.DisplayNameNotUnique);
    }

    [Fact]
    public async Task ResellerApprove_RelationshipNamesNoCustomer_RefusedWithCustomerRequired()
    {
        // The reseller cannot say who the customer is, and an approved relationship needs one: refused, nothing changes.
        var gdap = new Gdap();
        var relationship = gdap.Simulator.CreateResellerRelationship(Gdap.Request(customer: null), IndirectProvider);

        var error = Gdap.Catching(() => gdap.Simulator.CreateRequest(relationship.Id, RelationshipRequestAction.Approve));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.CustomerRequired);
        var unchanged = await gdap.Client.GetRelationshipAsync(relationship.Id);
        unchanged.Status.Should().Be(RelationshipStatus.ApprovalPending);
        unchanged.IsPartnerConsentPending.Should().BeTrue();
        (await gdap.Client.ListRequestsAsync(relationship.Id).ToListAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData(RelationshipRequestAction.Approve)]
    [InlineData(RelationshipRequestAction.Reject)]
    public async Task ResellerDecision_DirectRelationship_IsRefused(RelationshipRequestAction action)
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());
        await gdap.Client.LockForApprovalAsync(relationship.Id);

        var error = Gdap.Catching(() => gdap.Simulator.CreateRequest(relationship.Id, action));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        (await gdap.Client.GetRelationshipAsync(relationship.Id)).Status.Should().Be(RelationshipStatus.ApprovalPending);
    }

    [Fact]
    public async Task CreateRequest_UnknownAction_FailsWithValidation()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());

        var error = Gdap.Catching(() => gdap.Simulator.CreateRequest(relationship.Id, RelationshipRequestAction.Unknown));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        (await gdap.Client.ListRequestsAsync(relationship.Id).ToListAsync()).Should().BeEmpty();
    }

    [Fact]
    public void CreateResellerRelationship_IndirectProviderNotAGuid_Throws()
    {
        var gdap = new Gdap();

        var act = () => gdap.Simulator.CreateResellerRelationship(Gdap.Request(), "provider");

        act.Should().Throw<ArgumentException>().WithParameterName("indirectProviderTenantId");
    }
}
