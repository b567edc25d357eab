using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

using PartnerAccess.Sdk.Testing;
using Xunit;

namespace PartnerAccess.Sdk.TestSupport;

/// <summary>A simulated GDAP service on a fake clock, with shortcuts to bring relationships to any status.</summary>
public sealed class Gdap
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static readonly CustomerParticipant Contoso = new("4fdbff88-9d6b-42e0-9713-45c922ba8001", "Contoso Inc");

    public static readonly CustomerParticipant Fabrikam = new("0f1e2d3c-4b5a-4697-8877-665544332211", "Fabrikam Ltd");

    public const string HelpdeskGroup = "869713c9-0b28-4d08-8949-ae07ae1bf528";

    public const string ExchangeGroup = "b2a1f0c4-6d7e-4f80-9a1b-2c3d4e5f6a7b";

    /// <summary>Every service step takes one hour; used to stop a relationship in any intermediate status.</summary>
    public static readonly GdapSimulatorOptions HourlySteps = new()
    {
        LockProcessingDelay = Step,
        ApprovalToActivatingDelay = Step,
        ActivationDelay = Step,
        TerminationDelay = Step,
        ExpiryDelay = Step,
        AssignmentActivationDelay = Step,
        AssignmentDeletionDelay = Step,
        OperationDelay = Step,
    };

    public Gdap(GdapSimulatorOptions? options = null)
    {
        Time = new FakeTimeProvider(Start);
        Client = new InMemoryPartnerAccessClient(Time, options);
    }

    public static Duration Step => Duration.FromHours(1);

    /// <summary>The smallest step a <see cref="FakeTimeProvider"/> can take.</summary>
    public static Duration Tick => Duration.FromTicks(1);

    public FakeTimeProvider Time { get; }

    public InMemoryPartnerAccessClient Client { get; }

    public GdapSimulator Simulator => Client.Simulator;

    public Instant Now => Time.GetCurrentInstant();

    public static IReadOnlyList<RoleGrant> HelpdeskRoles { get; } = [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.HelpdeskAdministrator];

    public static CreateRelationshipRequest Request(
        string displayName = "Contoso helpdesk",
        int days = 180,
        bool autoExtend = false,
        CustomerParticipant? customer = null,
        IReadOnlyList<RoleGrant>? roles = null) => new()
        {
            DisplayName = displayName,
            Duration = Duration.FromDays(days),
            Roles = roles ?? HelpdeskRoles,
            Customer = customer,
            AutoExtendDuration = autoExtend ? GdapDurations.AutoExtendPeriod : Duration.Zero,
        };

    /// <summary>Runs an async call that must fail with the SDK's exception, and returns that exception.</summary>
    public static async Task<PartnerAccessException> Invoking(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (PartnerAccessException exception)
        {
            return exception;
        }

        throw new Xunit.Sdk.XunitException("Expected a PartnerAccessException, but the call succeeded.");
    }

    /// <summary>Runs a call that must fail with the SDK's exception, and returns that exception.</summary>
    public static PartnerAccessException Catching(Action call)
    {
        try
        {
            call();
        }
        catch (PartnerAccessException exception)
        {
            return exception;
        }

        throw new Xunit.Sdk.XunitException("Expected a PartnerAccessException, but the call succeeded.");
    }

    public void Advance(Duration duration) => Time.Advance(duration.ToTimeSpan());

    public void AdvanceTo(Instant instant)
    {
        var now = Now;
        if (instant > now)
        {
            Advance(instant - now);
        }
    }

    public async Task<Relationship> CreateActiveAsync(CreateRelationshipRequest? request = null, CustomerParticipant? customer = null)
    {
        var created = await Client.CreateRelationshipAsync(request ?? Request());
        await Client.LockForApprovalAsync(created.Id);
        Advance(Simulator.Options.LockProcessingDelay);
        Simulator.Approve(created.Id, created.Customer is null ? customer ?? Contoso : null);
        Advance(Simulator.Options.ApprovalToActivatingDelay);
        Advance(Simulator.Options.ActivationDelay);
        var active = await Client.GetRelationshipAsync(created.Id);
        active.Status.Should().Be(RelationshipStatus.Active);
        return active;
    }

    public async Task<AccessAssignment> AssignActiveAsync(Relationship relationship, string group, params RoleGrant[] roles)
    {
        var assignment = await Client.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
        {
            SecurityGroupId = group,
            Roles = roles.Length == 0 ? relationship.Roles : roles,
        });
        Advance(Simulator.Options.AssignmentActivationDelay);
        return await Client.GetAccessAssignmentAsync(relationship.Id, assignment.Id);
    }

    /// <summary>Brings a new relationship to <paramref name="status"/>; needs <see cref="HourlySteps"/> for intermediate ones.</summary>
    public async Task<Relationship> InStatusAsync(RelationshipStatus status, string displayName = "Status walk")
    {
        var request = Request(displayName, days: 1, customer: Contoso);
        if (status == RelationshipStatus.Created)
        {
            return await Client.CreateRelationshipAsync(request);
        }

        var created = await Client.CreateRelationshipAsync(request);
        await Client.LockForApprovalAsync(created.Id);
        Advance(Simulator.Options.LockProcessingDelay);
        if (status == RelationshipStatus.ApprovalPending)
        {
            return await Expect(created.Id, status);
        }

        Simulator.Approve(created.Id);
        var order = new[] { RelationshipStatus.Approved, RelationshipStatus.Activating, RelationshipStatus.Active };
        var delays = new[] { Simulator.Options.ApprovalToActivatingDelay, Simulator.Options.ActivationDelay };
        for (var i = 0; order[i] != status && i < delays.Length; i++)
        {
            Advance(delays[i]);
        }

        if (Array.IndexOf(order, status) >= 0)
        {
            return await Expect(created.Id, status);
        }

        var active = await Expect(created.Id, RelationshipStatus.Active);
        if (status is RelationshipStatus.Expiring or RelationshipStatus.Expired)
        {
            AdvanceTo(active.EndsAt!.Value);
            if (status == RelationshipStatus.Expired)
            {
                Advance(Simulator.Options.ExpiryDelay);
            }

            return await Expect(created.Id, status);
        }

        await Client.TerminateRelationshipAsync(created.Id);
        if (status is RelationshipStatus.Terminating or RelationshipStatus.Terminated)
        {
            Advance(Simulator.Options.TerminationDelay);
        }

        if (status == RelationshipStatus.Terminated)
        {
            Advance(Simulator.Options.TerminationDelay);
        }

        return await Expect(created.Id, status);
    }

    public async Task<IReadOnlyList<AuditRecord>> AuditAsync(string? relationshipId = null) =>
        await Client.ListAuditRecordsAsync(new AuditQuery { RelationshipId = relationshipId }).ToListAsync();

    private async Task<Relationship> Expect(string id, RelationshipStatus status)
    {
        var relationship = await Client.GetRelationshipAsync(id);
        relationship.Status.Should().Be(status);
        return relationship;
    }
}
