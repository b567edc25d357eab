using NodaTime;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Tests.Relationships;

public class RelationshipQueryTests
{
    [Fact]
    public void Matches_EmptyQuery_MatchesEverything()
    {
        foreach (var status in Enum.GetValues<RelationshipStatus>())
        {
            new RelationshipQuery().Matches(Sample.Relationship(status), Sample.Now).Should().BeTrue();
        }
    }

    [Fact]
    public void Matches_ByStatus()
    {
        var query = new RelationshipQuery { Statuses = [RelationshipStatus.Active, RelationshipStatus.Created] };

        query.Matches(Sample.Relationship(RelationshipStatus.Active), Sample.Now).Should().BeTrue();
        query.Matches(Sample.Relationship(RelationshipStatus.Expired), Sample.Now).Should().BeFalse();
        RelationshipQuery.ForStatus(RelationshipStatus.Expired).Matches(Sample.Relationship(RelationshipStatus.Expired), Sample.Now).Should().BeTrue();
    }

    [Fact]
    public void Matches_ByCustomerTenantIgnoringCase()
    {
        var query = new RelationshipQuery { CustomerTenantId = Sample.CustomerTenantId.ToUpperInvariant() };

        query.Matches(Sample.Relationship(RelationshipStatus.Active), Sample.Now).Should().BeTrue();
        query.Matches(Sample.Relationship(RelationshipStatus.Active, customer: new CustomerParticipant(Guid.NewGuid().ToString())), Sample.Now).Should().BeFalse();
        query.Matches(Sample.Relationship(RelationshipStatus.Created) with { Customer = null }, Sample.Now).Should().BeFalse();
    }

    [Fact]
    public void Matches_ByDisplayNameIgnoringCase()
    {
        new RelationshipQuery { DisplayName = "CONTOSO EXCHANGE SUPPORT" }.Matches(Sample.Relationship(RelationshipStatus.Active), Sample.Now).Should().BeTrue();
        new RelationshipQuery { DisplayName = "Contoso" }.Matches(Sample.Relationship(RelationshipStatus.Active), Sample.Now).Should().BeFalse();
    }

    [Fact]
    public void Matches_ExpiringWithin_OnlyActiveNonExtendingRelationshipsEndingInTheSpan()
    {
        var active = Sample.Relationship(RelationshipStatus.Active); // ends at Now + 180 days
        var query = new RelationshipQuery { ExpiringWithin = Duration.FromDays(30) };
        var now = active.EndsAt!.Value - Duration.FromDays(10);

        query.Matches(active, now).Should().BeTrue();
        query.Matches(active, Sample.Now).Should().BeFalse();
        query.Matches(Sample.Relationship(RelationshipStatus.Active, autoExtend: Duration.FromDays(180)), now).Should().BeFalse();
        query.Matches(Sample.Relationship(RelationshipStatus.Expiring), now).Should().BeFalse();
    }
}
