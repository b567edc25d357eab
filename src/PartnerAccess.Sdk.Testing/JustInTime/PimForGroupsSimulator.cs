using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Testing;

/// <summary>The service-side settings of the simulated PIM for Groups: the policy every group carries.</summary>
public sealed record PimForGroupsOptions
{
    /// <summary>The longest activation (and the longest time-bound direct assignment) PIM accepts. Default 8 hours.</summary>
    public Duration MaximumActivation { get; init; } = Duration.FromHours(8);

    /// <summary>The longest eligibility PIM accepts. Default 365 days.</summary>
    public Duration MaximumEligibility { get; init; } = Duration.FromDays(365);

    /// <summary>Whether an activation needs a justification. Default <see langword="true"/>, as PIM's default policy.</summary>
    public bool RequireJustificationOnActivation { get; init; } = true;
}

/// <summary>What a caller asks PIM for Groups to do: one request to <c>eligibilityScheduleRequests</c> or <c>assignmentScheduleRequests</c>.</summary>
public sealed record PimRequestSubmission
{
    /// <summary>Eligibility or membership.</summary>
    public required JustInTimeRequestTarget Target { get; init; }

    /// <summary>The action.</summary>
    public required JustInTimeAction Action { get; init; }

    /// <summary>The group's object id.</summary>
    public required string GroupId { get; init; }

    /// <summary>The user's object id.</summary>
    public required string PrincipalId { get; init; }

    /// <summary>The start of the window; now when <see langword="null"/>.</summary>
    public Instant? StartsAt { get; init; }

    /// <summary>The end of the window; <see langword="null"/> for no end (<c>noExpiration</c>).</summary>
    public Instant? EndsAt { get; init; }

    /// <summary>Why.</summary>
    public string? Justification { get; init; }

    /// <summary>A ticket number.</summary>
    public string? TicketNumber { get; init; }

    /// <summary>A ticket system.</summary>
    public string? TicketSystem { get; init; }

    /// <summary>Who asks (an object id), when known.</summary>
    public string? CreatedBy { get; init; }
}

/// <summary>A schedule as PIM keeps it: an eligibility or a membership, with the request that created it.</summary>
/// <param name="Id">The schedule id.</param>
/// <param name="Target">Eligibility or membership.</param>
/// <param name="GroupId">The group's object id.</param>
/// <param name="PrincipalId">The user's object id.</param>
/// <param name="Type">For memberships: assigned or activated.</param>
/// <param name="StartsAt">The start of the window.</param>
/// <param name="EndsAt">The end of the window, or when it was removed; <see langword="null"/> for no end.</param>
/// <param name="CreatedAt">When the schedule was created.</param>
/// <param name="ModifiedAt">When it last changed.</param>
/// <param name="CreatedUsing">The request that created it.</param>
public sealed record PimSchedule(
    string Id,
    JustInTimeRequestTarget Target,
    string GroupId,
    string PrincipalId,
    GroupAssignmentType Type,
    Instant StartsAt,
    Instant? EndsAt,
    Instant CreatedAt,
    Instant ModifiedAt,
    string CreatedUsing)
{
    /// <summary>Whether the schedule is in force at an instant.</summary>
    /// <param name="now">The instant.</param>
    /// <returns><see langword="true"/> from its start until (not including) its end.</returns>
    public bool IsInForceAt(Instant now) => StartsAt <= now && (EndsAt is null || now < EndsAt);
}

/// <summary>
/// The one implementation of PIM for Groups behaviour, shared by <see cref="InMemoryJustInTimeAccess"/> and the emulator:
/// groups, per-user licences, eligibility and membership schedules, and the request history, on one clock.
/// </summary>
/// <remarks>
/// Nothing runs in the background: a window closes by itself because every read compares it with "now" of
/// <see cref="TimeProvider"/>. Thread-safe (one lock). A refused request throws one <see cref="PartnerAccessException"/>
/// listing every broken <c>jit.*</c> rule and changes nothing.
/// </remarks>
public sealed class PimForGroupsSimulator
{
    private readonly object _gate = new();
    private readonly Dictionary<string, string?> _groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _unlicensed = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<PimSchedule> _schedules = [];
    private readonly List<JustInTimeRequest> _requests = [];
    private long _sequence;

