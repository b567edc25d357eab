using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Testing;

// The simulator's mutable bookkeeping around the immutable domain records. Only GdapSimulator touches these, under its lock.

/// <summary>Something the service moves forward on its own once a due instant passes.</summary>
internal abstract class TimedEntry
{
    /// <summary>The one pending transition of this entry, if any.</summary>
    public ScheduledTransition? Scheduled { get; set; }
}

/// <summary>A due instant on the simulator's timeline. Ties are broken by the order they were scheduled in.</summary>
internal sealed class ScheduledTransition(Instant dueAt, long sequence, TimedEntry owner)
{
    public Instant DueAt { get; } = dueAt;

    public long Sequence { get; } = sequence;

    public TimedEntry Owner { get; } = owner;
}

/// <summary>Orders the timeline: earliest first, then first scheduled first.</summary>
internal sealed class ScheduledTransitionComparer : IComparer<ScheduledTransition>
{
    public static ScheduledTransitionComparer Instance { get; } = new();

    public int Compare(ScheduledTransition? x, ScheduledTransition? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var byTime = x.DueAt.CompareTo(y.DueAt);
        return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
    }
}

internal sealed class RelationshipEntry(Relationship value, Instant statusSince) : TimedEntry
{
    public Relationship Value { get; set; } = value;

    /// <summary>When the relationship entered its current status; the service's delays count from here.</summary>
    public Instant StatusSince { get; set; } = statusSince;

    public List<RequestEntry> Requests { get; } = [];

    public List<AssignmentEntry> Assignments { get; } = [];

    public List<OperationEntry> Operations { get; } = [];

    public string? CustomerTenantId => Value.Customer?.TenantId;
}

internal sealed class AssignmentEntry(RelationshipEntry relationship, AccessAssignment value, Instant statusSince) : TimedEntry
{
    public RelationshipEntry Relationship { get; } = relationship;

    public AccessAssignment Value { get; set; } = value;

    public Instant StatusSince { get; set; } = statusSince;
}

/// <summary>A long-running operation and what it does when it succeeds.</summary>
internal sealed class OperationEntry(RelationshipEntry relationship, RelationshipOperation value) : TimedEntry
{
    public RelationshipEntry Relationship { get; } = relationship;

    public RelationshipOperation Value { get; set; } = value;

    /// <summary>For an assignment update: the assignment and its new roles.</summary>
    public AssignmentEntry? Assignment { get; init; }

    public IReadOnlyList<RoleGrant>? AssignmentRoles { get; init; }

    /// <summary>For a relationship update: the change to apply.</summary>
    public RelationshipUpdate? RelationshipUpdate { get; init; }
}

internal sealed class RequestEntry(RelationshipEntry relationship, RelationshipRequest value) : TimedEntry
{
    public RelationshipEntry Relationship { get; } = relationship;

    public RelationshipRequest Value { get; set; } = value;

    /// <summary>When the service finishes the request; <see langword="null"/> when another transition finishes it (terminate).</summary>
    public Instant? CompletesAt { get; set; }
}

internal sealed class CustomerEntry(string tenantId, string? displayName)
{
    public string TenantId { get; } = tenantId;

    public string? DisplayName { get; set; } = displayName;

    /// <summary>The customer object while the partner has an active relationship with it; <see langword="null"/> otherwise.</summary>
    public DelegatedAdminCustomer? Visible { get; set; }

    public int ActiveRelationships { get; set; }

    public List<ServiceManagementDetail> ServiceManagementDetails { get; } = [];
}
