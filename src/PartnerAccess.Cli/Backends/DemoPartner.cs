using System.Globalization;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Cli.Backends;

/// <summary>
/// The embedded demo: a managed service provider with 50 customers, built by replaying two years of its history on
/// the in-memory GDAP service with a simulated clock. A fixed seed and start instant make every run identical.
/// </summary>
/// <remarks>
/// Every relationship went through the real state machine (create, lock, approve, activate, assign, expire,
/// auto-extend, terminate), so the audit trail is the service's own. The mix covers each state a partner meets:
/// drafts, approvals waiting, active ones with assignments, some expiring soon, auto-extending ones, Global
/// Administrator holders, reseller requests, expired and terminated ones.
/// </remarks>
internal static partial class DemoPartner
{
    /// <summary>The demo's "now"; the clock stays there.</summary>
    public static readonly Instant Now = Instant.FromUtc(2025, 11, 3, 9, 0);

    public const int Seed = 20251103;

    public const string PartnerTenantId = "6d2c4b1e-8f3a-4c57-9e21-0a7b5d3f9c48";

    public const string PartnerName = "Northwind IT Services";

    /// <summary>The indirect provider that created the reseller relationships.</summary>
    public const string IndirectProviderTenantId = "3b9e7f21-5c4d-4a86-b0e3-7d1f2a6c8e95";

    public static readonly PartnerGroup HelpdeskAgents = new("0c1a5e3d-2b4f-4d68-9a7c-1e3f5b7d9a01", "Helpdesk agents",
        [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator]);

    public static readonly PartnerGroup ExchangeEngineers = new("1d2b6f4e-3c5a-4e79-8b8d-2f4a6c8e0b12", "Exchange engineers",
        [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.ExchangeRecipientAdministrator]);

    public static readonly PartnerGroup SecurityOperations = new("2e3c7a5f-4d6b-4f8a-9c9e-3a5b7d9f1c23", "Security operations",
        [WellKnownRoles.SecurityAdministrator, WellKnownRoles.SecurityReader]);

    public static readonly PartnerGroup WorkplaceEngineers = new("3f4d8b6a-5e7c-4a9b-8dae-4b6c8e0a2d34", "Modern workplace engineers",
        [WellKnownRoles.IntuneAdministrator, WellKnownRoles.TeamsAdministrator, WellKnownRoles.SharePointAdministrator]);

    public static readonly PartnerGroup AccountManagers = new("4a5e9c7b-6f8d-4bac-9ebf-5c7d9f1b3e45", "Account managers",
        [WellKnownRoles.LicenseAdministrator, WellKnownRoles.UserAdministrator]);

    public static readonly PartnerGroup Auditors = new("5b6f0d8c-7a9e-4cbd-8fc0-6d8e0a2c4f56", "Read-only auditors",
        [WellKnownRoles.GlobalReader, WellKnownRoles.DirectoryReaders]);

    public static readonly PartnerGroup EscalationEngineers = new("6c7a1e9d-8baf-4dce-9ad1-7e9f1b3d5a67", "Escalation engineers",
        [WellKnownRoles.GlobalAdministrator]);

    public static IReadOnlyList<PartnerGroup> Groups { get; } =
        [HelpdeskAgents, ExchangeEngineers, SecurityOperations, WorkplaceEngineers, AccountManagers, Auditors, EscalationEngineers];

    private static readonly (string Name, RoleGrant[] Roles)[] Bundles =
    [
        ("Helpdesk", [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ServiceSupportAdministrator, WellKnownRoles.GlobalReader]),
        ("Exchange", [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.ExchangeRecipientAdministrator, WellKnownRoles.GlobalReader]),
        ("Security", [WellKnownRoles.SecurityAdministrator, WellKnownRoles.SecurityReader, WellKnownRoles.GlobalReader]),
        ("Modern workplace", [WellKnownRoles.IntuneAdministrator, WellKnownRoles.TeamsAdministrator, WellKnownRoles.SharePointAdministrator, WellKnownRoles.UserAdministrator]),
        ("Licensing", [WellKnownRoles.LicenseAdministrator, WellKnownRoles.UserAdministrator, WellKnownRoles.DirectoryReaders]),
    ];

