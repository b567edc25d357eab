namespace PartnerAccess.Sdk.JustInTime;

/// <summary>
/// Just-in-time membership of the partner's GDAP security groups, over Microsoft Entra PIM for Groups
/// (<c>/identityGovernance/privilegedAccess/group</c>): make a technician eligible, elevate for a window, list, revoke.
/// Two implementations ship: the Graph one (PartnerAccess.Sdk.Graph) and the in-memory one (PartnerAccess.Sdk.Testing).
/// </summary>
/// <remarks>
/// <para>
/// Every request is checked first against <see cref="Policy"/> and the rules in <see cref="Rules.RuleCodes"/>
/// (<c>jit.*</c>); a failed check throws one <see cref="PartnerAccessException"/> listing every broken rule, and nothing is
/// sent. The service's own refusals (not eligible, licence missing, its policy maximum) come back as the same rule codes.
/// </para>
/// <para>
/// An elevation ends by itself when its window closes: lists read at "now" of <see cref="TimeProvider"/> no longer show it.
/// Converting standing members lives in <see cref="JustInTimeAccessExtensions"/>, built on these calls.
/// </para>
/// </remarks>
public interface IJustInTimeAccess
{
    /// <summary>The one time source: "now" for windows, and for what is in force.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>The partner's limits, checked before anything is sent.</summary>
    JustInTimePolicy Policy { get; }

    /// <summary>
    /// Makes a user eligible for a group until a date (<c>adminAssign</c>). When the user is already eligible, the
    /// existing eligibility is returned if it ends at the same instant, and otherwise changed to the new end (<c>adminUpdate</c>).
    /// </summary>
    /// <param name="request">The group, the user and the end.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The eligibility in force.</returns>
    /// <exception cref="PartnerAccessException">Validation (<c>jit.*</c> rules, unknown group) or Unauthorized (licence missing).</exception>
    Task<GroupEligibility> MakeEligibleAsync(EligibilityRequest request, CancellationToken cancellationToken = default);

    /// <summary>Ends a user's eligibility for a group (<c>adminRemove</c>).</summary>
    /// <param name="groupId">The group's object id.</param>
    /// <param name="principalId">The user's object id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the eligibility is gone.</returns>
    /// <exception cref="PartnerAccessException">Validation (<c>jit.notEligible</c> when there is none).</exception>
    Task RemoveEligibilityAsync(string groupId, string principalId, CancellationToken cancellationToken = default);

    /// <summary>Lists the eligibilities in force now.</summary>
    /// <param name="query">Filters; everything when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The eligibilities.</returns>
    IAsyncEnumerable<GroupEligibility> ListEligibilitiesAsync(JustInTimeQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Elevates a user into a group for a window: <c>selfActivate</c>, or <c>adminAssign</c> when
    /// <see cref="ElevationRequest.OnBehalf"/> is set. The user must be eligible either way.
    /// </summary>
    /// <param name="request">The group, the user, the duration, the justification and ticket.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The active membership.</returns>
    /// <exception cref="PartnerAccessException">
    /// Validation (<c>jit.durationAbovePolicy</c>, <c>jit.notEligible</c>, <c>jit.unknownGroup</c>, …), Unauthorized
    /// (<c>jit.licenceMissing</c>) or Conflict (<c>jit.alreadyActive</c>).
    /// </exception>
    Task<GroupAssignment> ElevateAsync(ElevationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists the memberships in force now: elevations and standing access.</summary>
    /// <param name="query">Filters; everything when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The active memberships.</returns>
    IAsyncEnumerable<GroupAssignment> ListActiveAssignmentsAsync(JustInTimeQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Ends a user's active membership of a group now (<c>adminRemove</c>): an elevation early, or standing access.</summary>
    /// <param name="groupId">The group's object id.</param>
    /// <param name="principalId">The user's object id.</param>
    /// <param name="justification">Why; recorded with the request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the membership is gone.</returns>
    /// <exception cref="PartnerAccessException">InvalidState (<c>jit.notActive</c>) when there is nothing to revoke.</exception>
    Task RevokeAsync(string groupId, string principalId, string? justification = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the requests the service kept: eligibility and membership changes, oldest first.</summary>
    /// <param name="query">Filters; everything when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The requests.</returns>
    IAsyncEnumerable<JustInTimeRequest> ListRequestsAsync(JustInTimeQuery? query = null, CancellationToken cancellationToken = default);
}
