using System.Globalization;
using NodaTime;
using NodaTime.Text;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.JustInTime;

namespace PartnerAccess.Sdk.JustInTime;

/// <summary>
/// Turns just-in-time requests into <see cref="AuditRecord"/>s: every elevation, early revocation and expiry, once per
/// customer the group reaches through GDAP, with the user, the group, the roles, the window, the justification and the ticket.
/// </summary>
public static class JustInTimeAudit
{
    private static readonly InstantPattern Iso = InstantPattern.ExtendedIso;

    /// <summary>The audit records a snapshot's request history implies, oldest first.</summary>
    /// <param name="snapshot">The snapshot; its <see cref="JustInTimeSnapshot.CapturedAt"/> decides which windows have closed.</param>
    /// <param name="partnerTenantId">The partner tenant, to stamp on each record; optional.</param>
    /// <returns>The records. Reading the same history twice gives the same ids.</returns>
    public static IReadOnlyList<AuditRecord> ToAuditRecords(JustInTimeSnapshot snapshot, string? partnerTenantId = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var now = snapshot.CapturedAt;
        var records = new List<AuditRecord>();
        var revocations = snapshot.Requests.Where(r => r.IsRevocation).ToList();
        foreach (var elevation in snapshot.Requests.Where(r => r.IsElevation))
        {
            var start = elevation.StartsAt ?? elevation.CreatedAt;
            var end = elevation.EndsAt!.Value;
            records.AddRange(Records(snapshot, elevation, AuditRecordKind.ElevationActivated, start, elevation, partnerTenantId,
                $"{elevation.PrincipalId} elevated into {{0}} until {Iso.Format(end)}"));

            var revoked = revocations.FirstOrDefault(r => Same(r, elevation) && r.CreatedAt >= start && r.CreatedAt < end);
            if (revoked is not null)
            {
                records.AddRange(Records(snapshot, revoked, AuditRecordKind.ElevationRevoked, revoked.CreatedAt, elevation, partnerTenantId,
                    $"{elevation.PrincipalId} lost {{0}} early"));
            }
            else if (end <= now)
            {
                records.AddRange(Records(snapshot, elevation, AuditRecordKind.ElevationExpired, end, elevation, partnerTenantId,
                    $"{elevation.PrincipalId}'s elevation into {{0}} ended by itself"));
            }
        }

        return records.OrderBy(r => r.OccurredAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    private static bool Same(JustInTimeRequest a, JustInTimeRequest b) =>
        string.Equals(a.GroupId, b.GroupId, StringComparison.OrdinalIgnoreCase) && string.Equals(a.PrincipalId, b.PrincipalId, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<AuditRecord> Records(
        JustInTimeSnapshot snapshot,
        JustInTimeRequest request,
        AuditRecordKind kind,
        Instant at,
        JustInTimeRequest elevation,
        string? partnerTenantId,
        string summary)
    {
        var reach = snapshot.ReachOf(elevation.GroupId);
        var actor = new AuditActor(AuditActorKind.Partner, kind == AuditRecordKind.ElevationExpired ? null : request.CreatedBy ?? elevation.PrincipalId);
        if (kind == AuditRecordKind.ElevationExpired)
        {
            actor = AuditActor.System;
        }

        var targets = reach.Count == 0 ? [null] : reach.Select(r => (GroupCustomerReach?)r).ToList();
        foreach (var target in targets)
        {
            var details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["groupId"] = elevation.GroupId,
                ["principalId"] = elevation.PrincipalId,
                ["action"] = request.Action.ToString(),
                ["windowStart"] = Iso.Format(elevation.StartsAt ?? elevation.CreatedAt),
                ["windowEnd"] = Iso.Format(elevation.EndsAt!.Value),
            };
            Add(details, "justification", elevation.Justification);
            Add(details, "ticketNumber", elevation.TicketNumber);
            Add(details, "ticketSystem", elevation.TicketSystem);
            if (kind == AuditRecordKind.ElevationRevoked)
            {
                Add(details, "revocationJustification", request.Justification);
            }

            if (target is not null)
            {
                details["roles"] = string.Join(", ", target.Roles.Select(r => r.Name));
                details["roleIds"] = string.Join(",", target.Roles.Select(r => r.RoleDefinitionId.ToString("D")));
            }

            var where = target is null ? $"group {elevation.GroupId}" : $"group {elevation.GroupId} ({target.CustomerName ?? target.CustomerTenantId}: {details["roles"]})";
            yield return new AuditRecord
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"jit:{kind}:{request.Id}:{target?.CustomerTenantId ?? "-"}"),
                OccurredAt = at,
                Kind = kind,
                Actor = actor,
                Source = AuditSource.Service,
                RelationshipId = target?.Relationship.Id,
                CustomerTenantId = target is null || target.CustomerTenantId.Length == 0 ? null : target.CustomerTenantId,
                PartnerTenantId = partnerTenantId,
                Summary = string.Format(CultureInfo.InvariantCulture, summary, where),
                Details = details,
            };
        }
    }

    private static void Add(Dictionary<string, string> details, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            details[key] = value;
        }
    }
}