    private static readonly string[] CustomerNames =
    [
        "Contoso", "Fabrikam", "Adventure Works", "Tailspin Toys", "Wide World Importers", "Woodgrove Bank", "Litware",
        "Proseware", "Fourth Coffee", "Alpine Ski House", "Blue Yonder Airlines", "Coho Winery", "Consolidated Messenger",
        "Graphic Design Institute", "Humongous Insurance", "Lucerne Publishing", "Margie's Travel", "Nod Publishers",
        "Relecloud", "School of Fine Art", "Southridge Video", "Trey Research", "Wingtip Toys", "VanArsdel",
        "Lamna Healthcare", "Bellows College", "Best For You Organics", "A. Datum", "Tailwind Traders", "City Power & Light",
        "First Up Consultants", "Liberty's Delightful Sinful Bakery", "Munson's Pickles", "Northwind Traders", "Olympia Dental",
        "Contoso Pharmaceuticals", "Fabrikam Residences", "Woodgrove Credit Union", "Adatum Logistics", "Trey Energy",
        "Relecloud Studios", "Proseware Labs", "Coho Vineyard", "Alpine Outfitters", "Blue Yonder Freight", "Fourth Street Cafe",
        "Litware Health", "Lucerne Legal", "Wingtip Sports", "Tailspin Aviation",
    ];

    private static readonly Scenario[] Mix =
    [
        .. Enumerable.Repeat(Scenario.Draft, 3),
        .. Enumerable.Repeat(Scenario.PendingApproval, 5),
        .. Enumerable.Repeat(Scenario.Reseller, 2),
        Scenario.Activating,
        .. Enumerable.Repeat(Scenario.Active, 16),
        .. Enumerable.Repeat(Scenario.ExpiringSoon, 7),
        .. Enumerable.Repeat(Scenario.AutoExtending, 6),
        .. Enumerable.Repeat(Scenario.GlobalAdministrator, 3),
        .. Enumerable.Repeat(Scenario.Expired, 4),
        .. Enumerable.Repeat(Scenario.Terminated, 3),
    ];

    private static readonly (string Name, string Upn, PartnerGroup Group)[] Staff =
    [
        ("Alex Wilber", "alex.wilber", HelpdeskAgents),
        ("Megan Bowen", "megan.bowen", HelpdeskAgents),
        ("Lee Gu", "lee.gu", ExchangeEngineers),
        ("Grady Archie", "grady.archie", WorkplaceEngineers),
        ("Isaiah Langer", "isaiah.langer", SecurityOperations),
        ("Pradeep Gupta", "pradeep.gupta", AccountManagers),
        ("Johanna Lorenz", "johanna.lorenz", EscalationEngineers),
    ];

    private enum Scenario
    {
        Draft,
        PendingApproval,
        Reseller,
        Activating,
        Active,
        ExpiringSoon,
        AutoExtending,
        GlobalAdministrator,
        Expired,
        Terminated,
    }

    /// <summary>The demo customers, in seeding order.</summary>
    public static IReadOnlyList<CustomerParticipant> Customers { get; } = BuildCustomers();

