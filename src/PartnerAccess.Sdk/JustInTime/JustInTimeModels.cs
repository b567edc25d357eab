using System.Diagnostics;
using NodaTime;

namespace PartnerAccess.Sdk.JustInTime;

/// <summary>
/// The partner's own limits on just-in-time access, checked before anything is sent. PIM's own policy on each group
/// still applies on top; an elevation must pass both.
/// </summary>
public sealed record JustInTimePolicy
{
    /// <summary>The shortest assignment PIM for Groups accepts: five minutes.</summary>
    public static Duration MinimumElevation { get; } = Duration.FromMinutes(5);

    /// <summary>The policy used when none is given: at most 8 hours, a justification required, no ticket required.</summary>
    public static JustInTimePolicy Default { get; } = new();

    /// <summary>The longest elevation. Default 8 hours.</summary>
    public Duration MaximumElevation { get; init; } = Duration.FromHours(8);

    /// <summary>The longest eligibility from now to its end. Default 365 days, as PIM's default policy.</summary>
    public Duration MaximumEligibility { get; init; } = Duration.FromDays(365);

    /// <summary>Whether an elevation needs a justification. Default <see langword="true"/>.</summary>
    public bool RequireJustification { get; init; } = true;

    /// <summary>Whether an elevation needs a ticket number. Default <see langword="false"/>.</summary>
    public bool RequireTicket { get; init; }
}

/// <summary>How an active membership came about.</summary>
public enum GroupAssignmentType
{
    /// <summary>Not known to this SDK.</summary>
    Unknown = 0,

    /// <summary>An administrator assigned it directly; without an end it is standing access.</summary>
    Assigned,

    /// <summary>An eligible user activated it for a window (an elevation).</summary>
    Activated,
}

/// <summary>What a PIM for Groups request asked for (Graph's <c>action</c>).</summary>
public enum JustInTimeAction
{
    /// <summary>An action this SDK does not know.</summary>
    Unknown = 0,

    /// <summary><c>adminAssign</c>: an administrator grants eligibility or membership.</summary>
    AdminAssign,

    /// <summary><c>adminUpdate</c>: an administrator changes an existing eligibility or membership.</summary>
    AdminUpdate,

    /// <summary><c>adminRemove</c>: an administrator removes eligibility or membership.</summary>
    AdminRemove,

    /// <summary><c>adminExtend</c>: an administrator extends an expiring eligibility or membership.</summary>
    AdminExtend,

    /// <summary><c>adminRenew</c>: an administrator renews an expired eligibility or membership.</summary>
    AdminRenew,

    /// <summary><c>selfActivate</c>: an eligible user activates membership for a window.</summary>
    SelfActivate,

    /// <summary><c>selfDeactivate</c>: a user ends an own activation early.</summary>
    SelfDeactivate,
}

/// <summary>Which PIM collection a request belongs to.</summary>
public enum JustInTimeRequestTarget
{
    /// <summary>Not known.</summary>
    Unknown = 0,

    /// <summary><c>eligibilityScheduleRequests</c>: who may elevate.</summary>
    Eligibility,

    /// <summary><c>assignmentScheduleRequests</c>: who is a member, and for how long.</summary>
    Assignment,
}

/// <summary>A user's eligibility to become a member of a group for a window (a PIM eligibility schedule).</summary>
/// <param name="Id">The schedule id.</param>
/// <param name="GroupId">The group's object id.</param>
/// <param name="PrincipalId">The user's object id.</param>
/// <param name="StartsAt">When the eligibility starts.</param>
/// <param name="EndsAt">When it ends; <see langword="null"/> for no end.</param>
[DebuggerDisplay("{PrincipalId,nq} eligible for {GroupId,nq} until {EndsAt}")]
public sealed record GroupEligibility(string Id, string GroupId, string PrincipalId, Instant StartsAt, Instant? EndsAt)
{
    /// <summary>Whether the eligibility is in force at an instant.</summary>
    /// <param name="now">The instant.</param>
    /// <returns><see langword="true"/> from its start until (not including) its end.</returns>
    public bool IsInForceAt(Instant now) => StartsAt <= now && (EndsAt is null || now < EndsAt);
}

/// <summary>An active membership of a group (a PIM assignment schedule instance): an elevation or standing access.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="GroupId">The group's object id.</param>
/// <param name="PrincipalId">The user's object id.</param>
/// <param name="Type">Activated (an elevation) or assigned (directly).</param>
/// <param name="StartsAt">When membership starts.</param>
/// <param name="EndsAt">When it ends by itself; <see langword="null"/> for no end.</param>
[DebuggerDisplay("{PrincipalId,nq} {Type} in {GroupId,nq} until {EndsAt}")]
public sealed record GroupAssignment(string Id, string GroupId, string PrincipalId, GroupAssignmentType Type, Instant StartsAt, Instant? EndsAt)
{
    /// <summary>Standing access: assigned directly, with no end.</summary>
    public bool IsStanding => Type == GroupAssignmentType.Assigned && EndsAt is null;

    /// <summary>Whether the membership is in force at an instant.</summary>
    /// <param name="now">The instant.</param>
    /// <returns><see langword="true"/> from its start until (not including) its end.</returns>
    public bool IsInForceAt(Instant now) => StartsAt <= now && (EndsAt is null || now < EndsAt);
}

