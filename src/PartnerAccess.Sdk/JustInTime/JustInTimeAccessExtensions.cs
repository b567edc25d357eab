using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.JustInTime;

/// <summary>Workflows built on <see cref="IJustInTimeAccess"/>, the same for every implementation.</summary>
public static class JustInTimeAccessExtensions
{
    /// <summary>
    /// Converts a group's standing members (assigned directly, with no end) to eligible ones, in one call. For each
    /// member it first makes the member eligible until <paramref name="eligibleUntil"/>, reads the eligibility back to
    /// confirm it, and only then removes the standing membership, so no member is ever left with neither.
    /// </summary>
    /// <remarks>
    /// Idempotent and resumable: it works from what it reads. A member already eligible keeps that eligibility; a
    /// member whose standing membership is already gone is no longer listed. After a failure midway, call it again.
    /// Every member's eligibility window is checked before anything is changed.
    /// </remarks>
    /// <param name="access">The just-in-time access.</param>
    /// <param name="groupId">The group's object id.</param>
    /// <param name="eligibleUntil">When the new eligibilities end.</param>
    /// <param name="justification">Why; recorded with each request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was done to each member in this run.</returns>
    /// <exception cref="PartnerAccessException">Validation (bad group id or window), or the first failure of a call.</exception>
    public static async Task<StandingAccessConversion> ConvertStandingMembersAsync(
        this IJustInTimeAccess access,
        string groupId,
        Instant eligibleUntil,
        string? justification = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        var now = access.TimeProvider.GetCurrentInstant();
        var rules = GdapRules.Default;
        GdapRules.ThrowIfAny(rules.ValidateJustInTimeTarget(groupId, principalId: null)
            .Where(v => v.Code == RuleCodes.JustInTimeGroupIdInvalid).ToList());

        var query = new JustInTimeQuery { GroupId = groupId };
        var standing = new List<string>();
        await foreach (var assignment in access.ListActiveAssignmentsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (assignment.IsStanding && !standing.Contains(assignment.PrincipalId, StringComparer.OrdinalIgnoreCase))
            {
                standing.Add(assignment.PrincipalId);
            }
        }

        var eligible = await ReadEligibilitiesAsync(access, query, now, cancellationToken).ConfigureAwait(false);

        // Check every window first, so a bad date changes nothing.
        var problems = standing
            .Where(p => !eligible.ContainsKey(p))
            .SelectMany(p => rules.ValidateEligibility(Request(groupId, p, eligibleUntil, justification), access.Policy, now))
            .DistinctBy(v => (v.Code, v.Message))
            .ToList();
        GdapRules.ThrowIfAny(problems);

        var results = new List<StandingMemberConversion>();
        foreach (var principalId in standing)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = StandingMemberOutcome.StandingRemoved;
            if (!eligible.TryGetValue(principalId, out var eligibility))
            {
                await access.MakeEligibleAsync(Request(groupId, principalId, eligibleUntil, justification), cancellationToken).ConfigureAwait(false);

                // Confirm by reading before taking the standing membership away.
                var confirmed = await ReadEligibilitiesAsync(access, new JustInTimeQuery { GroupId = groupId, PrincipalId = principalId },
                    access.TimeProvider.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
                if (!confirmed.TryGetValue(principalId, out eligibility))
                {
                    throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError,
                        $"The eligibility of user {principalId} for group {groupId} could not be read back; the standing membership was kept. Run the conversion again.");
                }

                outcome = StandingMemberOutcome.Converted;
            }

            try
            {
                await access.RevokeAsync(groupId, principalId, justification ?? "Converted from standing to eligible membership.", cancellationToken).ConfigureAwait(false);
            }
            catch (PartnerAccessException exception) when (exception.Violations.Any(v => v.Code == RuleCodes.JustInTimeNotActive))
            {
                // Already gone (an earlier run whose answer was lost): the goal is reached.
            }

            results.Add(new StandingMemberConversion(principalId, outcome, eligibility));
        }

        return new StandingAccessConversion(groupId, results);
    }

    private static EligibilityRequest Request(string groupId, string principalId, Instant endsAt, string? justification) => new()
    {
        GroupId = groupId,
        PrincipalId = principalId,
        EndsAt = endsAt,
        Justification = justification ?? "Converted from standing to eligible membership.",
    };

    private static async Task<Dictionary<string, GroupEligibility>> ReadEligibilitiesAsync(IJustInTimeAccess access, JustInTimeQuery query, Instant now, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, GroupEligibility>(StringComparer.OrdinalIgnoreCase);
        await foreach (var eligibility in access.ListEligibilitiesAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (eligibility.IsInForceAt(now))
            {
                result[eligibility.PrincipalId] = eligibility;
            }
        }

        return result;
    }
}
