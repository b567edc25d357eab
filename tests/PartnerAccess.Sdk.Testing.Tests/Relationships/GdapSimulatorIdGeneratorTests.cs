using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Testing.Tests.Relationships;

/// <summary>A seeded id generator makes a simulator's ids and ETags repeatable, run after run.</summary>
public class GdapSimulatorIdGeneratorTests
{
    [Fact]
    public async Task IdGenerator_SameSeed_GivesTheSameIdsAndETags()
    {
        var first = await RunAsync(seed: 7);
        var second = await RunAsync(seed: 7);

        second.Should().Equal(first);
        first.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task IdGenerator_Set_IsUsedForRelationshipIds()
    {
        var fixedId = Guid.Parse("0b7d4c1e-2f3a-4b5c-8d6e-7f8091a2b3c4");
        var gdap = new Gdap(new GdapSimulatorOptions { IdGenerator = () => fixedId });

        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());

        relationship.Id.Should().Be($"{fixedId:D}-{gdap.Simulator.Options.PartnerTenantId}");
    }

    private static async Task<List<string>> RunAsync(int seed)
    {
        var random = new Random(seed);
        var gdap = new Gdap(new GdapSimulatorOptions
        {
            IdGenerator = () =>
            {
                var bytes = new byte[16];
                random.NextBytes(bytes);
                return new Guid(bytes);
            },
        });
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());
        var request = await gdap.Client.LockForApprovalAsync(relationship.Id);
        gdap.Simulator.Approve(relationship.Id, Gdap.Contoso);
        var active = await gdap.Client.GetRelationshipAsync(relationship.Id);
        var assignment = await gdap.Client.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = Gdap.HelpdeskGroup,
            Roles = [active.Roles[0]],
        });
        return [relationship.Id, relationship.ETag.Value, request.Id, active.ETag.Value, assignment.Id, assignment.ETag.Value];
    }
}
