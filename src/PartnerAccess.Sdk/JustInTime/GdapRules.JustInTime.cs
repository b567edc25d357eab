using NodaTime;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Time;

// The just-in-time rules sit beside the feature; they belong to the one rule engine.
namespace PartnerAccess.Sdk.Rules;

public sealed partial class GdapRules
{
    /// <summary>Checks the group and user ids of a just-in-time call.</summary>
    /// <param name="groupId">The group's object id.</param>
    /// <param name="principalId">The user's object id.</param>
    /// <returns>Every violation; empty when both are GUIDs.</returns>
    public IReadOnlyList<RuleViolation> ValidateJustInTimeTarget(string? groupId, string? principalId)
    {
        var violations = new List<RuleViolation>();
        if (!IsGuid(groupId))
        {
            violations.Add(new RuleViolation(RuleCodes.JustInTimeGroupIdInvalid, "groupId",
                $"groupId must be the group's object id (a GUID); '{groupId}' is not.", groupId));
        }

        if (!IsGuid(principalId))
        {
            violations.Add(new RuleViolation(RuleCodes.JustInTimePrincipalIdInvalid, "principalId",
                $"principalId must be the user's object id (a GUID); '{principalId}' is not.", principalId));
        }

        return violations;
    }

    /// <summary>Checks that a list is scoped to a group or a user, as PIM for Groups requires, with well-formed ids.</summary>
    /// <param name="query">The filters.</param>
    /// <returns>Every violation.</returns>
    public IReadOnlyList<RuleViolation> ValidateJustInTimeQuery(JustInTimeQuery? query)
    {
        if (query is null || (query.GroupId is null && query.PrincipalId is null))
        {
            return [new RuleViolation(RuleCodes.JustInTimeScopeRequired, "$filter",
                "Name a group or a user: PIM for Groups lists schedules and requests only within one of them.", null)];
        }

        return ValidateJustInTimeTarget(query.GroupId, query.PrincipalId)
            .Where(v => v.Code == RuleCodes.JustInTimeGroupIdInvalid ? query.GroupId is not null : query.PrincipalId is not null)
            .ToList();
    }

    /// <summary>Checks a request to make a user eligible against the partner's policy.</summary>
    /// <param name="request">The request.</param>
    /// <param name="policy">The partner's limits.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>Every violation.</returns>
    public IReadOnlyList<RuleViolation> ValidateEligibility(EligibilityRequest request, JustInTimePolicy policy, Instant now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        var violations = new List<RuleViolation>(ValidateJustInTimeTarget(request.GroupId, request.PrincipalId));
        var end = InstantText.Iso(request.EndsAt);
        if (request.EndsAt <= now)
        {
            violations.Add(new RuleViolation(RuleCodes.JustInTimeEligibilityWindowInvalid, "scheduleInfo.expiration.endDateTime",
                $"The eligibility must end in the future; {end} is not after now ({InstantText.Iso(now)}).", end));
        }
        else if (request.EndsAt - now > policy.MaximumEligibility)
        {
            violations.Add(new RuleViolation(RuleCodes.JustInTimeEligibilityWindowInvalid, "scheduleInfo.expiration.endDateTime",
                $"The eligibility may last at most {Describe(policy.MaximumEligibility)} from now; it ends {end}.", end));
        }

        return violations;
    }

    /// <summary>Checks an elevation against the partner's policy and PIM's five-minute minimum.</summary>
    /// <param name="request">The request.</param>
    /// <param name="policy">The partner's limits.</param>
    /// <returns>Every violation.</returns>
    public IReadOnlyList<RuleViolation> ValidateElevation(ElevationRequest request, JustInTimePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        var violations = new List<RuleViolation>(ValidateJustInTimeTarget(request.GroupId, request.PrincipalId));
        var duration = Describe(request.Duration);
        if (request.Duration < JustInTimePolicy.MinimumElevation)
        {
            violations.Add(new RuleViolation(RuleCodes.JustInTimeDurationBelowMinimum, "scheduleInfo.expiration.duration",
                $"An elevation lasts at least 5 minutes; {duration} is shorter.", duration));
        }
        else if (request.Duration > policy.MaximumElevation)
        {
            violations.Add(new RuleViolation(RuleCodes.JustInTimeDurationAbovePolicy, "scheduleInfo.expiration.duration",
                $"An elevation may last at most {Describe(policy.MaximumElevation)}; {duration} is longer.", duration));
        }

        if (policy.RequireJustification && string.IsNullOrWhiteSpace(request.Justification))
        {
            violations.Add(new RuleViolation(RuleCodes.JustInTimeJustificationRequired, "justification",
                "A justification is required to elevate.", request.Justification));
        }

        if (policy.RequireTicket && string.IsNullOrWhiteSpace(request.TicketNumber))
        {
            violations.Add(new RuleViolation(RuleCodes.JustInTimeTicketRequired, "ticketInfo.ticketNumber",
                "A ticket number is required to elevate.", request.TicketNumber));
        }

        return violations;
    }

    /// <summary>The violation for a user who is not eligible for a group now.</summary>
    /// <param name="groupId">The group's object id.</param>
    /// <param name="principalId">The user's object id.</param>
    /// <returns>The violation.</returns>
    public static RuleViolation NotEligible(string groupId, string principalId) =>
        new(RuleCodes.JustInTimeNotEligible, "principalId",
            $"User {principalId} is not eligible for group {groupId} now; make the user eligible first.", principalId);

    /// <summary>Writes a duration for people: <c>8h</c>, <c>4h30m</c>, <c>90d</c>.</summary>
    private static string Describe(Duration duration)
    {
        if (duration < Duration.Zero)
        {
            return "-" + Describe(-duration);
        }

        var days = (long)duration.TotalDays;
        var rest = duration - Duration.FromDays(days);
        var parts = new List<string>();
        if (days > 0)
        {
            parts.Add($"{days}d");
        }

        if (rest.Hours > 0)
        {
            parts.Add($"{rest.Hours}h");
        }

        if (rest.Minutes > 0)
        {
            parts.Add($"{rest.Minutes}m");
        }

        if (rest.Seconds > 0 || parts.Count == 0)
        {
            parts.Add($"{rest.Seconds}s");
        }

        return string.Concat(parts);
    }
}
