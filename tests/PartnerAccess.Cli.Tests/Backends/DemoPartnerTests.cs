using PartnerAccess.Cli.Backends;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using NodaTime.Extensions;

namespace PartnerAccess.Cli.Tests.Backends;

public sealed class DemoPartnerTests
{
    [Fact]
    public async Task Create_TwoRuns_GiveIdenticalJson()
    {
        var first = await CliRun.RunAsync("relationships", "list", "-o", "json");
        var second = await CliRun.RunAsync("relationships", "list", "-o", "json");

        first.Output.Should().Be(second.Output);
        var changesFirst = await CliRun.RunAsync("audit", "changes", "-o", "json");
        var changesSecond = await CliRun.RunAsync("audit", "changes", "-o", "json");
        changesFirst.Output.Should().Be(changesSecond.Output);
    }

    [Fact]
    public async Task Create_HasFiftyCustomersInEveryState()
    {
        var client = DemoPartner.Create();
        var relationships = await client.ListRelationshipsAsync().ToListAsync();

        client.TimeProvider.GetCurrentInstant().Should().Be(DemoPartner.Now);
        relationships.Select(r => r.Customer!.TenantId).Distinct().Should().HaveCount(50);
        relationships.Select(r => r.Status).Distinct().Should().Contain(
            [RelationshipStatus.Created, RelationshipStatus.ApprovalPending, RelationshipStatus.Activating, RelationshipStatus.Active,
             RelationshipStatus.Expired, RelationshipStatus.Terminated]);
        relationships.Should().Contain(r => r.Status == RelationshipStatus.Active && r.Window.AutoExtends);
        relationships.Should().Contain(r => r.Status == RelationshipStatus.Active && r.HasGlobalAdministrator);
        relationships.Should().Contain(r => r.IsResellerRelationship && r.IsPartnerConsentPending == true);
        relationships.Should().Contain(r => r.Status == RelationshipStatus.Active && r.Window.ExpiresWithin(DemoPartner.Now, NodaTime.Duration.FromDays(7)));
    }

    [Fact]
    public async Task Create_ActiveRelationshipsHaveAssignmentsAndTheTrailHasSignIns()
    {
        var client = DemoPartner.Create();
        var active = await client.ListRelationshipsAsync(RelationshipQuery.ForStatus(RelationshipStatus.Active)).ToListAsync();

        var assignments = new List<AccessAssignment>();
        foreach (var relationship in active)
        {
            assignments.AddRange(await client.ListAccessAssignmentsAsync(relationship.Id).ToListAsync());
        }

        assignments.Select(a => a.RelationshipId).Distinct().Should().HaveCountGreaterThan(active.Count * 3 / 4);
        assignments.Should().Contain(a => a.Status == AccessAssignmentStatus.Deleted);
        assignments.Select(a => a.SecurityGroupId).Distinct().Should().HaveCount(DemoPartner.Groups.Count);

        var signIns = await client.ListAuditRecordsAsync(new AuditQuery { Kinds = [AuditRecordKind.PartnerSignIn] }).ToListAsync();
        signIns.Should().HaveCountGreaterThan(20);
        signIns.Should().Contain(s => s.SignIn!.ErrorCode != 0);
        var autoExtended = await client.ListAuditRecordsAsync(new AuditQuery { Kinds = [AuditRecordKind.AutoExtended] }).ToListAsync();
        autoExtended.Should().NotBeEmpty();
    }

    [Fact]
    public async Task CreateGroups_HasADeletedGroupAnEmptyGroupAndStaffedGroups()
    {
        var client = DemoPartner.Create();
        var groups = DemoPartner.CreateGroups(client.TimeProvider);

        var listed = await groups.ListGroupsAsync().ToListAsync();

        listed.Should().HaveCount(DemoPartner.Groups.Count - 1).And.NotContain(g => g.Id == DemoPartner.EscalationEngineers.Id);
        (await groups.ListMembersAsync(DemoPartner.HelpdeskAgents.Id).ToListAsync()).Should().HaveCount(2);
        (await groups.ListMembersAsync(DemoPartner.Auditors.Id).ToListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Create_OffboardedCustomer_HasOnlyATerminatedRelationshipWithoutAccess()
    {
        var client = DemoPartner.Create();

        var relationships = await client.ListRelationshipsAsync(new RelationshipQuery { CustomerTenantId = DemoPartner.OffboardedCustomer.TenantId }).ToListAsync();

        relationships.Should().ContainSingle().Which.Status.Should().Be(RelationshipStatus.Terminated);
        var trail = await client.ListAuditRecordsAsync(new AuditQuery { CustomerTenantId = DemoPartner.OffboardedCustomer.TenantId, Kinds = [AuditRecordKind.AssignmentDeleted] }).ToListAsync();
        trail.Should().NotBeEmpty();
    }
}
