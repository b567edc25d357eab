using NodaTime;
using PartnerAccess.Sdk.Audit;

namespace PartnerAccess.Sdk.Tests.Audit;

public class AuditQueryTests
{
    private static readonly Instant At = Instant.FromUtc(2025, 6, 1, 8, 30);

    private static AuditRecord Record(AuditRecordKind kind = AuditRecordKind.Activated) => new()
    {
        Id = "r1",
        OccurredAt = At,
        Kind = kind,
        Actor = AuditActor.System,
        RelationshipId = Sample.RelationshipId,
        CustomerTenantId = Sample.CustomerTenantId,
        PartnerTenantId = "8777b240-c6f0-4469-9e98-a3205431b836",
    };

    [Fact]
    public void Matches_EmptyQuery_MatchesAnyRecord()
    {
        new AuditQuery().Matches(Record()).Should().BeTrue();
    }

    [Fact]
    public void Matches_TimeRangeIsHalfOpen()
    {
        new AuditQuery { From = At }.Matches(Record()).Should().BeTrue();
        new AuditQuery { From = At + Duration.Epsilon }.Matches(Record()).Should().BeFalse();
        new AuditQuery { To = At }.Matches(Record()).Should().BeFalse();
        new AuditQuery { To = At + Duration.Epsilon }.Matches(Record()).Should().BeTrue();
        new AuditQuery { From = At, To = At + Duration.FromDays(1) }.Matches(Record()).Should().BeTrue();
    }

    [Fact]
    public void Matches_ByRelationshipCustomerAndPartnerIgnoringCase()
    {
        new AuditQuery { RelationshipId = Sample.RelationshipId.ToUpperInvariant() }.Matches(Record()).Should().BeTrue();
        new AuditQuery { CustomerTenantId = Sample.CustomerTenantId.ToUpperInvariant() }.Matches(Record()).Should().BeTrue();
        new AuditQuery { PartnerTenantId = "8777B240-C6F0-4469-9E98-A3205431B836" }.Matches(Record()).Should().BeTrue();
        new AuditQuery { CustomerTenantId = Guid.NewGuid().ToString() }.Matches(Record()).Should().BeFalse();
        new AuditQuery { RelationshipId = "other" }.Matches(Record()).Should().BeFalse();
    }

    [Fact]
    public void Matches_ByKind()
    {
        var query = new AuditQuery { Kinds = [AuditRecordKind.PartnerSignIn, AuditRecordKind.Expired] };

        query.Matches(Record(AuditRecordKind.PartnerSignIn)).Should().BeTrue();
        query.Matches(Record(AuditRecordKind.Activated)).Should().BeFalse();
        new AuditQuery { Kinds = [] }.Matches(Record()).Should().BeTrue();
    }

    [Fact]
    public void AuditActor_ToString_PrefersNameThenIdThenKind()
    {
        AuditActor.System.ToString().Should().Be("Microsoft");
        new AuditActor(AuditActorKind.Partner, "user-1").ToString().Should().Be("user-1");
        new AuditActor(AuditActorKind.Customer).ToString().Should().Be("Customer");
        AuditActor.System.Kind.Should().Be(AuditActorKind.System);
    }

    [Fact]
    public void SignInDetails_SucceededOnlyWithErrorCodeZero()
    {
        new SignInDetails().Succeeded.Should().BeTrue();
        new SignInDetails { ErrorCode = 50126 }.Succeeded.Should().BeFalse();
    }
}