    /// <summary>Builds the demo partner on a fresh simulator.</summary>
    /// <returns>The client; its clock stands at <see cref="Now"/>.</returns>
    public static InMemoryPartnerAccessClient Create()
    {
        var clock = new DemoClock(Now - Duration.FromDays(1000));
        var ids = new Random(Seed);
        var simulator = new GdapSimulator(clock, new GdapSimulatorOptions
        {
            PartnerTenantId = PartnerTenantId,
            ActivationDelay = Duration.FromMinutes(10),
            IdGenerator = () => NextGuid(ids),
        });

        var random = new Random(Seed + 1);
        var timeline = new Timeline();
        for (var i = 0; i < Customers.Count; i++)
        {
            Plan(timeline, simulator, Customers[i], Mix[i], i, random);
        }

        SeedPendingReplacement(timeline, simulator);
        timeline.Run(clock);
        simulator.AddSignIns(SignIns(simulator, random));
        clock.MoveTo(Now);
        return new InMemoryPartnerAccessClient(simulator);
    }

    /// <summary>
    /// The demo partner's Entra groups: each group with its staff as members, except that "Escalation engineers" was
    /// deleted (its Global Administrator assignments now reach nobody: "access container does not exist") and
    /// "Read-only auditors" has no members.
    /// </summary>
    /// <param name="clock">The demo's clock.</param>
    /// <returns>The groups, as IPartnerGroups sees them.</returns>
    public static InMemoryPartnerGroups CreateGroups(TimeProvider clock)
    {
        var directory = new PartnerGroupDirectory(clock);
        foreach (var group in Groups.Where(g => g != EscalationEngineers))
        {
            directory.Add(group.Name, group.Id, $"GDAP: {string.Join(", ", group.Roles.Select(r => r.Name))}");
            foreach (var person in Staff.Where(s => s.Group == group))
            {
                directory.AddMember(group.Id, person.Name, $"{person.Upn}@northwind-it.example", MemberId(person.Upn));
            }
        }

        return new InMemoryPartnerGroups(directory);
    }

    /// <summary>The customer the partner offboarded: assignments removed, then its relationship terminated.</summary>
    public static CustomerParticipant OffboardedCustomer => Customers[Array.LastIndexOf(Mix, Scenario.Terminated) - 1];

    /// <summary>The names of the demo's partner security groups.</summary>
    public static IReadOnlyDictionary<string, string> GroupNames { get; } =
        Groups.ToDictionary(g => g.Id, g => g.Name, StringComparer.OrdinalIgnoreCase);

    private static List<CustomerParticipant> BuildCustomers()
    {
        var random = new Random(Seed - 1);
        return CustomerNames.Select(name => new CustomerParticipant(NextGuid(random).ToString("D"), name)).ToList();
    }