/// <summary>One PIM for Groups request, as the service keeps it: the history of eligibility and membership changes.</summary>
[DebuggerDisplay("{CreatedAt} {Target} {Action} {PrincipalId,nq} in {GroupId,nq}")]
public sealed record JustInTimeRequest
{
    /// <summary>The request id.</summary>
    public required string Id { get; init; }

    /// <summary>Eligibility or membership.</summary>
    public required JustInTimeRequestTarget Target { get; init; }

    /// <summary>What was asked.</summary>
    public required JustInTimeAction Action { get; init; }

    /// <summary>The group's object id.</summary>
    public required string GroupId { get; init; }

    /// <summary>The user's object id.</summary>
    public required string PrincipalId { get; init; }

    /// <summary>When the request was made.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>The start of the window asked for, when the request carries one.</summary>
    public Instant? StartsAt { get; init; }

    /// <summary>The end of the window asked for; <see langword="null"/> for none (or no window).</summary>
    public Instant? EndsAt { get; init; }

    /// <summary>Why, as the requester wrote it.</summary>
    public string? Justification { get; init; }

    /// <summary>The ticket number, when one was given.</summary>
    public string? TicketNumber { get; init; }

    /// <summary>The ticket system, when one was given.</summary>
    public string? TicketSystem { get; init; }

    /// <summary>The service's status text, for example <c>Provisioned</c> or <c>Revoked</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Who made the request (an object id), when the service says.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Whether this request granted a window of membership: an activation or an assignment with an end.</summary>
    public bool IsElevation => Target == JustInTimeRequestTarget.Assignment &&
                               Action is JustInTimeAction.SelfActivate or JustInTimeAction.AdminAssign &&
                               EndsAt is not null;

    /// <summary>Whether this request ended a membership early.</summary>
    public bool IsRevocation => Target == JustInTimeRequestTarget.Assignment &&
                                Action is JustInTimeAction.AdminRemove or JustInTimeAction.SelfDeactivate;
}

/// <summary>Make a user eligible for a group until a date (<c>adminAssign</c> on eligibility).</summary>
public sealed record EligibilityRequest
{
    /// <summary>The group's object id.</summary>
    public required string GroupId { get; init; }

    /// <summary>The user's object id.</summary>
    public required string PrincipalId { get; init; }

    /// <summary>When the eligibility ends. Required: eligibility without an end is standing privilege one step removed.</summary>
    public required Instant EndsAt { get; init; }

    /// <summary>Why; recorded with the request.</summary>
    public string? Justification { get; init; }
}

/// <summary>Elevate a user into a group for a window.</summary>
public sealed record ElevationRequest
{
    /// <summary>The group's object id.</summary>
    public required string GroupId { get; init; }

    /// <summary>The user's object id. For a self-activation, the signed-in user.</summary>
    public required string PrincipalId { get; init; }

    /// <summary>How long, from now. At least five minutes and at most <see cref="JustInTimePolicy.MaximumElevation"/>.</summary>
    public required Duration Duration { get; init; }

    /// <summary>Why; required unless the policy says otherwise.</summary>
    public string? Justification { get; init; }

    /// <summary>A ticket number, for example an incident id.</summary>
    public string? TicketNumber { get; init; }

    /// <summary>The ticket system, for example <c>ServiceNow</c>.</summary>
    public string? TicketSystem { get; init; }

    /// <summary>
    /// <see langword="false"/> (default): the user activates an own eligibility (<c>selfActivate</c>).
    /// <see langword="true"/>: an approver assigns the window on the user's behalf (<c>adminAssign</c>); the user must
    /// still be eligible.
    /// </summary>
    public bool OnBehalf { get; init; }
}

/// <summary>Filters for listing eligibilities, memberships and requests. Every filter that is set must match.</summary>
public sealed record JustInTimeQuery
{
    /// <summary>Only this group.</summary>
    public string? GroupId { get; init; }

    /// <summary>Only this user.</summary>
    public string? PrincipalId { get; init; }

    /// <summary>Whether a group and user pass the filters.</summary>
    /// <param name="groupId">The group id.</param>
    /// <param name="principalId">The user id.</param>
    /// <returns><see langword="true"/> when both match.</returns>
    public bool Matches(string groupId, string principalId) =>
        (GroupId is null || string.Equals(GroupId, groupId, StringComparison.OrdinalIgnoreCase)) &&
        (PrincipalId is null || string.Equals(PrincipalId, principalId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>What happened to one standing member during a conversion.</summary>
public enum StandingMemberOutcome
{
    /// <summary>Made eligible, then the standing membership was removed.</summary>
    Converted = 1,

    /// <summary>Was already eligible; only the standing membership was removed.</summary>
    StandingRemoved,
}

/// <summary>One standing member's conversion.</summary>
/// <param name="PrincipalId">The user's object id.</param>
/// <param name="Outcome">What was done.</param>
/// <param name="Eligibility">The eligibility the user now holds.</param>
public sealed record StandingMemberConversion(string PrincipalId, StandingMemberOutcome Outcome, GroupEligibility Eligibility);

/// <summary>The result of converting a group's standing members to eligible ones.</summary>
/// <param name="GroupId">The group's object id.</param>
/// <param name="Members">One entry per member converted in this run; empty when nothing was left to do.</param>
public sealed record StandingAccessConversion(string GroupId, IReadOnlyList<StandingMemberConversion> Members);
