using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Testing.Tests.Relationships;

/// <summary>ETags, display-name uniqueness and parallel callers.</summary>
public class GdapSimulatorConcurrencyTests
{
    [Fact]
    public async Task UpdateRelationship_StaleETag_FailsWithConcurrencyAndChangesNothing()
    {
        var gdap = new Gdap();
        var original = await gdap.Client.CreateRelationshipAsync(Gdap.Request("Original"));
        var renamed = (await gdap.Client.UpdateRelationshipAsync(original, new RelationshipUpdate { DisplayName = "Renamed" })).Value!;
        var auditBefore = (await gdap.AuditAsync()).Count;

        var error = await Gdap.Invoking(() => gdap.Client.UpdateRelationshipAsync(original, new RelationshipUpdate { Duration = Duration.FromDays(30) }));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.ETagMismatch);
        (await gdap.Client.GetRelationshipAsync(original.Id)).Should().BeEquivalentTo(renamed);
        (await gdap.AuditAsync()).Should().HaveCount(auditBefore);
    }

    [Fact]
    public async Task UpdateRelationship_StaleETagAndBrokenRules_ReportsEveryViolationAsConcurrency()
    {
        var gdap = new Gdap();
        var original = await gdap.Client.CreateRelationshipAsync(Gdap.Request());
        await gdap.Client.UpdateRelationshipAsync(original, new RelationshipUpdate { DisplayName = "Renamed" });

        var error = await Gdap.Invoking(() => gdap.Client.UpdateRelationshipAsync(original, new RelationshipUpdate { Duration = Duration.FromDays(731) }));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        error.Violations.Select(v => v.Code).Should().BeEquivalentTo([RuleCodes.ETagMismatch, RuleCodes.DurationOutOfRange]);
    }

    [Fact]
    public async Task UpdateRelationship_MissingETag_FailsWithETagRequired()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());

        var error = Gdap.Catching(() => gdap.Simulator.UpdateRelationship(relationship.Id, default, new RelationshipUpdate { DisplayName = "x" }));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.ETagRequired);
    }

    [Fact]
    public async Task UpdateRelationship_ETagAll_MatchesAnyVersion()
    {
        var gdap = new Gdap();
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request());

        var outcome = gdap.Simulator.UpdateRelationship(relationship.Id, ETag.All, new RelationshipUpdate { DisplayName = "Any version" });

        outcome.Value!.DisplayName.Should().Be("Any version");
    }

    [Fact]
    public async Task ETag_ServiceDrivenChange_MakesEarlierCopyStale()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { ActivationDelay = Duration.FromMinutes(1) });
        var relationship = await gdap.Client.CreateRelationshipAsync(Gdap.Request(customer: Gdap.Contoso));
        await gdap.Client.LockForApprovalAsync(relationship.Id);
        gdap.Simulator.Approve(relationship.Id);
        var activating = await gdap.Client.GetRelationshipAsync(relationship.Id);
        activating.Status.Should().Be(RelationshipStatus.Activating);

        gdap.Advance(Duration.FromMinutes(1));
        var error = await Gdap.Invoking(() => gdap.Client.SetAutoExtendAsync(activating, enabled: true));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        var active = await gdap.Client.GetRelationshipAsync(relationship.Id);
        active.ETag.Should().NotBe(activating.ETag);
        active.Window.AutoExtends.Should().BeFalse();
        (await gdap.Client.SetAutoExtendAsync(active, enabled: true)).Window.AutoExtends.Should().BeTrue();
    }

    [Fact]
    public async Task DeleteRelationship_StaleETag_FailsAndKeepsRelationship()
    {
        var gdap = new Gdap();
        var original = await gdap.Client.CreateRelationshipAsync(Gdap.Request());
        await gdap.Client.UpdateRelationshipAsync(original, new RelationshipUpdate { Roles = [WellKnownRoles.GlobalReader] });

        var error = await Gdap.Invoking(() => gdap.Client.DeleteRelationshipAsync(original));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        (await gdap.Client.GetRelationshipAsync(original.Id)).Roles.Should().Equal(WellKnownRoles.GlobalReader);
    }

    [Fact]
    public async Task AccessAssignment_StaleETag_UpdateAndDeleteFailAndChangeNothing()
    {
        var gdap = new Gdap(new GdapSimulatorOptions { AssignmentActivationDelay = Duration.FromSeconds(1) });
        var relationship = await gdap.CreateActiveAsync();
        var pending = await gdap.Client.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = Gdap.HelpdeskGroup,
            Roles = [WellKnownRoles.HelpdeskAdministrator],
        });
        gdap.Advance(Duration.FromSeconds(1));
        var active = await gdap.Client.GetAccessAssignmentAsync(relationship.Id, pending.Id);

        var update = await Gdap.Invoking(() => gdap.Client.UpdateAccessAssignmentAsync(pending with { Status = AccessAssignmentStatus.Active }, relationship.Roles));
        var delete = await Gdap.Invoking(() => gdap.Client.DeleteAccessAssignmentAsync(pending));

        update.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        delete.ErrorCode.Should().Be(PartnerAccessErrorCode.Concurrency);
        delete.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.ETagMismatch);
        (await gdap.Client.GetAccessAssignmentAsync(relationship.Id, pending.Id)).Should().BeEquivalentTo(active);
        (await gdap.Client.ListOperationsAsync(relationship.Id).ToListAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("Contoso helpdesk")]
    [InlineData("CONTOSO HELPDESK")]
    [InlineData("contoso Helpdesk")]
    public async Task CreateRelationship_NameUsedInAnyCase_FailsWithConflict(string displayName)
    {
        var gdap = new Gdap();
        await gdap.Client.CreateRelationshipAsync(Gdap.Request("Contoso helpdesk"));

        var error = await Gdap.Invoking(() => gdap.Client.CreateRelationshipAsync(Gdap.Request(displayName)));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.DisplayNameNotUnique);
        (await gdap.Client.ListRelationshipsAsync().ToListAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task UpdateRelationship_RenameToOtherRelationshipsName_FailsWithConflict()
    {
        var gdap = new Gdap();
        await gdap.Client.CreateRelationshipAsync(Gdap.Request("Fabrikam"));
        var other = await gdap.Client.CreateRelationshipAsync(Gdap.Request("Contoso"));

        var error = await Gdap.Invoking(() => gdap.Client.UpdateRelationshipAsync(other, new RelationshipUpdate { DisplayName = "fabrikam" }));
        var ownName = await gdap.Client.UpdateRelationshipAsync(other, new RelationshipUpdate { DisplayName = "CONTOSO" });

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        ownName.Value!.DisplayName.Should().Be("CONTOSO", "a relationship may change the case of its own name");
        (await gdap.Client.CreateRelationshipAsync(Gdap.Request("Contoso 2"))).DisplayName.Should().Be("Contoso 2");
        (await Gdap.Invoking(() => gdap.Client.CreateRelationshipAsync(Gdap.Request("contoso")))).ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
    }

    [Fact]
    public async Task CreateRelationship_NameOfEndedButVisibleRelationship_FailsWithConflict()
    {
        var gdap = new Gdap();
        var ended = await gdap.CreateActiveAsync(Gdap.Request("Old name", days: 1));
        gdap.Advance(Duration.FromDays(2));
        (await gdap.Client.GetRelationshipAsync(ended.Id)).Status.Should().Be(RelationshipStatus.Expired);

        var error = await Gdap.Invoking(() => gdap.Client.CreateRelationshipAsync(Gdap.Request("Old name")));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
    }

    [Fact]
    public async Task CreateRelationship_SixteenParallelCallersSameName_ExactlyOneWins()
    {
        var gdap = new Gdap();
        using var start = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                return (Relationship?)await gdap.Client.CreateRelationshipAsync(Gdap.Request(i % 2 == 0 ? "Race" : "RACE"));
            }
            catch (PartnerAccessException exception) when (exception.ErrorCode == PartnerAccessErrorCode.Conflict)
            {
                return null;
            }
        })).ToList();

        start.Set();
        var results = await Task.WhenAll(callers);

        results.Count(r => r is not null).Should().Be(1);
        var listed = await gdap.Client.ListRelationshipsAsync().ToListAsync();
        listed.Should().ContainSingle().Which.Id.Should().Be(results.Single(r => r is not null)!.Id);
        (await gdap.AuditAsync()).Should().ContainSingle(r => r.Kind == Audit.AuditRecordKind.RelationshipCreated);
    }

    [Fact]
    public async Task Simulator_ParallelMixedCallsWhileClockMoves_StaysConsistent()
    {
        var gdap = new Gdap();
        var relationships = new List<Relationship>();
        for (var i = 0; i < 8; i++)
        {
            relationships.Add(await gdap.CreateActiveAsync(Gdap.Request($"Customer {i}", days: 10 + i, customer: new CustomerParticipant(Guid.NewGuid().ToString(), $"Customer {i}"))));
        }

        var workers = relationships.Select(r => Task.Run(async () =>
        {
            for (var n = 0; n < 20; n++)
            {
                await gdap.Client.GetRelationshipAsync(r.Id);
                await gdap.Client.ListCustomersAsync().ToListAsync();
            }
        })).Append(Task.Run(() =>
        {
            for (var day = 0; day < 30; day++)
            {
                gdap.Advance(Duration.FromDays(1));
            }
        })).ToList();
        await Task.WhenAll(workers);

        var listed = await gdap.Client.ListRelationshipsAsync().ToListAsync();
        listed.Should().HaveCount(8).And.OnlyContain(r => r.Status == RelationshipStatus.Expired);
        (await gdap.Client.ListCustomersAsync().ToListAsync()).Should().BeEmpty();
        var expiries = (await gdap.AuditAsync()).Where(r => r.Kind == Audit.AuditRecordKind.Expired).ToList();
        expiries.Select(r => r.RelationshipId).Should().Equal(relationships.Select(r => r.Id));
        expiries.Select(r => r.OccurredAt).Should().Equal(relationships.Select(r => r.EndsAt!.Value));
    }
}
