// Quickstart: a GDAP relationship from request to expiry, on the in-memory client with simulated time.
// Run: dotnet run --project samples/PartnerAccess.Samples.Quickstart
using System.Text;
using NodaTime;
using NodaTime.Text;
using PartnerAccess.Samples.Quickstart;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;
using PartnerAccess.Sdk.Time;

var clock = new SimulatedClock(Instant.FromUtc(2025, 1, 6, 9, 0));

// The in-memory client follows Graph's rules and state machine; the service's own steps take a few minutes here.
var client = new InMemoryPartnerAccessClient(clock, new GdapSimulatorOptions
{
    ApprovalToActivatingDelay = Duration.FromMinutes(1),
    ActivationDelay = Duration.FromMinutes(4),
    AssignmentActivationDelay = Duration.FromMinutes(2),
});

// The customer's side (approving) is not part of Graph's partner API; the simulator plays it.
var service = client.Simulator;

var contoso = new CustomerParticipant("4fdbff88-9d6b-42e0-9713-45c922ba8001", "Contoso Inc");
var fabrikam = new CustomerParticipant("0f1e2d3c-4b5a-4697-8877-665544332211", "Fabrikam Ltd");
const string ExchangeEngineers = "869713c9-0b28-4d08-8949-ae07ae1bf528";
const string ServiceDesk = "b2a1f0c4-6d7e-4f80-9a1b-2c3d4e5f6a7b";
var groupNames = new Dictionary<string, string> { [ExchangeEngineers] = "Exchange engineers", [ServiceDesk] = "Service desk" };
var timeFormat = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

Console.OutputEncoding = Encoding.UTF8;
Console.WriteLine("PartnerAccess.Sdk quickstart: one GDAP relationship, start to finish, in simulated time.");
Console.WriteLine($"The simulated clock starts at {Time(clock.Now)} UTC.");

// 1. Ask for the least the work needs.
Heading("1. Ask Contoso for Exchange Administrator and Helpdesk Administrator, for 180 days");
var relationship = await client.CreateRelationshipAsync(new CreateRelationshipRequest
{
    DisplayName = "Contoso - Exchange and helpdesk",
    Duration = Duration.FromDays(180),
    Roles = [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.HelpdeskAdministrator],
    Customer = contoso,
});
await client.LockForApprovalAsync(relationship.Id);
relationship = await client.GetRelationshipAsync(relationship.Id);
Facts(
    ("Relationship", relationship.DisplayName),
    ("Id", relationship.Id),
    ("Customer", $"{contoso.DisplayName} ({contoso.TenantId})"),
    ("Roles", string.Join(", ", relationship.Roles.Select(r => r.Name))),
    ("Length", $"{relationship.Window.LengthInDays} days, no auto-extend"),
    ("Status", $"{Status(relationship.Status)} (locked, waiting for Contoso to approve)"));

// 2. The customer approves in the Microsoft 365 admin center, through this link.
Heading("2. Send Contoso's admin the approval link");
Console.WriteLine($"  {relationship.ApprovalLink}");

// 3. Approval, then the service provisions access.
Heading("3. Contoso approves");
clock.Advance(Duration.FromHours(3));
Note("Three hours later, Contoso's Global Administrator opens the link and approves.");
relationship = service.Approve(relationship.Id);
Facts(("Status", Status(relationship.Status)));
clock.Advance(Duration.FromMinutes(5));
relationship = await client.GetRelationshipAsync(relationship.Id);
Note("Five minutes later the service has provisioned access:");
Facts(
    ("Status", Status(relationship.Status)),
    ("Active from", $"{Time(relationship.ActivatedAt)} UTC"),
    ("Active until", $"{Time(relationship.EndsAt)} UTC"));

// 4. Each partner group gets only the role its work needs.
Heading("4. Give each partner security group only the role it needs");
await client.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
{
    SecurityGroupId = ExchangeEngineers,
    Roles = [WellKnownRoles.ExchangeAdministrator],
});
await client.CreateAccessAssignmentAsync(relationship.Id, new CreateAccessAssignmentRequest
{
    SecurityGroupId = ServiceDesk,
    Roles = [WellKnownRoles.HelpdeskAdministrator],
});
clock.Advance(Duration.FromMinutes(2));
await PrintAssignmentsAsync(relationship.Id);

// 5. A second customer, whose relationship renews itself every 180 days.
Heading("5. A second customer, Fabrikam, with auto-extend on");
var renewing = await client.CreateRelationshipAsync(new CreateRelationshipRequest
{
    DisplayName = "Fabrikam - Service desk",
    Duration = Duration.FromDays(180),
    Roles = [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator],
    Customer = fabrikam,
    AutoExtendDuration = GdapDurations.AutoExtendPeriod,
});
await client.LockForApprovalAsync(renewing.Id);
service.Approve(renewing.Id);
clock.Advance(Duration.FromMinutes(5));
await client.CreateAccessAssignmentAsync(renewing.Id, new CreateAccessAssignmentRequest { SecurityGroupId = ServiceDesk, Roles = renewing.Roles });
clock.Advance(Duration.FromMinutes(2));
Note("Requested, approved and assigned to the service desk the same way.");
await PrintRelationshipsAsync();