    private static void Plan(Timeline timeline, GdapSimulator simulator, CustomerParticipant customer, Scenario scenario, int index, Random random)
    {
        var bundle = Bundles[index % Bundles.Length];
        var name = ShortName(customer, bundle.Name);
        switch (scenario)
        {
            case Scenario.Draft:
                Create(timeline, simulator, Now - Days(random.Next(1, 10)), Request(name, customer, bundle.Roles, 365));
                break;

            case Scenario.PendingApproval:
            {
                var created = Now - Days(random.Next(2, 60)) - Duration.FromHours(random.Next(0, 8));
                var relationship = Create(timeline, simulator, created, Request(name, customer, bundle.Roles, 730));
                timeline.At(created + Duration.FromMinutes(15), () => simulator.CreateRequest(relationship.Id, RelationshipRequestAction.LockForApproval));
                break;
            }

            case Scenario.Reseller:
            {
                var created = Now - Days(random.Next(1, 20));
                var holder = new SeededRelationship();
                timeline.At(created, () => holder.Id = simulator.CreateResellerRelationship(
                    Request(ShortName(customer, "Indirect support"), customer, [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.GlobalReader], 730),
                    IndirectProviderTenantId).Id);
                break;
            }

            case Scenario.Activating:
            {
                var relationship = Create(timeline, simulator, Now - Days(2), Request(name, customer, bundle.Roles, 730));
                timeline.At(Now - Days(2) + Duration.FromMinutes(15), () => simulator.CreateRequest(relationship.Id, RelationshipRequestAction.LockForApproval));
                timeline.At(Now - Duration.FromMinutes(3), () => simulator.Approve(relationship.Id));
                break;
            }

            case Scenario.Active:
            {
                var length = random.Next(2) == 0 ? 365 : 730;
                var activatedAgo = random.Next(10, length - 45);
                var relationship = Activate(timeline, simulator, Now - Days(activatedAgo), Request(name, customer, bundle.Roles, length));
                Assign(timeline, simulator, relationship, Now - Days(activatedAgo) + Duration.FromHours(2), bundle.Roles, random, retire: index % 5 == 0);
                if (index % 4 == 0)
                {
                    // An earlier relationship with the same customer that ran out before this one started.
                    var earlier = Request(ShortName(customer, bundle.Name + " (previous)"), customer, bundle.Roles, 180);
                    var earlierStart = Now - Days(activatedAgo + 200);
                    var old = Activate(timeline, simulator, earlierStart, earlier);
                    Assign(timeline, simulator, old, earlierStart + Duration.FromHours(2), bundle.Roles, random, retire: false);
                }

                break;
            }

            case Scenario.ExpiringSoon:
            {
                int[] lengths = [90, 180, 365];
                var length = lengths[random.Next(lengths.Length)];
                var left = index % 3 == 0 ? random.Next(2, 7) : random.Next(8, 29);
                var relationship = Activate(timeline, simulator, Now - Days(length - left) - Duration.FromHours(random.Next(1, 20)), Request(name, customer, bundle.Roles, length));
                Assign(timeline, simulator, relationship, Now - Days(length - left) + Duration.FromHours(3), bundle.Roles, random, retire: false);
                break;
            }

            case Scenario.AutoExtending:
            {
                var roles = bundle.Roles;
                var request = Request(name, customer, roles, 180) with { AutoExtendDuration = GdapDurations.AutoExtendPeriod };
                var activatedAgo = random.Next(30, 420);
                var relationship = Activate(timeline, simulator, Now - Days(activatedAgo), request);
                Assign(timeline, simulator, relationship, Now - Days(activatedAgo) + Duration.FromHours(2), roles, random, retire: false);
                break;
            }

            case Scenario.GlobalAdministrator:
            {
                var roles = new[] { WellKnownRoles.GlobalAdministrator, WellKnownRoles.GlobalReader };
                var length = index % 2 == 0 ? 60 : 730;
                var activatedAgo = length == 60 ? 47 : random.Next(30, 300);
                var relationship = Activate(timeline, simulator, Now - Days(activatedAgo), Request(ShortName(customer, "Full administration"), customer, roles, length));
                Assign(timeline, simulator, relationship, Now - Days(activatedAgo) + Duration.FromHours(1), roles, random, retire: false);
                break;
            }

            case Scenario.Expired:
            {
                var length = index % 2 == 0 ? 90 : 180;
                var endedAgo = random.Next(5, 200);
                var relationship = Activate(timeline, simulator, Now - Days(length + endedAgo), Request(name, customer, bundle.Roles, length));
                Assign(timeline, simulator, relationship, Now - Days(length + endedAgo) + Duration.FromHours(2), bundle.Roles, random, retire: false);
                break;
            }

            case Scenario.Terminated:
            {
                var activatedAgo = random.Next(120, 400);
                var terminatedAgo = random.Next(3, 100);
                var relationship = Activate(timeline, simulator, Now - Days(activatedAgo), Request(name, customer, bundle.Roles, 730));
                Assign(timeline, simulator, relationship, Now - Days(activatedAgo) + Duration.FromHours(2), bundle.Roles, random, retire: false);
                var byCustomer = index % 2 == 1;
                timeline.At(Now - Days(terminatedAgo), () =>
                {
                    if (byCustomer)
                    {
                        simulator.TerminateByCustomer(relationship.Id);
                    }
                    else
                    {
                        // Offboarded by the partner: access removed first, then the relationship ended.
                        foreach (var live in simulator.ListAccessAssignments(relationship.Id).Where(a => a.Status == AccessAssignmentStatus.Active))
                        {
                            simulator.DeleteAccessAssignment(relationship.Id, live.Id, live.ETag);
                        }

                        simulator.CreateRequest(relationship.Id, RelationshipRequestAction.Terminate);
                    }
                });
                break;
            }
        }
    }

