using CsCheck;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Testing.Tests.Relationships;

/// <summary>Random sequences of calls and clock moves: the simulator only ever fails with its own error and keeps its invariants.</summary>
public class GdapSimulatorPropertyTests
{
    private static readonly string[] Names = ["Alpha", "ALPHA", "Beta", "Gamma"];

    private static readonly CustomerParticipant?[] Customers = [null, Gdap.Contoso, Gdap.Fabrikam];

    private static readonly string[] Groups = [Gdap.HelpdeskGroup, Gdap.ExchangeGroup];

    [Fact]
    public void RandomCalls_AnySequence_KeepInvariants()
    {
        var step = Gen.Select(Gen.Int[0, 12], Gen.Int[0, 5], Gen.Int[1, 24 * 200]);
        Gen.Select(step.Array[1, 50], Gen.Bool).Sample((steps, slow) =>
        {
            var gdap = new Gdap(slow ? Gdap.HourlySteps : null);
            foreach (var (kind, pick, hours) in steps)
            {
                try
                {
                    Act(gdap, kind, pick, hours);
                }
                catch (PartnerAccessException)
                {
                    // Refusals are expected; any other exception fails the property.
                }

                CheckInvariants(gdap);
            }
        }, iter: 150);
    }

    private static void Act(Gdap gdap, int kind, int pick, int hours)
    {
        var simulator = gdap.Simulator;
        if (kind == 0)
        {
            simulator.CreateRelationship(Gdap.Request(Names[pick % Names.Length], days: 1 + (hours % 400), autoExtend: pick % 2 == 0,
                customer: Customers[pick % Customers.Length]));
            return;
        }

        if (kind == 1)
        {
            gdap.Advance(Duration.FromHours(hours));
            return;
        }

        var relationships = simulator.ListRelationships();
        if (relationships.Count == 0)
        {
            return;
        }

        var relationship = relationships[pick % relationships.Count];
        var assignments = simulator.ListAccessAssignments(relationship.Id);
        var assignment = assignments.Count == 0 ? null : assignments[pick % assignments.Count];
        switch (kind)
        {
            case 2:
                simulator.CreateRequest(relationship.Id, RelationshipRequestAction.LockForApproval);
                break;
            case 3:
                simulator.Approve(relationship.Id, relationship.Customer is null ? Customers[1 + (pick % 2)] : null);
                break;
            case 4:
                simulator.CreateRequest(relationship.Id, RelationshipRequestAction.Terminate);
                break;
            case 5:
                simulator.TerminateByCustomer(relationship.Id);
                break;
            case 6:
                simulator.CreateAccessAssignment(relationship.Id, new CreateAccessAssignmentRequest
                {
                    SecurityGroupId = Groups[pick % Groups.Length],
                    Roles = relationship.Roles.Take(1 + (pick % relationship.Roles.Count)).ToList(),
                });
                break;
            case 7 when assignment is not null:
                simulator.UpdateAccessAssignment(relationship.Id, assignment.Id, assignment.ETag, relationship.Roles.Skip(pick % relationship.Roles.Count).ToList());
                break;
            case 8 when assignment is not null:
                simulator.DeleteAccessAssignment(relationship.Id, assignment.Id, assignment.ETag);
                break;
            case 9:
                simulator.UpdateRelationship(relationship.Id, relationship.ETag,
                    new RelationshipUpdate { AutoExtendDuration = relationship.Window.AutoExtends ? Duration.Zero : Duration.FromDays(180) });
                break;
            case 10:
                simulator.DeleteRelationship(relationship.Id, relationship.ETag);
                break;
            case 11:
                simulator.CreateResellerRelationship(Gdap.Request($"Reseller {pick}", customer: Gdap.Contoso), "2b7c5d4e-1f0a-4b3c-9d8e-7f6a5b4c3d2e");
                break;
            case 12:
                simulator.CreateRequest(relationship.Id, pick % 2 == 0 ? RelationshipRequestAction.Approve : RelationshipRequestAction.Reject);
                break;
        }
    }

    // Plain checks rather than assertions: they run after every step of every sample.
    private static void CheckInvariants(Gdap gdap)
    {
        var simulator = gdap.Simulator;
        var now = gdap.Now;
        var relationships = simulator.ListRelationships();

        Require(relationships.Select(r => r.DisplayName).Distinct(GdapRules.DisplayNameComparer).Count() == relationships.Count,
            "display names are unique, ignoring case");
        Require(relationships.Zip(relationships.Skip(1)).All(p => p.First.CreatedAt < p.Second.CreatedAt ||
                (p.First.CreatedAt == p.Second.CreatedAt && string.CompareOrdinal(p.First.Id, p.Second.Id) < 0)),
            "relationships are listed by creation time, then id");
        foreach (var relationship in relationships)
        {
            Require(relationship.LastModifiedAt <= now, "no change is stamped in the future");
            Require(relationship.Status != RelationshipStatus.Active || (relationship.EndsAt > now && relationship.Customer is not null),
                $"active relationship {relationship.Id} ends in the future and has a customer (every due expiry or extension ran)");
            Require(relationship.Status is not (RelationshipStatus.Created or RelationshipStatus.ApprovalPending) || relationship.ActivatedAt is null,
                "a relationship that was never approved has no activation");

            var assignments = simulator.ListAccessAssignments(relationship.Id);
            var live = assignments.Where(a => a.IsLive).ToList();
            Require(live.Select(a => a.SecurityGroupId).Distinct(StringComparer.OrdinalIgnoreCase).Count() == live.Count,
                "one live assignment per group");
            Require(live.All(a => a.Roles.All(relationship.Roles.Contains)), "assignment roles are a subset of the relationship's");
            Require(!relationship.Status.IsEnded() || relationship.Status == RelationshipStatus.TerminationRequested ||
                    assignments.All(a => a.Status is AccessAssignmentStatus.Deleting or AccessAssignmentStatus.Deleted),
                $"relationship {relationship.Id} in {relationship.Status} holds no access");
        }

        var activeCustomers = relationships.Where(r => r.Status == RelationshipStatus.Active).Select(r => r.Customer!.TenantId)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        Require(activeCustomers.SetEquals(simulator.ListCustomers().Select(c => c.TenantId)), "customers are exactly those with an active relationship");
        var audit = simulator.ListAuditRecords(new AuditQuery());
        Require(audit.Zip(audit.Skip(1)).All(p => p.First.OccurredAt <= p.Second.OccurredAt), "audit records are oldest first");
        Require(audit.All(r => r.OccurredAt <= now && r.Source == AuditSource.Sdk), "audit records are the simulator's and not in the future");
    }

    private static void Require(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new Xunit.Sdk.XunitException("Invariant broken: " + invariant);
        }
    }
}
