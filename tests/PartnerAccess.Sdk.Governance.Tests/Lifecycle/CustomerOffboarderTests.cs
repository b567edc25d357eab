using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Lifecycle;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Governance.Tests.Lifecycle;

/// <summary>Offboarding a customer, on the fake and on the emulator.</summary>
public class CustomerOffboarderTests
{
    [Theory]
    [MemberData(nameof(LifecycleWorld.Kinds), MemberType = typeof(LifecycleWorld))]
    public async Task OffboardAsync_ReadyCustomer_RemovesAssignmentsTerminatesAndIsIdempotent(string kind)
    {
        await using var world = await LifecycleWorld.CreateAsync(kind);
        var scenario = new LifecycleScenario(world);
        await scenario.OnboardAsync();
        var offboarder = new CustomerOffboarder(world.Client);

        var plan = await offboarder.PlanAsync(Gdap.Contoso.TenantId);
        plan.Steps.Select(s => s.Kind).Should().Equal(OffboardingStepKind.DeleteAssignment, OffboardingStepKind.DeleteAssignment, OffboardingStepKind.TerminateRelationship);
        var result = await offboarder.ExecuteAsync(plan);
        await world.AdvanceAsync(Duration.FromHours(1));

        result.Completed.Should().HaveCount(3);
        result.Audit.Kind.Should().Be(AuditRecordKind.CustomerOffboarded);
        result.Audit.CustomerTenantId.Should().Be(Gdap.Contoso.TenantId);
        result.Audit.Details["assignmentsRemoved"].Should().Be("2");
        result.Audit.Details["relationshipsTerminated"].Should().Be("1");
        var relationship = await FirstAsync(world.Client.ListRelationshipsAsync());
        relationship.Status.Should().Be(RelationshipStatus.Terminated);
        await foreach (var assignment in world.Client.ListAccessAssignmentsAsync(relationship.Id))
        {
            assignment.Status.Should().Be(AccessAssignmentStatus.Deleted);
        }

        var again = await offboarder.OffboardAsync(Gdap.Contoso.TenantId);
        again.Plan.Writes.Should().Be(0);
        again.Completed.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(LifecycleWorld.Kinds), MemberType = typeof(LifecycleWorld))]
    public async Task OffboardAsync_CreatedAndPendingRelationships_DeletesCreatedAndNotesPending(string kind)
    {
        await using var world = await LifecycleWorld.CreateAsync(kind);
        var created = await world.Client.CreateRelationshipAsync(Gdap.Request("Contoso created", customer: Gdap.Contoso));
        var pending = await world.Client.CreateRelationshipAsync(Gdap.Request("Contoso pending", customer: Gdap.Contoso));
        await world.Client.LockForApprovalAsync(pending.Id);
        await world.AdvanceAsync(Duration.FromMinutes(1));
        var offboarder = new CustomerOffboarder(world.Client);

        var result = await offboarder.OffboardAsync(Gdap.Contoso.TenantId);

        result.Completed.Should().ContainSingle().Which.Kind.Should().Be(OffboardingStepKind.DeleteRelationship);
        result.Plan.Steps.Should().ContainSingle(s => s.Kind == OffboardingStepKind.Note && s.Relationship.Id == pending.Id)
            .Which.Description.Should().Contain("cannot be withdrawn");
        var error = await Gdap.Invoking(() => world.Client.GetRelationshipAsync(created.Id));
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
        (await world.Client.GetRelationshipAsync(pending.Id)).Status.Should().Be(RelationshipStatus.ApprovalPending);
    }

    [Fact]
    public async Task PlanAsync_TenantIdNotAGuid_ThrowsValidationNamingTheValue()
    {
        await using var world = await LifecycleWorld.CreateAsync(LifecycleWorld.Fake);

        var error = await Gdap.Invoking(() => new CustomerOffboarder(world.Client).PlanAsync("contoso"));

        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Should().ContainSingle(v => v.AttemptedValue == "contoso");
    }

    private static async Task<T> FirstAsync<T>(IAsyncEnumerable<T> source)
    {
        await foreach (var item in source)
        {
            return item;
        }

        throw new InvalidOperationException("Empty.");
    }
}
