// The just-in-time codes sit beside the feature; they belong to the one RuleCodes class.
namespace PartnerAccess.Sdk.Rules;

public static partial class RuleCodes
{
    /// <summary>A just-in-time request names a group id that is not a GUID in its 36-character form.</summary>
    public const string JustInTimeGroupIdInvalid = "jit.groupId.invalid";

    /// <summary>A just-in-time request names a user (principal) id that is not a GUID in its 36-character form.</summary>
    public const string JustInTimePrincipalIdInvalid = "jit.principalId.invalid";

    /// <summary>A list names neither a group nor a user; PIM for Groups lists only within one of them.</summary>
    public const string JustInTimeScopeRequired = "jit.scopeRequired";

    /// <summary>The group is not known to PIM for Groups (it does not exist, or is not in the tenant).</summary>
    public const string JustInTimeUnknownGroup = "jit.unknownGroup";

    /// <summary>An elevation is longer than the partner's policy (or the group's PIM policy) allows.</summary>
    public const string JustInTimeDurationAbovePolicy = "jit.durationAbovePolicy";

    /// <summary>An elevation is shorter than five minutes, the shortest assignment PIM accepts.</summary>
    public const string JustInTimeDurationBelowMinimum = "jit.durationBelowMinimum";

    /// <summary>An elevation has no justification, and the policy asks for one.</summary>
    public const string JustInTimeJustificationRequired = "jit.justificationRequired";

    /// <summary>An elevation has no ticket number, and the policy asks for one.</summary>
    public const string JustInTimeTicketRequired = "jit.ticketRequired";

    /// <summary>An eligibility has no end, ends before it starts or in the past, or lasts longer than the policy allows.</summary>
    public const string JustInTimeEligibilityWindowInvalid = "jit.eligibilityWindowInvalid";

    /// <summary>The user is not eligible for the group now, so cannot be elevated into it.</summary>
    public const string JustInTimeNotEligible = "jit.notEligible";

    /// <summary>The user lacks the licence PIM needs (Microsoft Entra ID P2 or ID Governance).</summary>
    public const string JustInTimeLicenceMissing = "jit.licenceMissing";

    /// <summary>The user is already eligible for the group, so a new eligibility cannot be added (change the existing one).</summary>
    public const string JustInTimeAlreadyEligible = "jit.alreadyEligible";

    /// <summary>The user already holds an active membership of the group.</summary>
    public const string JustInTimeAlreadyActive = "jit.alreadyActive";

    /// <summary>The user holds no active membership of the group to revoke.</summary>
    public const string JustInTimeNotActive = "jit.notActive";

    private static readonly HashSet<string> UnauthorizedCodes = new(StringComparer.Ordinal)
    {
        JustInTimeLicenceMissing,
    };
}
