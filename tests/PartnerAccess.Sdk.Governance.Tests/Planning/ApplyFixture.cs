using Microsoft.Extensions.Time.Testing;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;
using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

/// <summary>An in-memory GDAP service on a fake clock, a planner over it, and a few customers.</summary>
internal sealed class ApplyFixture
{
    public const string AgentsGroup = "11111111-1111-4111-8111-111111111111";
    public const string LeadsGroup = "22222222-2222-4222-8222-222222222222";

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

    /// <summary>Two groups: agents get two of the three roles, leads all three.</summary>
    public static AccessTemplate ServiceDesk { get; } = new AccessTemplate
    {
        Name = "Service desk",
        Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator, WellKnownRoles.LicenseAdministrator],
        Duration = Duration.FromDays(730),
        AutoExtend = true,
    }.WithGroup(AgentsGroup, WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator)
     .WithGroup(LeadsGroup);

    /// <summary>One year, no auto-extend.</summary>
    public static AccessTemplate Escalation { get; } = new AccessTemplate
    {
        Name = "Escalation",
        Roles = [WellKnownRoles.GlobalReader, WellKnownRoles.UserAdministrator],
        Duration = Duration.FromDays(365),
    }.WithGroup(LeadsGroup);

    public FakeTimeProvider Time { get; }

    public InMemoryPartnerAccessClient Service { get; }

    public InterceptingClient Client { get; }

    public AccessPlanner Planner { get; }

    public IReadOnlyList<CustomerParticipant> Customers { get; }

    public DesiredState Desired(params AccessTemplate[] templates) => DesiredState.ForAll(Customers, templates.Length == 0 ? [ServiceDesk] : templates);

    public IReadOnlyList<Relationship> Relationships => Service.Simulator.ListRelationships();

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
