using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk;

/// <summary>
/// An optional capability of an <see cref="IPartnerAccessClient"/>: writes that take the state the caller has just
/// read, so the client checks its rules against that state instead of reading it again first. A caller that has read
/// every relationship and assignment it acts on (the planner in PartnerAccess.Sdk.Governance does) sends one request per
/// write instead of two or three. Test for it with <c>client is IStateAwareWriteCapability</c>.
/// </summary>
/// <remarks>
/// The rules are still checked before anything is sent, and the service enforces them again; a state that moved
/// since it was read fails the same way it would have (invalid state, conflict), and the caller reads again.
/// Creates keep their never-twice guarantee.
/// </remarks>
public interface IStateAwareWriteCapability
{
    /// <summary>Locks a relationship for approval, trusting <paramref name="relationship"/> as current.</summary>
    /// <param name="relationship">The relationship as just read or created; must be in status created.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request.</returns>
    Task<RelationshipRequest> LockForApprovalAsync(Relationship relationship, CancellationToken cancellationToken = default);

    /// <summary>Creates an access assignment, trusting <paramref name="relationship"/> and <paramref name="existing"/> as current.</summary>
    /// <param name="relationship">The relationship as just read; must be active.</param>
    /// <param name="request">The group and roles.</param>
    /// <param name="existing">The relationship's assignments as just read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new assignment, usually pending.</returns>
    Task<AccessAssignment> CreateAccessAssignmentAsync(Relationship relationship, CreateAccessAssignmentRequest request, IReadOnlyList<AccessAssignment> existing, CancellationToken cancellationToken = default);
}