    private static SeededRelationship Create(Timeline timeline, GdapSimulator simulator, Instant at, CreateRelationshipRequest request)
    {
        var holder = new SeededRelationship();
        timeline.At(at, () => holder.Id = simulator.CreateRelationship(request).Id);
        return holder;
    }

    /// <summary>Creates, locks and approves so that the relationship is active at <paramref name="activeFrom"/>.</summary>
    private static SeededRelationship Activate(Timeline timeline, GdapSimulator simulator, Instant activeFrom, CreateRelationshipRequest request)
    {
        var approvedAt = activeFrom - simulator.Options.ActivationDelay;
        var created = approvedAt - Duration.FromDays(2) - Duration.FromHours(5);
        var relationship = Create(timeline, simulator, created, request);
        timeline.At(created + Duration.FromMinutes(20), () => simulator.CreateRequest(relationship.Id, RelationshipRequestAction.LockForApproval));
        timeline.At(approvedAt, () => simulator.Approve(relationship.Id));
        return relationship;
    }

    /// <summary>Gives each partner group the roles of its job that the relationship holds; some roles stay unassigned.</summary>
    private static void Assign(Timeline timeline, GdapSimulator simulator, SeededRelationship relationship, Instant at, IReadOnlyList<RoleGrant> roles, Random random, bool retire)
    {
        var step = 0;
        foreach (var group in Groups)
        {
            var granted = group.Roles.Where(r => roles.Contains(r)).ToList();
            if (granted.Count == 0 || (group == Auditors && random.Next(3) == 0))
            {
                continue;
            }

            var when = at + Duration.FromMinutes(5 * step++);
            var assignment = new SeededRelationship();
            timeline.At(when, () => assignment.Id = simulator.CreateAccessAssignment(relationship.Id, new CreateAccessAssignmentRequest
            {
                SecurityGroupId = group.Id,
                Roles = granted,
            }).Id);

            if (retire && group == HelpdeskAgents)
            {
                // The helpdesk moved to another provider: its assignment was removed a week later.
                timeline.At(when + Days(7), () =>
                {
                    var current = simulator.GetAccessAssignment(relationship.Id, assignment.Id);
                    simulator.DeleteAccessAssignment(relationship.Id, assignment.Id, current.ETag);
                });
            }
            else if (granted.Count > 1 && random.Next(4) == 0)
            {
                // Narrowed to one role after a review.
                timeline.At(when + Days(random.Next(3, 9)), () =>
                {
                    var current = simulator.GetAccessAssignment(relationship.Id, assignment.Id);
                    if (current.Status == AccessAssignmentStatus.Active)
                    {
                        simulator.UpdateAccessAssignment(relationship.Id, assignment.Id, current.ETag, [granted[0]]);
                    }
                });
            }
        }
    }