    /// <summary>Creates a simulator with no groups.</summary>
    /// <param name="timeProvider">The only source of "now".</param>
    /// <param name="options">The service policy; defaults when <see langword="null"/>.</param>
    public PimForGroupsSimulator(TimeProvider timeProvider, PimForGroupsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeProvider = timeProvider;
        Options = options ?? new PimForGroupsOptions();
    }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The service policy in force; change it with <see cref="Configure"/>.</summary>
    public PimForGroupsOptions Options { get; private set; }

    /// <summary>Replaces the service policy.</summary>
    /// <param name="options">The new policy.</param>
    public void Configure(PimForGroupsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_gate)
        {
            Options = options;
        }
    }

    /// <summary>Adds a group that PIM for Groups manages (idempotent).</summary>
    /// <param name="groupId">The group's object id.</param>
    /// <param name="displayName">Its name, optional.</param>
    public void AddGroup(string groupId, string? displayName = null)
    {
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateJustInTimeTarget(groupId, Guid.NewGuid().ToString()));
        lock (_gate)
        {
            _groups[groupId] = displayName ?? (_groups.TryGetValue(groupId, out var name) ? name : null);
        }
    }

    /// <summary>The groups PIM manages, with their names.</summary>
    /// <returns>Group id to display name.</returns>
    public IReadOnlyDictionary<string, string?> ListGroups()
    {
        lock (_gate)
        {
            return new Dictionary<string, string?>(_groups, StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>Sets whether a user holds the licence PIM needs (Entra ID P2 or ID Governance). Users are licensed unless set otherwise.</summary>
    /// <param name="principalId">The user's object id.</param>
    /// <param name="licensed">Whether the user is licensed.</param>
    public void SetLicensed(string principalId, bool licensed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(principalId);
        lock (_gate)
        {
            if (licensed)
            {
                _unlicensed.Remove(principalId);
            }
            else
            {
                _unlicensed.Add(principalId);
            }
        }
    }

    /// <summary>Whether a user holds the licence PIM needs.</summary>
    /// <param name="principalId">The user's object id.</param>
    /// <returns><see langword="true"/> unless set otherwise.</returns>
    public bool IsLicensed(string principalId)
    {
        lock (_gate)
        {
            return !_unlicensed.Contains(principalId);
        }
    }

    /// <summary>Seeds standing access: a direct membership with no end, as if an administrator assigned it (the group is added when missing).</summary>
    /// <param name="groupId">The group's object id.</param>
    /// <param name="principalId">The user's object id.</param>
    /// <returns>The request that created it.</returns>
    public JustInTimeRequest AddStandingMember(string groupId, string principalId)
    {
        AddGroup(groupId);
        return Submit(new PimRequestSubmission
        {
            Target = JustInTimeRequestTarget.Assignment,
            Action = JustInTimeAction.AdminAssign,
            GroupId = groupId,
            PrincipalId = principalId,
            Justification = "Standing membership",
        });
    }

    /// <summary>Handles one request, as <c>POST …/eligibilityScheduleRequests</c> or <c>…/assignmentScheduleRequests</c> does.</summary>
    /// <param name="submission">The request.</param>
    /// <returns>The request as the service keeps it.</returns>
    /// <exception cref="PartnerAccessException">Every broken <c>jit.*</c> rule; nothing changed.</exception>
    public JustInTimeRequest Submit(PimRequestSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        lock (_gate)
        {
            var now = TimeProvider.GetCurrentInstant();
            var violations = new List<RuleViolation>(GdapRules.Default.ValidateJustInTimeTarget(submission.GroupId, submission.PrincipalId));
            if (violations.Count > 0)
            {
                GdapRules.ThrowIfAny(violations);
            }

            if (!_groups.ContainsKey(submission.GroupId))
            {
                GdapRules.ThrowIfAny([new RuleViolation(RuleCodes.JustInTimeUnknownGroup, "groupId",
                    $"Group {submission.GroupId} does not exist or is not managed by PIM for Groups.", submission.GroupId)]);
            }

            var start = submission.StartsAt ?? now;
            var current = InForce(submission.Target, submission.GroupId, submission.PrincipalId, now);
            var granting = submission.Action is JustInTimeAction.AdminAssign or JustInTimeAction.SelfActivate or
                JustInTimeAction.AdminUpdate or JustInTimeAction.AdminExtend or JustInTimeAction.AdminRenew;
            if (granting && _unlicensed.Contains(submission.PrincipalId))
            {
                violations.Add(new RuleViolation(RuleCodes.JustInTimeLicenceMissing, "principalId",
                    $"User {submission.PrincipalId} needs a Microsoft Entra ID P2 or ID Governance licence for PIM.", submission.PrincipalId));
            }

            if (granting)
            {
                violations.AddRange(CheckWindow(submission, start));
            }

            var type = GroupAssignmentType.Assigned;
            switch (submission.Target, submission.Action)
            {
                case (JustInTimeRequestTarget.Eligibility, JustInTimeAction.AdminAssign):
                    if (current is not null)
                    {
                        violations.Add(new RuleViolation(RuleCodes.JustInTimeAlreadyEligible, "principalId",
                            $"User {submission.PrincipalId} is already eligible for group {submission.GroupId}.", submission.PrincipalId));
                    }

                    break;
                case (JustInTimeRequestTarget.Eligibility, JustInTimeAction.AdminUpdate or JustInTimeAction.AdminExtend or JustInTimeAction.AdminRemove):
                case (JustInTimeRequestTarget.Assignment, JustInTimeAction.AdminUpdate or JustInTimeAction.AdminExtend):
                    if (current is null)
                    {
                        violations.Add(submission.Target == JustInTimeRequestTarget.Eligibility
                            ? GdapRules.NotEligible(submission.GroupId, submission.PrincipalId)
                            : NotActive(submission));
                    }

                    break;
                case (JustInTimeRequestTarget.Assignment, JustInTimeAction.SelfActivate):
                    type = GroupAssignmentType.Activated;
                    if (InForce(JustInTimeRequestTarget.Eligibility, submission.GroupId, submission.PrincipalId, now) is null)
                    {
                        violations.Add(GdapRules.NotEligible(submission.GroupId, submission.PrincipalId));
                    }

                    if (Options.RequireJustificationOnActivation && string.IsNullOrWhiteSpace(submission.Justification))
                    {
                        violations.Add(new RuleViolation(RuleCodes.JustInTimeJustificationRequired, "justification",
                            "The group's PIM policy requires a justification to activate.", submission.Justification));
                    }

                    if (current is not null)
                    {
                        violations.Add(AlreadyActive(submission));
                    }

                    break;
                case (JustInTimeRequestTarget.Assignment, JustInTimeAction.AdminAssign):
                    if (current is not null)
                    {
                        violations.Add(AlreadyActive(submission));
                    }

                    break;
                case (JustInTimeRequestTarget.Assignment, JustInTimeAction.AdminRemove or JustInTimeAction.SelfDeactivate):
                    if (current is null)
                    {
                        violations.Add(NotActive(submission));
                    }

                    break;
                default:
                    throw new PartnerAccessException(PartnerAccessErrorCode.Validation,
                        $"The action {submission.Action} is not supported on {submission.Target} requests.");
            }

            GdapRules.ThrowIfAny(violations);

            var requestId = NextId();
            string status;
            if (submission.Action is JustInTimeAction.AdminRemove or JustInTimeAction.SelfDeactivate)
            {
                Replace(current!, current! with { EndsAt = now, ModifiedAt = now });
                status = "Revoked";
            }
            else if (current is not null)
            {
                Replace(current, current with { EndsAt = submission.EndsAt, ModifiedAt = now });
                status = "Provisioned";
            }
            else
            {
                _schedules.Add(new PimSchedule($"{submission.GroupId}_member_{NextId()}", submission.Target, submission.GroupId, submission.PrincipalId,
                    submission.Target == JustInTimeRequestTarget.Assignment ? type : GroupAssignmentType.Unknown,
                    start, submission.EndsAt, now, now, requestId));
                status = "Provisioned";
            }

            var request = new JustInTimeRequest
            {
                Id = requestId,
                Target = submission.Target,
                Action = submission.Action,
                GroupId = submission.GroupId,
                PrincipalId = submission.PrincipalId,
                CreatedAt = now,
                StartsAt = granting ? start : null,
                EndsAt = granting ? submission.EndsAt : null,
                Justification = submission.Justification,
                TicketNumber = submission.TicketNumber,
                TicketSystem = submission.TicketSystem,
                Status = status,
                CreatedBy = submission.CreatedBy,
            };
            _requests.Add(request);
            return request;
        }
    }

    /// <summary>The eligibility or membership schedules, including ended ones.</summary>
    /// <param name="target">Eligibility or membership.</param>
    /// <returns>The schedules, oldest first.</returns>
    public IReadOnlyList<PimSchedule> ListSchedules(JustInTimeRequestTarget target)
    {
        lock (_gate)
        {
            return _schedules.Where(s => s.Target == target).ToList();
        }
    }

    /// <summary>The schedules in force now: what Graph lists as schedules and as instances.</summary>
    /// <param name="target">Eligibility or membership.</param>
    /// <returns>The schedules in force, oldest first.</returns>
    public IReadOnlyList<PimSchedule> ListInForce(JustInTimeRequestTarget target)
    {
        lock (_gate)
        {
            var now = TimeProvider.GetCurrentInstant();
            return _schedules.Where(s => s.Target == target && s.IsInForceAt(now)).ToList();
        }
    }

    /// <summary>The requests made, oldest first.</summary>
    /// <param name="target">Eligibility or membership.</param>
    /// <returns>The requests.</returns>
    public IReadOnlyList<JustInTimeRequest> ListRequests(JustInTimeRequestTarget target)
    {
        lock (_gate)
        {
            return _requests.Where(r => r.Target == target).ToList();
        }
    }

    /// <summary>Forgets every group, licence setting, schedule and request.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _groups.Clear();
            _unlicensed.Clear();
            _schedules.Clear();
            _requests.Clear();
        }
    }

    private static RuleViolation AlreadyActive(PimRequestSubmission submission) =>
        new(RuleCodes.JustInTimeAlreadyActive, "principalId",
            $"User {submission.PrincipalId} is already an active member of group {submission.GroupId}.", submission.PrincipalId);

    private static RuleViolation NotActive(PimRequestSubmission submission) =>
        new(RuleCodes.JustInTimeNotActive, "principalId",
            $"User {submission.PrincipalId} holds no active membership of group {submission.GroupId}.", submission.PrincipalId);

    private IEnumerable<RuleViolation> CheckWindow(PimRequestSubmission submission, Instant start)
    {
        if (submission.EndsAt is not { } end)
        {
            // No end: PIM's policy allows permanent direct membership, never a permanent activation or eligibility.
            if (submission.Target == JustInTimeRequestTarget.Eligibility)
            {
                yield return new RuleViolation(RuleCodes.JustInTimeEligibilityWindowInvalid, "scheduleInfo.expiration",
                    "The group's PIM policy requires eligibility to end.", "noExpiration");
            }
            else if (submission.Action == JustInTimeAction.SelfActivate)
            {
                yield return new RuleViolation(RuleCodes.JustInTimeDurationAbovePolicy, "scheduleInfo.expiration",
                    "An activation must end; the group's PIM policy limits it.", "noExpiration");
            }

            yield break;
        }

        var length = end - start;
        if (submission.Target == JustInTimeRequestTarget.Eligibility)
        {
            if (end <= start || length > Options.MaximumEligibility)
            {
                yield return new RuleViolation(RuleCodes.JustInTimeEligibilityWindowInvalid, "scheduleInfo.expiration",
                    $"The eligibility must end after it starts and last at most {Options.MaximumEligibility.TotalDays:0} days.", end.ToString());
            }

            yield break;
        }

        if (length < JustInTimePolicy.MinimumElevation)
        {
            yield return new RuleViolation(RuleCodes.JustInTimeDurationBelowMinimum, "scheduleInfo.expiration",
                "An assignment lasts at least 5 minutes.", length.ToString());
        }
        else if (length > Options.MaximumActivation)
        {
            yield return new RuleViolation(RuleCodes.JustInTimeDurationAbovePolicy, "scheduleInfo.expiration",
                $"The group's PIM policy allows at most {Options.MaximumActivation.TotalHours:0.##} hours.", length.ToString());
        }
    }

    private PimSchedule? InForce(JustInTimeRequestTarget target, string groupId, string principalId, Instant now) =>
        _schedules.LastOrDefault(s => s.Target == target && s.IsInForceAt(now) &&
                                      string.Equals(s.GroupId, groupId, StringComparison.OrdinalIgnoreCase) &&
                                      string.Equals(s.PrincipalId, principalId, StringComparison.OrdinalIgnoreCase));

    private void Replace(PimSchedule old, PimSchedule replacement) => _schedules[_schedules.IndexOf(old)] = replacement;

    private string NextId()
    {
        // Stable, GUID-shaped ids: the same run yields the same ids.
        var n = ++_sequence;
        return new Guid((int)(n >> 32), (short)(n >> 16), (short)n, 0x9a, 0x1d, 0x4e, 0x5f, 0x70, 0x81, 0x92, 0xa3).ToString();
    }
}
