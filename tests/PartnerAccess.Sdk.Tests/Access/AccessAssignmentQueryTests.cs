using PartnerAccess.Sdk.Access;

namespace PartnerAccess.Sdk.Tests.Access;

public class AccessAssignmentQueryTests
{
    [Fact]
    public void Matches_EmptyQuery_MatchesEverything()
    {
        foreach (var status in Enum.GetValues<AccessAssignmentStatus>())
        {
            new AccessAssignmentQuery().Matches(Sample.Assignment(status)).Should().BeTrue();
        }
    }

    [Fact]
    public void Matches_ByStatus()
    {
        var query = new AccessAssignmentQuery { Statuses = [AccessAssignmentStatus.Active] };

        query.Matches(Sample.Assignment(AccessAssignmentStatus.Active)).Should().BeTrue();
        query.Matches(Sample.Assignment(AccessAssignmentStatus.Deleted)).Should().BeFalse();
    }

    [Fact]
    public void Matches_BySecurityGroupIgnoringCase()
    {
        var query = new AccessAssignmentQuery { SecurityGroupId = Sample.GroupId.ToUpperInvariant() };

        query.Matches(Sample.Assignment(AccessAssignmentStatus.Active)).Should().BeTrue();
        query.Matches(Sample.Assignment(AccessAssignmentStatus.Active, groupId: Sample.OtherGroupId)).Should().BeFalse();
    }
}