// 6. The question partners ask every week.
Heading("6. What expires within 30 days?");
Note($"Now ({Time(clock.Now)} UTC):");
await PrintExpiringAsync();
clock.Advance(Duration.FromDays(160));
Note($"160 days later ({Time(clock.Now)} UTC):");
await PrintExpiringAsync();
Note("Fabrikam's relationship is not listed: it extends itself, so it never lapses.");

// 7. Time passes; the service acts on its own.
Heading("7. Move time past the end date");
clock.Advance(Duration.FromDays(30));
Note($"Another 30 days later ({Time(clock.Now)} UTC):");
await PrintRelationshipsAsync();
Note("Contoso's access expired and its group assignments were removed with it:");
await PrintAssignmentsAsync(relationship.Id);
Note("Fabrikam's relationship extended itself by 180 days on its end date and is still active.");

// 8. Everything that happened, oldest first.
Heading("8. Audit trail");
var customers = new[] { contoso, fabrikam }.ToDictionary(c => c.TenantId, c => c.DisplayName!);
var audit = await ReadAllAsync(client.ListAuditRecordsAsync(new AuditQuery()));
Table(
    ["When (UTC)", "Customer", "By", "What happened"],
    audit.Select(r => new[]
    {
        Time(r.OccurredAt),
        r.CustomerTenantId is { } tenant && customers.TryGetValue(tenant, out var customer) ? customer : "",
        r.Actor.ToString(),
        WithGroupNames(r.Summary ?? Words(r.Kind.ToString())),
    }));
Console.WriteLine();

async Task PrintRelationshipsAsync()
{
    var now = clock.Now;
    var all = await ReadAllAsync(client.ListRelationshipsAsync());
    Table(
        ["Customer", "Relationship", "Status", "Ends (UTC)", "Days left", "Auto-extend"],
        all.Select(r => new[]
        {
            r.Customer?.DisplayName ?? "(any)",
            r.DisplayName,
            Status(r.Status),
            Time(r.EndsAt),
            r.Status == RelationshipStatus.Active ? r.Window.DaysLeftAt(now).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-",
            r.Window.AutoExtends ? $"every {r.Window.AutoExtendDuration.Days} days" : "off",
        }));
}

async Task PrintExpiringAsync()
{
    var now = clock.Now;
    var expiring = await ReadAllAsync(client.ListExpiringAsync(Duration.FromDays(30)));
    Table(
        ["Customer", "Relationship", "Ends (UTC)", "Days left"],
        expiring.Select(r => new[] { r.Customer?.DisplayName ?? "(any)", r.DisplayName, Time(r.EndsAt), r.Window.DaysLeftAt(now).ToString(System.Globalization.CultureInfo.InvariantCulture) }));
}

async Task PrintAssignmentsAsync(string relationshipId)
{
    var assignments = await ReadAllAsync(client.ListAccessAssignmentsAsync(relationshipId));
    Table(
        ["Security group", "Roles", "Status"],
        assignments
            .Select(a => new[]
            {
                groupNames.TryGetValue(a.SecurityGroupId, out var group) ? group : a.SecurityGroupId,
                string.Join(", ", a.Roles.Select(r => r.Name)),
                GraphNames.ToGraphName(a.Status),
            })
            .OrderBy(row => row[0], StringComparer.Ordinal));
}

// The service knows groups by id; people know them by name.
string WithGroupNames(string text) =>
    groupNames.Aggregate(text, (current, group) => current.Replace(group.Key, $"'{group.Value}'", StringComparison.OrdinalIgnoreCase));

// With "using PartnerAccess.Sdk" on .NET 10, ToListAsync is offered twice (the SDK's and System.Linq's); this avoids both.
static async Task<List<T>> ReadAllAsync<T>(IAsyncEnumerable<T> items)
{
    var list = new List<T>();
    await foreach (var item in items)
    {
        list.Add(item);
    }

    return list;
}

string Time(Instant? instant) => instant is { } value ? timeFormat.Format(value) : "-";

static string Status(RelationshipStatus status) => GraphNames.ToGraphName(status);

static void Heading(string text)
{
    Console.WriteLine();
    Console.WriteLine(text);
    Console.WriteLine(new string('=', text.Length));
}

static void Note(string text)
{
    Console.WriteLine();
    Console.WriteLine($"  {text}");
}

static void Facts(params (string Label, string Value)[] facts)
{
    var width = facts.Max(f => f.Label.Length);
    foreach (var (label, value) in facts)
    {
        Console.WriteLine($"  {(label + ":").PadRight(width + 1)}  {value}");
    }
}

static void Table(string[] headers, IEnumerable<string[]> rows)
{
    var lines = rows.ToList();
    if (lines.Count == 0)
    {
        Console.WriteLine("  (none)");
        return;
    }

    var widths = headers.Select((h, i) => Math.Max(h.Length, lines.Max(row => row[i].Length))).ToArray();
    Console.WriteLine("  " + string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
    Console.WriteLine("  " + string.Join("  ", widths.Select(w => new string('-', w))));
    foreach (var row in lines)
    {
        Console.WriteLine("  " + string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
    }
}

// "AutoExtendChanged" -> "Auto extend changed"
static string Words(string pascalCase)
{
    var text = new StringBuilder();
    foreach (var c in pascalCase)
    {
        if (char.IsUpper(c) && text.Length > 0)
        {
            text.Append(' ').Append(char.ToLowerInvariant(c));
        }
        else
        {
            text.Append(c);
        }
    }

    return text.ToString();
}
