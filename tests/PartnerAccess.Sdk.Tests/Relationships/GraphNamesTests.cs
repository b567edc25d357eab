using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Tests.Relationships;

public class GraphNamesTests
{
    private static void AssertRoundTrips<TEnum>()
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var name = GraphNames.ToGraphName(value);
            name.Should().NotBeNullOrEmpty();
            char.IsLower(name[0]).Should().BeTrue(because: name);
            GraphNames.Parse<TEnum>(name).Should().Be(value, because: name);
        }
    }

    [Fact]
    public void RoundTrip_RelationshipStatus() => AssertRoundTrips<RelationshipStatus>();

    [Fact]
    public void RoundTrip_AccessAssignmentStatus() => AssertRoundTrips<AccessAssignmentStatus>();

    [Fact]
    public void RoundTrip_RelationshipRequestAction() => AssertRoundTrips<RelationshipRequestAction>();

    [Fact]
    public void RoundTrip_RelationshipRequestStatus() => AssertRoundTrips<RelationshipRequestStatus>();

    [Fact]
    public void RoundTrip_RelationshipOperationType() => AssertRoundTrips<RelationshipOperationType>();

    [Fact]
    public void RoundTrip_OperationStatus() => AssertRoundTrips<OperationStatus>();

    [Fact]
    public void RoundTrip_AuditRecordKind() => AssertRoundTrips<AuditRecordKind>();

    [Theory]
    [InlineData("created", RelationshipStatus.Created)]
    [InlineData("approvalPending", RelationshipStatus.ApprovalPending)]
    [InlineData("approved", RelationshipStatus.Approved)]
    [InlineData("activating", RelationshipStatus.Activating)]
    [InlineData("active", RelationshipStatus.Active)]
    [InlineData("expiring", RelationshipStatus.Expiring)]
    [InlineData("expired", RelationshipStatus.Expired)]
    [InlineData("terminationRequested", RelationshipStatus.TerminationRequested)]
    [InlineData("terminating", RelationshipStatus.Terminating)]
    [InlineData("terminated", RelationshipStatus.Terminated)]
    [InlineData("unknownFutureValue", RelationshipStatus.Unknown)]
    public void ToGraphName_RelationshipStatus_IsGraphsWireName(string wire, RelationshipStatus status)
    {
        GraphNames.ToGraphName(status).Should().Be(wire);
        GraphNames.Parse<RelationshipStatus>(wire).Should().Be(status);
    }

    [Theory]
    [InlineData("lockForApproval", RelationshipRequestAction.LockForApproval)]
    [InlineData("approve", RelationshipRequestAction.Approve)]
    [InlineData("terminate", RelationshipRequestAction.Terminate)]
    [InlineData("reject", RelationshipRequestAction.Reject)]
    public void ToGraphName_RequestAction_IsGraphsWireName(string wire, RelationshipRequestAction action)
    {
        GraphNames.ToGraphName(action).Should().Be(wire);
    }

    [Theory]
    [InlineData("delegatedAdminAccessAssignmentUpdate", RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate)]
    [InlineData("delegatedAdminRelationshipUpdate", RelationshipOperationType.DelegatedAdminRelationshipUpdate)]
    public void ToGraphName_OperationType_IsGraphsWireName(string wire, RelationshipOperationType type)
    {
        GraphNames.ToGraphName(type).Should().Be(wire);
    }

    [Theory]
    [InlineData("ACTIVE", RelationshipStatus.Active)]
    [InlineData("TerminationRequested", RelationshipStatus.TerminationRequested)]
    public void Parse_IgnoresCase(string wire, RelationshipStatus status)
    {
        GraphNames.Parse<RelationshipStatus>(wire).Should().Be(status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("someNewStatus")]
    [InlineData("unknownFutureValue")]
    [InlineData("0")]
    [InlineData("5")]
    [InlineData("-1")]
    [InlineData("99")]
    [InlineData("active,created")]
    [InlineData("active2")]
    [InlineData("😀")]
    public void Parse_UnknownOrGarbage_IsUnknown(string? wire)
    {
        GraphNames.Parse<RelationshipStatus>(wire).Should().Be(RelationshipStatus.Unknown);
        GraphNames.Parse<AccessAssignmentStatus>(wire).Should().Be(AccessAssignmentStatus.Unknown);
        GraphNames.Parse<RelationshipRequestAction>(wire).Should().Be(RelationshipRequestAction.Unknown);
        GraphNames.Parse<RelationshipRequestStatus>(wire).Should().Be(RelationshipRequestStatus.Unknown);
        GraphNames.Parse<RelationshipOperationType>(wire).Should().Be(RelationshipOperationType.Unknown);
        GraphNames.Parse<OperationStatus>(wire).Should().Be(OperationStatus.Unknown);
    }

    [Fact]
    public void Parse_SameNameInDifferentEnums_ResolvesPerEnum()
    {
        GraphNames.Parse<AccessAssignmentStatus>("active").Should().Be(AccessAssignmentStatus.Active);
        GraphNames.Parse<RelationshipStatus>("pending").Should().Be(RelationshipStatus.Unknown);
        GraphNames.Parse<RelationshipRequestStatus>("pending").Should().Be(RelationshipRequestStatus.Pending);
        GraphNames.ToGraphName(RelationshipStatus.Active).Should().Be(GraphNames.ToGraphName(AccessAssignmentStatus.Active));
    }
}
