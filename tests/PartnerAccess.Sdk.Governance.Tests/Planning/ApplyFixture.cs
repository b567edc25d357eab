using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>
/// An in-memory GDAP service on a fake clock, a planner over it, and a few customers. The templates and groups are
/// <see cref="PlanningFixtures"/>'.
/// </summary>
internal sealed class ApplyFixture
{
    public ApplyFixture(int customers = 12, GdapSimulatorOptions? simulator = null, AccessPlannerOptions? options = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero));
        Service = new InMemoryPartnerAccessClient(Time, simulator);
        Client = new InterceptingClient(Service);
        Planner = new AccessPlanner(Client, options);
        Customers = Enumerable.Range(1, customers)
            .Select(i => new CustomerParticipant(new Guid(i, 0x1234, 0x4abc, [0x8a, 0, 0, 0, 0, 0, 0, (byte)i]).ToString(), $"Customer {i:D3}"))
            .ToList();
    }

    public FakeTimeProvider Time { get; }

    public InMemoryPartnerAccessClient Service { get; }

    public InterceptingClient Client { get; }

    public AccessPlanner Planner { get; }

    public IReadOnlyList<CustomerParticipant> Customers { get; }

    public DesiredState Desired(params AccessTemplate[] templates) => DesiredState.ForAll(Customers, templates.Length == 0 ? [PlanningFixtures.ServiceDesk] : templates);

    public IReadOnlyList<Relationship> Relationships => Service.Simulator.ListRelationships();

    /// <summary>
    /// Another run (another planner, as from another process) creates the relationships, and the customers approve them:
    /// <see cref="Planner"/> has not seen them before approval, so it reads their assignments.
    /// </summary>
    public async Task SeedApprovedAsync(DesiredState desired)
    {
        await new AccessPlanner(Client).ApplyAsync(desired);
        ApproveAll();
    }

    /// <summary>The customer approves every relationship that awaits approval.</summary>
    public int ApproveAll()
    {
        var pending = Relationships.Where(r => r.Status == RelationshipStatus.ApprovalPending).ToList();
        foreach (var relationship in pending)
        {
            Service.Simulator.Approve(relationship.Id);
        }

        return pending.Count;
    }

    /// <summary>Asserts the service holds exactly one live relationship per customer and template, and no duplicate assignment.</summary>
    public void ShouldHaveNoDuplicates(params AccessTemplate[] templates)
    {
        var live = Relationships.Where(r => !r.Status.IsEnded()).ToList();
        live.Select(r => r.DisplayName).Should().OnlyHaveUniqueItems();
        foreach (var customer in Customers)
        {
            foreach (var template in templates)
            {
                live.Where(r => r.DisplayName == RelationshipNames.Derive(customer, template.Name) && r.Customer?.TenantId == customer.TenantId)
                    .Should().ContainSingle($"{customer.DisplayName} should have one '{template.Name}' relationship");
            }
        }

        live.Should().HaveCount(Customers.Count * templates.Length, "there are no orphan relationships");
        foreach (var relationship in live)
        {
            Service.Simulator.ListAccessAssignments(relationship.Id).Where(a => a.IsLive)
                .Select(a => a.SecurityGroupId).Should().OnlyHaveUniqueItems();
        }
    }
}
