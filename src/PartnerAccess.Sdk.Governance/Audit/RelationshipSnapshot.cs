using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Audit;

/// <summary>
/// The partner's relationships (and optionally their access assignments) as read at one instant. Two snapshots,
/// compared by <see cref="SnapshotDiffer"/>, show changes made outside the SDK: in the portal, by the customer, or by
/// the service itself.
/// </summary>
public sealed record RelationshipSnapshot
{
    /// <summary>When the snapshot was read.</summary>
    public required Instant TakenAt { get; init; }

    /// <summary>Every visible relationship.</summary>
    public required IReadOnlyList<Relationship> Relationships { get; init; }

    /// <summary>Access assignments by relationship id (including deleted ones); <see langword="null"/> when not read, and then not compared.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>>? Assignments { get; init; }

    /// <summary>Reads a snapshot through a client, stamped with the client's clock.</summary>
    /// <param name="client">The client.</param>
    /// <param name="includeAssignments">Also read every relationship's access assignments (one call per relationship).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot.</returns>
    public static async Task<RelationshipSnapshot> CaptureAsync(IPartnerAccessClient client, bool includeAssignments = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var takenAt = client.TimeProvider.GetCurrentInstant();
        var relationships = await client.ListRelationshipsAsync(null, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        Dictionary<string, IReadOnlyList<AccessAssignment>>? assignments = null;
        if (includeAssignments)
        {
            assignments = new Dictionary<string, IReadOnlyList<AccessAssignment>>(StringComparer.OrdinalIgnoreCase);
            foreach (var relationship in relationships.Where(r => r.Status != RelationshipStatus.Created && r.Status != RelationshipStatus.ApprovalPending))
            {
                assignments[relationship.Id] = await client.ListAccessAssignmentsAsync(relationship.Id, null, cancellationToken)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return new RelationshipSnapshot { TakenAt = takenAt, Relationships = relationships, Assignments = assignments };
    }
}
