using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Cli.Backends;

/// <summary>The demo's role change by replacement (docs/lifecycle.md).</summary>
internal static partial class DemoPartner
{
    /// <summary>The customer whose "Security operations" relationship is being replaced.</summary>
    public static CustomerParticipant ReplacementCustomer => Customers[11];

    /// <summary>The starter template the replacement serves.</summary>
    public const string ReplacementTemplate = "Security operations";

    /// <summary>When the replacement was locked for approval; the customer has 90 days from then.</summary>
    public static Instant ReplacementLockedAt => Now - Days(12) + Duration.FromMinutes(20);

    /// <summary>
    /// Coho Winery was onboarded with "Security operations" when the tier held Security Reader only. The tier has since
    /// gained Security Operator; an active relationship cannot grow, so a replacement with both roles (the pair's
    /// generation 2) was requested twelve days ago and awaits the customer's approval, while the first one keeps serving.
    /// </summary>
    private static void SeedPendingReplacement(Timeline timeline, GdapSimulator simulator)
    {
        var customer = ReplacementCustomer;
        var request = new CreateRelationshipRequest
        {
            DisplayName = RelationshipNames.Derive(customer, ReplacementTemplate),
            Duration = Days(730),
            AutoExtendDuration = GdapDurations.AutoExtendPeriod,
            Roles = [WellKnownRoles.SecurityReader],
            Customer = customer,
        };
        var activeFrom = Now - Days(240);
        var first = Activate(timeline, simulator, activeFrom, request);
        foreach (var (group, step) in new[] { (SecurityOperations, 0), (EscalationEngineers, 1) })
        {
            timeline.At(activeFrom + Duration.FromHours(1) + Duration.FromMinutes(5 * step), () => simulator.CreateAccessAssignment(first.Id, new CreateAccessAssignmentRequest
            {
                SecurityGroupId = group.Id,
                Roles = [WellKnownRoles.SecurityReader],
            }));
        }

        var replacement = Create(timeline, simulator, ReplacementLockedAt - Duration.FromMinutes(20), request with
        {
            DisplayName = RelationshipNames.Derive(customer, ReplacementTemplate, 2),
            Roles = StarterTemplates.Get(ReplacementTemplate).Roles,
        });
        timeline.At(ReplacementLockedAt, () => simulator.CreateRequest(replacement.Id, RelationshipRequestAction.LockForApproval));
    }
}
