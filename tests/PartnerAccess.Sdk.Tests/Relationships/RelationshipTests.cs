using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Tests.Relationships;

public class RelationshipTests
{
    [Fact]
    public void ApprovalLink_IsTheAdminCenterInvitationLink()
    {
        Sample.Relationship(RelationshipStatus.ApprovalPending).ApprovalLink.ToString().Should().Be(
            "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void GetApprovalLink_BlankId_Throws(string? id)
    {
        FluentActions.Invoking(() => Relationship.GetApprovalLink(id!)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void HasGlobalAdministrator_ReflectsRoles()
    {
        Sample.Relationship(RelationshipStatus.Created, roles: Sample.RolesWithGlobalAdministrator).HasGlobalAdministrator.Should().BeTrue();
        Sample.Relationship(RelationshipStatus.Created).HasGlobalAdministrator.Should().BeFalse();
    }

    [Fact]
    public void IsResellerRelationship_WhenAnIndirectProviderIsNamed()
    {
        var direct = Sample.Relationship(RelationshipStatus.Active);

        direct.IsResellerRelationship.Should().BeFalse();
        (direct with { IndirectProviderTenantId = Guid.NewGuid().ToString() }).IsResellerRelationship.Should().BeTrue();
    }

    [Fact]
    public void ActivatedAtAndEndsAt_ComeFromTheWindow()
    {
        var relationship = Sample.Relationship(RelationshipStatus.Active);

        relationship.ActivatedAt.Should().Be(Sample.Now);
        relationship.EndsAt.Should().Be(Sample.Now + Duration.FromDays(180));
        Sample.Relationship(RelationshipStatus.Created).ActivatedAt.Should().BeNull();
    }

    [Theory]
    [InlineData(RelationshipStatus.Unknown, false, false)]
    [InlineData(RelationshipStatus.Created, false, false)]
    [InlineData(RelationshipStatus.ApprovalPending, false, true)]
    [InlineData(RelationshipStatus.Approved, false, true)]
    [InlineData(RelationshipStatus.Activating, false, true)]
    [InlineData(RelationshipStatus.Active, false, false)]
    [InlineData(RelationshipStatus.Expiring, true, false)]
    [InlineData(RelationshipStatus.Expired, true, false)]
    [InlineData(RelationshipStatus.TerminationRequested, true, false)]
    [InlineData(RelationshipStatus.Terminating, true, false)]
    [InlineData(RelationshipStatus.Terminated, true, false)]
    public void StatusExtensions_ClassifyEveryStatus(RelationshipStatus status, bool ended, bool awaiting)
    {
        status.IsEnded().Should().Be(ended);
        status.IsAwaitingActivation().Should().Be(awaiting);
    }

    [Fact]
    public void StatusExtensions_CoverEveryValue()
    {
        Enum.GetValues<RelationshipStatus>().Should().HaveCount(11);
    }

    [Fact]
    public void RelationshipUpdate_IsEmpty_OnlyWithoutAnyProperty()
    {
        new RelationshipUpdate().IsEmpty.Should().BeTrue();
        new RelationshipUpdate { AutoExtendDuration = Duration.Zero }.IsEmpty.Should().BeFalse();
        new RelationshipUpdate { Roles = [] }.IsEmpty.Should().BeFalse();
    }

    [Fact]
    public void CreateRelationshipRequest_DefaultsToNoAutoExtendAndNoCustomer()
    {
        var request = new CreateRelationshipRequest { DisplayName = "x", Duration = Duration.FromDays(1), Roles = [WellKnownRoles.GlobalReader] };

        request.AutoExtendDuration.Should().Be(Duration.Zero);
        request.Customer.Should().BeNull();
    }

    [Theory]
    [InlineData(OperationStatus.Unknown, false)]
    [InlineData(OperationStatus.NotStarted, false)]
    [InlineData(OperationStatus.Running, false)]
    [InlineData(OperationStatus.Succeeded, true)]
    [InlineData(OperationStatus.Failed, true)]
    public void RelationshipOperation_IsCompleted_OnlyWhenFinished(OperationStatus status, bool completed)
    {
        new RelationshipOperation { Id = "op", RelationshipId = Sample.RelationshipId, OperationType = RelationshipOperationType.DelegatedAdminRelationshipUpdate, Status = status }
            .IsCompleted.Should().Be(completed);
    }

    [Fact]
    public void UpdateOutcome_IsLongRunning_WhenItCarriesAnOperation()
    {
        new UpdateOutcome<Relationship> { Value = Sample.Relationship(RelationshipStatus.Active) }.IsLongRunning.Should().BeFalse();
        new UpdateOutcome<Relationship>
        {
            Operation = new RelationshipOperation { Id = "op", RelationshipId = Sample.RelationshipId, OperationType = RelationshipOperationType.DelegatedAdminRelationshipUpdate, Status = OperationStatus.NotStarted },
        }.IsLongRunning.Should().BeTrue();
    }
}
