// Package smoke test: built by eng/pack-smoke.sh from the packed .nupkg files only, never from project references.
using NodaTime;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Testing;

var request = new CreateRelationshipRequest
{
    DisplayName = "Smoke - helpdesk",
    Duration = Duration.FromDays(180),
    Roles = [WellKnownRoles.HelpdeskAdministrator],
    Customer = new CustomerParticipant("4b827261-d21f-4aa9-b7db-7fa1f56fb163", "Contoso"),
};

// The rule engine from PartnerAccess.Sdk: a valid request passes, a 731-day one is refused with its rule code.
var rules = GdapRules.Default;
Require(rules.ValidateCreate(request).Count == 0, "a valid request was refused");
var broken = rules.ValidateCreate(request with { Duration = Duration.FromDays(731) });
Require(broken.Any(v => v.Code == RuleCodes.DurationOutOfRange), "a 731-day request was accepted");

// PartnerAccess.Sdk.Testing: create, lock, approve (the customer's side), list.
IPartnerAccessClient memory = new InMemoryPartnerAccessClient();
var created = await memory.CreateRelationshipAsync(request);
await memory.LockForApprovalAsync(created.Id);
((InMemoryPartnerAccessClient)memory).Simulator.Approve(created.Id);
var listed = new List<Relationship>();
await foreach (var relationship in memory.ListRelationshipsAsync())
{
    listed.Add(relationship);
}

Require(listed.Count == 1 && listed[0].Id == created.Id && listed[0].Status == RelationshipStatus.Active, "the approved relationship is not listed as active");

// PartnerAccess.Sdk.Governance: plan a starter template for a new customer; it starts with creating the relationship.
var serviceDesk = StarterTemplates.ServiceDesk.WithSecurityGroup("Service desk agents", "0c1a5e3d-2b4f-4d68-9a7c-1e3f5b7d9a01");
var fabrikam = new CustomerParticipant("7e2f1a3b-5c4d-4e6f-8a9b-0c1d2e3f4a5b", "Fabrikam");
var plan = await new AccessPlanner(memory).PlanAsync(DesiredState.ForAll([fabrikam], serviceDesk));
Require(plan.Writes > 0 && plan.Steps.First().Kind == PlanStepKind.CreateRelationship, $"the starter plan for a new customer is wrong:\n{plan}");

// PartnerAccess.Sdk.Emulator + PartnerAccess.Sdk.Graph: the same over HTTP on 127.0.0.1.
await using var emulator = await GdapEmulator.StartAsync();
using var graph = new GraphPartnerAccessClient(new GraphPartnerAccessOptions { BaseUrl = emulator.GraphBaseUrl, StaticAccessToken = "smoke" });
var overHttp = await graph.CreateRelationshipAsync(request);
await graph.LockForApprovalAsync(overHttp.Id);
emulator.Simulator.Approve(overHttp.Id);
var read = await graph.GetRelationshipAsync(overHttp.Id);
Require(read.Status == RelationshipStatus.Active, $"the emulator relationship is {read.Status}, not active");

Console.WriteLine($"PACKAGE SMOKE OK: in-memory {listed[0].Id} {listed[0].Status}; '{serviceDesk.Name}' plan {plan.Writes} writes; graph over emulator {read.Id} {read.Status}");
return 0;

static void Require(bool condition, string problem)
{
    if (!condition)
    {
        throw new InvalidOperationException("Package smoke test failed: " + problem);
    }
}
