using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Audit;

/// <summary>
/// Compares two snapshots of the relationship list and writes what changed as audit records with
/// <see cref="AuditSource.Snapshot"/>: new and removed relationships, locks, approvals, activations, expiries,
/// terminations, auto-extensions, role changes, auto-extend switches, changes to created relationships and, when both
/// snapshots hold them, access assignment changes.
/// </summary>
/// <remarks>
/// A snapshot cannot see exactly when something happened. Each record is dated with the service's own timestamp when
/// one fits (created, activated, end date, last modified) and otherwise with the later snapshot; its details carry
/// <c>snapshot.previousAt</c> and <c>snapshot.currentAt</c>, the span in which it happened. A status that passed
/// through several steps between the snapshots yields one record per step it passed.
/// </remarks>
public static class SnapshotDiffer
{
    /// <summary>The detail key holding the earlier snapshot's instant.</summary>
    public const string PreviousAtKey = "snapshot.previousAt";

    /// <summary>The detail key holding the later snapshot's instant.</summary>
    public const string CurrentAtKey = "snapshot.currentAt";

    /// <summary>Compares two snapshots.</summary>
    /// <param name="previous">The earlier snapshot; <see langword="null"/> treats every relationship as new.</param>
    /// <param name="current">The later snapshot.</param>
    /// <param name="partnerTenantId">The partner's tenant id, stamped on each record; optional.</param>
    /// <returns>The changes, ordered by time, relationship and kind.</returns>
    public static IReadOnlyList<AuditRecord> Diff(RelationshipSnapshot? previous, RelationshipSnapshot current, string? partnerTenantId = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        var context = new Context(previous?.TakenAt, current.TakenAt, partnerTenantId);
        var before = (previous?.Relationships ?? []).ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
        var after = current.Relationships.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
        var records = new List<AuditRecord>();
        foreach (var (id, now) in after)
        {
            before.TryGetValue(id, out var then);
            DiffRelationship(context, then, now, records);
            if (current.Assignments is { } currentAssignments && (previous is null || previous.Assignments is not null))
            {
                var oldAssignments = then is null ? [] : previous?.Assignments?.GetValueOrDefault(id) ?? [];
                var newAssignments = currentAssignments.GetValueOrDefault(id) ?? [];
                DiffAssignments(context, now, oldAssignments, newAssignments, records);
            }
        }

        foreach (var (id, then) in before)
        {
            if (!after.ContainsKey(id))
            {
                var deleted = then.Status == RelationshipStatus.Created;
                records.Add(context.Record(then, deleted ? AuditRecordKind.RelationshipDeleted : AuditRecordKind.CleanedUp,
                    current.TakenAt, deleted ? Partner(context) : AuditActor.System,
                    deleted ? "Deleted while created" : "Removed by the service (no longer listed)",
                    "gone", new() { ["status.before"] = GraphNames.ToGraphName(then.Status) }));
            }
        }

        return records
            .OrderBy(r => r.OccurredAt)
            .ThenBy(r => r.RelationshipId, StringComparer.Ordinal)
            .ThenBy(r => r.Kind)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static void DiffRelationship(Context context, Relationship? then, Relationship now, List<AuditRecord> records)
    {
        if (then is null)
        {
            records.Add(context.Record(now, AuditRecordKind.RelationshipCreated, Known(now.CreatedAt) ?? context.CurrentAt, Partner(context),
                $"Relationship \"{now.DisplayName}\" created", "created", Status(null, now)));
        }

        var thenStatus = then?.Status ?? RelationshipStatus.Created;
        var thenActivated = then?.ActivatedAt is not null;
        DiffStatus(context, thenStatus, thenActivated, now, records);
        if (then is null)
        {
            return;
        }

        if (then.Status is RelationshipStatus.Created && now.Status is RelationshipStatus.Created or RelationshipStatus.ApprovalPending)
        {
            DiffDraft(context, then, now, records);
        }

        if (!GdapRules.SameRoles(then.Roles, now.Roles))
        {
            var added = now.Roles.Where(r => !then.Roles.Contains(r)).ToList();
            var removed = then.Roles.Where(r => !now.Roles.Contains(r)).ToList();
            var details = new Dictionary<string, string>
            {
                ["roles.added"] = Names(added),
                ["roles.removed"] = Names(removed),
                ["roles.after"] = string.Join(";", now.Roles.Select(r => r.RoleDefinitionId)),
            };
            records.Add(context.Record(now, AuditRecordKind.RolesChanged, Known(now.LastModifiedAt) ?? context.CurrentAt, new AuditActor(AuditActorKind.Unknown),
                $"Roles changed: {Describe(added, removed)}", "roles:" + Hash(details["roles.after"]), details));
        }

        if (then.Window.AutoExtendDuration != now.Window.AutoExtendDuration)
        {
            var details = new Dictionary<string, string>
            {
                ["autoExtend.before"] = GdapDurations.Format(then.Window.AutoExtendDuration),
                ["autoExtend.after"] = GdapDurations.Format(now.Window.AutoExtendDuration),
            };
            var at = Known(now.LastModifiedAt) ?? context.CurrentAt;
            records.Add(context.Record(now, AuditRecordKind.AutoExtendChanged, at, Partner(context),
                now.Window.AutoExtends ? "Auto-extend switched on" : "Auto-extend switched off",
                "autoExtend:" + details["autoExtend.after"] + "@" + InstantText.Iso(at), details));
        }

        if (then.EndsAt is { } oldEnd && now.EndsAt is { } newEnd && newEnd > oldEnd && !now.Status.IsEnded() &&
            (then.Window.AutoExtends || now.Window.AutoExtends))
        {
            var period = now.Window.AutoExtends ? now.Window.AutoExtendDuration : then.Window.AutoExtendDuration;
            var steps = Math.Max(1, (int)Math.Round((newEnd - oldEnd).TotalDays / period.TotalDays));
            for (var i = 0; i < steps; i++)
            {
                var extendedAt = oldEnd + (period * i);
                var extendedTo = i == steps - 1 ? newEnd : oldEnd + (period * (i + 1));
                records.Add(context.Record(now, AuditRecordKind.AutoExtended, extendedAt, AuditActor.System,
                    $"Extended itself to {InstantText.ForPeople(extendedTo)}", "extended:" + InstantText.Iso(extendedTo),
                    new() { ["endsAt.before"] = InstantText.Iso(extendedAt), ["endsAt.after"] = InstantText.Iso(extendedTo) }));
            }
        }
    }

    private static void DiffStatus(Context context, RelationshipStatus thenStatus, bool thenActivated, Relationship now, List<AuditRecord> records)
    {
        var status = now.Status;
        if (thenStatus == status)
        {
            return;
        }

        var nowActivated = now.ActivatedAt is not null;
        var details = new Dictionary<string, string>
        {
            ["status.before"] = GraphNames.ToGraphName(thenStatus),
            ["status.after"] = GraphNames.ToGraphName(status),
        };
        var lastModified = Known(now.LastModifiedAt) ?? context.CurrentAt;

        if (IsLocked(status) && !IsLocked(thenStatus))
        {
            records.Add(context.Record(now, AuditRecordKind.LockedForApproval, status == RelationshipStatus.ApprovalPending ? lastModified : now.ActivatedAt ?? lastModified,
                Partner(context), "Locked for approval", "locked", details));
        }

        var rejected = now.IsResellerRelationship && thenStatus == RelationshipStatus.ApprovalPending && status == RelationshipStatus.Terminated && !nowActivated;
        if (rejected)
        {
            records.Add(context.Record(now, AuditRecordKind.Rejected, lastModified, new AuditActor(AuditActorKind.Reseller), "Rejected by the reseller", "rejected", details));
            return;
        }

        if (IsApproved(status, nowActivated) && !IsApproved(thenStatus, thenActivated))
        {
            var approver = new AuditActor(now.IsResellerRelationship ? AuditActorKind.Reseller : AuditActorKind.Customer, now.Customer?.TenantId, now.Customer?.DisplayName);
            var at = status == RelationshipStatus.Approved ? lastModified : now.ActivatedAt ?? context.CurrentAt;
            records.Add(context.Record(now, AuditRecordKind.Approved, at, approver, "Approved", "approved", details));
        }

        if (nowActivated && IsActivated(status) && !(thenActivated && IsActivated(thenStatus)))
        {
            records.Add(context.Record(now, AuditRecordKind.Activated, now.ActivatedAt!.Value, AuditActor.System,
                $"Access became active until {(now.EndsAt is { } end ? InstantText.ForPeople(end) : "an unknown date")}", "activated", details));
        }

        if (status is RelationshipStatus.TerminationRequested or RelationshipStatus.Terminating or RelationshipStatus.Terminated &&
            thenStatus is not (RelationshipStatus.TerminationRequested or RelationshipStatus.Terminating or RelationshipStatus.Terminated))
        {
            records.Add(context.Record(now, AuditRecordKind.TerminationRequested, lastModified, new AuditActor(AuditActorKind.Unknown), "Termination requested", "terminationRequested", details));
        }

        if (status == RelationshipStatus.Terminated && thenStatus != RelationshipStatus.Terminated)
        {
            records.Add(context.Record(now, AuditRecordKind.Terminated, lastModified, AuditActor.System, "Terminated; access removed", "terminated", details));
        }

        if (status is RelationshipStatus.Expiring or RelationshipStatus.Expired && thenStatus is not (RelationshipStatus.Expiring or RelationshipStatus.Expired))
        {
            records.Add(context.Record(now, AuditRecordKind.Expired, now.EndsAt ?? lastModified, AuditActor.System, "Expired; access removed", "expired", details));
        }
    }

    private static void DiffDraft(Context context, Relationship then, Relationship now, List<AuditRecord> records)
    {
        var details = new Dictionary<string, string>();
        if (then.DisplayName != now.DisplayName)
        {
            details["displayName.before"] = then.DisplayName;
            details["displayName.after"] = now.DisplayName;
        }

        if (then.Window.Length != now.Window.Length)
        {
            details["duration.before"] = GdapDurations.Format(then.Window.Length);
            details["duration.after"] = GdapDurations.Format(now.Window.Length);
        }

        if (!string.Equals(then.Customer?.TenantId, now.Customer?.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            details["customer.before"] = then.Customer?.TenantId ?? string.Empty;
            details["customer.after"] = now.Customer?.TenantId ?? string.Empty;
        }

        if (details.Count > 0)
        {
            var at = now.Status == RelationshipStatus.Created ? Known(now.LastModifiedAt) ?? context.CurrentAt : context.CurrentAt;
            records.Add(context.Record(now, AuditRecordKind.RelationshipUpdated, at, Partner(context),
                "Changed while created: " + string.Join(", ", details.Keys.Where(k => k.EndsWith(".after", StringComparison.Ordinal)).Select(k => k[..^6])),
                "updated:" + Hash(string.Join("|", details.Select(d => d.Key + "=" + d.Value))), details));
        }
    }

    private static void DiffAssignments(Context context, Relationship relationship, IReadOnlyList<AccessAssignment> before, IReadOnlyList<AccessAssignment> after, List<AuditRecord> records)
    {
        var old = before.ToDictionary(a => a.Id, StringComparer.OrdinalIgnoreCase);
        var current = after.ToDictionary(a => a.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var (id, now) in current)
        {
            var gone = now.Status is AccessAssignmentStatus.Deleting or AccessAssignmentStatus.Deleted;
            if (!old.TryGetValue(id, out var then))
            {
                records.Add(context.Assignment(relationship, now, AuditRecordKind.AssignmentCreated, Known(now.CreatedAt) ?? context.CurrentAt, Partner(context),
                    $"Security group {now.SecurityGroupId} given {Names(now.Roles)}", "created", AssignmentDetails(null, now)));
                if (gone)
                {
                    records.Add(context.Assignment(relationship, now, AuditRecordKind.AssignmentDeleted, Known(now.LastModifiedAt) ?? context.CurrentAt, new AuditActor(AuditActorKind.Unknown),
                        $"Access assignment of security group {now.SecurityGroupId} removed", "deleted", AssignmentDetails(null, now)));
                }

                continue;
            }

            var wasGone = then.Status is AccessAssignmentStatus.Deleting or AccessAssignmentStatus.Deleted;
            if (gone && !wasGone)
            {
                records.Add(context.Assignment(relationship, now, AuditRecordKind.AssignmentDeleted, Known(now.LastModifiedAt) ?? context.CurrentAt, new AuditActor(AuditActorKind.Unknown),
                    $"Access assignment of security group {now.SecurityGroupId} removed", "deleted", AssignmentDetails(then, now)));
                continue;
            }

            var rolesChanged = !GdapRules.SameRoles(then.Roles, now.Roles);
            if (rolesChanged || (then.Status != now.Status && !gone))
            {
                var details = AssignmentDetails(then, now);
                var summary = rolesChanged
                    ? $"Security group {now.SecurityGroupId} roles changed: {Describe(now.Roles.Where(r => !then.Roles.Contains(r)).ToList(), then.Roles.Where(r => !now.Roles.Contains(r)).ToList())}"
                    : $"Access assignment of security group {now.SecurityGroupId} is now {GraphNames.ToGraphName(now.Status)}";
                records.Add(context.Assignment(relationship, now, AuditRecordKind.AssignmentUpdated, Known(now.LastModifiedAt) ?? context.CurrentAt, new AuditActor(AuditActorKind.Unknown),
                    summary, "updated:" + Hash(GraphNames.ToGraphName(now.Status) + "|" + string.Join(";", now.Roles.Select(r => r.RoleDefinitionId).Order())), details));
            }
        }

        foreach (var (id, then) in old)
        {
            if (!current.ContainsKey(id) && then.Status != AccessAssignmentStatus.Deleted)
            {
                records.Add(context.Assignment(relationship, then, AuditRecordKind.AssignmentDeleted, context.CurrentAt, new AuditActor(AuditActorKind.Unknown),
                    $"Access assignment of security group {then.SecurityGroupId} removed (no longer listed)", "deleted", AssignmentDetails(then, null)));
            }
        }
    }

    private static Dictionary<string, string> AssignmentDetails(AccessAssignment? then, AccessAssignment? now)
    {
        var details = new Dictionary<string, string>();
        var any = now ?? then!;
        details["securityGroupId"] = any.SecurityGroupId;
        if (then is not null)
        {
            details["status.before"] = GraphNames.ToGraphName(then.Status);
            details["roles.before"] = string.Join(";", then.Roles.Select(r => r.RoleDefinitionId));
        }

        if (now is not null)
        {
            details["status.after"] = GraphNames.ToGraphName(now.Status);
            details["roles.after"] = string.Join(";", now.Roles.Select(r => r.RoleDefinitionId));
        }

        return details;
    }

    private static bool IsLocked(RelationshipStatus status) => status is not (RelationshipStatus.Created or RelationshipStatus.Unknown);

    private static bool IsApproved(RelationshipStatus status, bool activated) =>
        status is RelationshipStatus.Approved or RelationshipStatus.Activating or RelationshipStatus.Active || (status.IsEnded() && activated);

    private static bool IsActivated(RelationshipStatus status) => status == RelationshipStatus.Active || status.IsEnded();

    private static Dictionary<string, string> Status(Relationship? then, Relationship now) => new()
    {
        ["status.before"] = then is null ? string.Empty : GraphNames.ToGraphName(then.Status),
        ["status.after"] = GraphNames.ToGraphName(now.Status),
    };

    private static Instant? Known(Instant instant) => instant == default ? null : instant;

    private static AuditActor Partner(Context context) => new(AuditActorKind.Partner, context.PartnerTenantId);

    private static string Names(IEnumerable<RoleGrant> roles) => string.Join(", ", roles.Select(r => r.Name));

    private static string Describe(IReadOnlyList<RoleGrant> added, IReadOnlyList<RoleGrant> removed)
    {
        var parts = new List<string>();
        if (added.Count > 0)
        {
            parts.Add("added " + Names(added));
        }

        if (removed.Count > 0)
        {
            parts.Add("removed " + Names(removed));
        }

        return string.Join("; ", parts);
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12].ToLowerInvariant();

    private sealed record Context(Instant? PreviousAt, Instant CurrentAt, string? PartnerTenantId)
    {
        public AuditRecord Record(Relationship relationship, AuditRecordKind kind, Instant occurredAt, AuditActor actor, string summary, string discriminator, Dictionary<string, string> details) =>
            Build(relationship, null, kind, occurredAt, actor, summary, discriminator, details);

        public AuditRecord Assignment(Relationship relationship, AccessAssignment assignment, AuditRecordKind kind, Instant occurredAt, AuditActor actor, string summary, string discriminator, Dictionary<string, string> details) =>
            Build(relationship, assignment.Id, kind, occurredAt, actor, summary, discriminator, details);

        private AuditRecord Build(Relationship relationship, string? assignmentId, AuditRecordKind kind, Instant occurredAt, AuditActor actor, string summary, string discriminator, Dictionary<string, string> details)
        {
            var all = new Dictionary<string, string>(details);
            if (PreviousAt is { } previousAt)
            {
                all[PreviousAtKey] = InstantText.Iso(previousAt);
            }

            all[CurrentAtKey] = InstantText.Iso(CurrentAt);
            var id = string.Join(':', "snapshot", relationship.Id, assignmentId ?? "-", kind.ToString(), discriminator);
            return new AuditRecord
            {
                Id = id,
                OccurredAt = occurredAt,
                Kind = kind,
                Actor = actor,
                Source = AuditSource.Snapshot,
                RelationshipId = relationship.Id,
                AccessAssignmentId = assignmentId,
                CustomerTenantId = relationship.Customer?.TenantId,
                PartnerTenantId = PartnerTenantId,
                Summary = summary,
                Details = all,
            };
        }
    }

}