    /// <summary>Partner staff signing in to customer tenants over the last 60 days, as Entra would log them.</summary>
    private static List<AuditRecord> SignIns(GdapSimulator simulator, Random random)
    {
        var records = new List<AuditRecord>();
        var active = simulator.ListRelationships()
            .Where(r => r.Status == RelationshipStatus.Active && r.Customer is not null)
            .OrderBy(r => r.CreatedAt)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var toolIndex = 0;
        foreach (var relationship in active)
        {
            var groups = simulator.ListAccessAssignments(relationship.Id)
                .Where(a => a.Status == AccessAssignmentStatus.Active)
                .Select(a => a.SecurityGroupId)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var person in Staff.Where(s => groups.Contains(s.Group.Id)))
            {
                if (random.Next(3) == 0)
                {
                    continue;
                }

                var count = random.Next(1, 6);
                for (var n = 0; n < count; n++)
                {
                    var tool = ToolsFor(person.Group)[toolIndex++ % ToolsFor(person.Group).Length];
                    var at = Now - Days(random.Next(0, 60)) - Duration.FromMinutes(random.Next(0, 24 * 60));
                    var failed = random.Next(12) == 0;
                    var upn = $"{person.Upn}@northwind-it.example";
                    records.Add(new AuditRecord
                    {
                        Id = NextGuid(random).ToString("D"),
                        OccurredAt = at,
                        Kind = AuditRecordKind.PartnerSignIn,
                        Actor = new AuditActor(AuditActorKind.Partner, upn, person.Name),
                        Source = AuditSource.SignInLog,
                        CustomerTenantId = relationship.Customer!.TenantId,
                        PartnerTenantId = PartnerTenantId,
                        Summary = failed
                            ? $"{person.Name} could not sign in to {tool.App}: multi-factor authentication was required."
                            : $"{person.Name} signed in to {tool.App}.",
                        SignIn = new SignInDetails
                        {
                            UserId = NextGuid(random).ToString("D"),
                            UserPrincipalName = upn,
                            UserDisplayName = person.Name,
                            AppId = tool.AppId,
                            AppDisplayName = tool.App,
                            ResourceDisplayName = tool.Resource,
                            IpAddress = string.Create(CultureInfo.InvariantCulture, $"203.0.113.{random.Next(2, 250)}"),
                            ErrorCode = failed ? 50076 : 0,
                            FailureReason = failed ? "Due to a configuration change made by your administrator, you must use multi-factor authentication." : null,
                        },
                    });
                }
            }
        }

        return records;
    }

    private static (string App, string AppId, string Resource)[] ToolsFor(PartnerGroup group) => group.Name switch
    {
        "Exchange engineers" => [("Exchange admin center", "00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online")],
        "Modern workplace engineers" => [("Microsoft Intune", "0000000a-0000-0000-c000-000000000000", "Microsoft Intune"), ("Microsoft Teams admin center", "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams")],
        _ => [("Azure Portal", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Windows Azure Service Management API")],
    };

    private static CreateRelationshipRequest Request(string displayName, CustomerParticipant customer, IReadOnlyList<RoleGrant> roles, int days) => new()
    {
        DisplayName = displayName,
        Duration = Duration.FromDays(days),
        Roles = roles,
        Customer = customer,
    };

    private static string ShortName(CustomerParticipant customer, string purpose)
    {
        var name = $"{customer.DisplayName} - {purpose}";
        return name.Length <= 50 ? name : name[..50].TrimEnd();
    }

    private static Duration Days(int days) => Duration.FromDays(days);

    private static string MemberId(string upn)
    {
        var random = new Random(Seed ^ upn.Length ^ upn[0]);
        return NextGuid(random).ToString("D");
    }

    private static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>A relationship (or assignment) id known only once its seeding step has run.</summary>
    private sealed class SeededRelationship
    {
        public string Id { get; set; } = string.Empty;
    }

    /// <summary>Seeding steps, run in time order with the clock moved to each step's instant.</summary>
    private sealed class Timeline
    {
        private readonly List<(Instant At, int Order, Action Step)> _steps = [];

        public void At(Instant at, Action step) => _steps.Add((at, _steps.Count, step));

        public void Run(DemoClock clock)
        {
            foreach (var (at, _, step) in _steps.OrderBy(s => s.At).ThenBy(s => s.Order))
            {
                clock.MoveTo(at);
                step();
            }
        }
    }
}

/// <summary>A partner security group of the demo, and the roles its job needs.</summary>
/// <param name="Id">The group's object id.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Roles">The roles its members use.</param>
internal sealed record PartnerGroup(string Id, string Name, IReadOnlyList<RoleGrant> Roles);
