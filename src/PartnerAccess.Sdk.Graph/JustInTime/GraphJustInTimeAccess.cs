using System.Runtime.CompilerServices;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Graph.Wire;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Graph;

/// <summary>
/// <see cref="IJustInTimeAccess"/> over Microsoft Graph v1.0 PIM for Groups (<c>/identityGovernance/privilegedAccess/group</c>),
/// sharing a <see cref="GraphPartnerAccessClient"/>'s pipeline: one retry layer, authentication, clock.
/// </summary>
/// <remarks>
/// Needs <c>PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup</c> and <c>PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup</c>
/// (the <c>.Read.</c> variants for lists only), and an Entra ID P2 or ID Governance licence per eligible user. A write
/// whose answer is lost (connection dropped, 5xx, timeout) is resolved by reading the schedules, never by blindly resending.
/// </remarks>
public sealed class GraphJustInTimeAccess : IJustInTimeAccess
{
    private const string Member = "member";
    private const int MaxAttempts = 3;
    private readonly GraphPartnerAccessClient _client;

    /// <summary>Creates the just-in-time access of a Graph client.</summary>
    /// <param name="client">The client whose pipeline, credentials and clock to use; not disposed by this object.</param>
    /// <param name="policy">The partner's limits; <see cref="JustInTimePolicy.Default"/> when <see langword="null"/>.</param>
    public GraphJustInTimeAccess(GraphPartnerAccessClient client, JustInTimePolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        Policy = policy ?? JustInTimePolicy.Default;
    }

    /// <inheritdoc />
    public TimeProvider TimeProvider => _client.TimeProvider;

    /// <inheritdoc />
    public JustInTimePolicy Policy { get; }

    private Microsoft.Graph.IdentityGovernance.PrivilegedAccess.Group.GroupRequestBuilder Pim => _client.Graph.IdentityGovernance.PrivilegedAccess.Group;

    private Instant Now => TimeProvider.GetCurrentInstant();

    /// <inheritdoc />
    public async Task<GroupEligibility> MakeEligibleAsync(EligibilityRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateEligibility(request, Policy, Now));
        var current = await FindEligibilityAsync(request.GroupId, request.PrincipalId, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.EndsAt == request.EndsAt)
        {
            return current;
        }

        // A fresh body per attempt: Kiota's backing store sends only changed values the second time.
        PrivilegedAccessGroupEligibilityScheduleRequest Body() => new()
        {
            AccessId = PrivilegedAccessGroupRelationships.Member,
            Action = current is null ? ScheduleRequestActions.AdminAssign : ScheduleRequestActions.AdminUpdate,
            GroupId = request.GroupId,
            PrincipalId = request.PrincipalId,
            Justification = request.Justification,
            ScheduleInfo = new RequestSchedule
            {
                StartDateTime = current?.StartsAt.ToDateTimeOffset(),
                Expiration = new ExpirationPattern { Type = ExpirationPatternType.AfterDateTime, EndDateTime = request.EndsAt.ToDateTimeOffset() },
            },
        };
        var context = current is null ? Context.NewEligibility : Context.ChangeEligibility;
        return await WriteOnceAsync(
            $"making user {request.PrincipalId} eligible for group {request.GroupId}",
            async ct => await Pim.EligibilityScheduleRequests.PostAsync(Body(), cancellationToken: ct).ConfigureAwait(false),
            async ct => await FindEligibilityAsync(request.GroupId, request.PrincipalId, ct).ConfigureAwait(false) is { } e && e.EndsAt == request.EndsAt ? e : null,
            context, request.GroupId, request.PrincipalId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RemoveEligibilityAsync(string groupId, string principalId, CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateJustInTimeTarget(groupId, principalId));
        // A fresh body per attempt: Kiota's backing store sends only changed values the second time.
        PrivilegedAccessGroupEligibilityScheduleRequest Body() => new()
        {
            AccessId = PrivilegedAccessGroupRelationships.Member,
            Action = ScheduleRequestActions.AdminRemove,
            GroupId = groupId,
            PrincipalId = principalId,
        };
        await WriteOnceAsync<object>(
            $"removing the eligibility of user {principalId} for group {groupId}",
            async ct => await Pim.EligibilityScheduleRequests.PostAsync(Body(), cancellationToken: ct).ConfigureAwait(false),
            async ct => await FindEligibilityAsync(groupId, principalId, ct).ConfigureAwait(false) is null ? new object() : null,
            Context.RemoveEligibility, groupId, principalId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<GroupEligibility> ListEligibilitiesAsync(JustInTimeQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateJustInTimeQuery(query));
        var now = Now;
        var builder = Pim.EligibilitySchedules;
        var first = await CallAsync(HttpMethod.Get, "listing eligibility schedules",
            ct => builder.GetAsync(rc => rc.QueryParameters.Filter = Filter(query!), ct), cancellationToken).ConfigureAwait(false);
        for (var page = first; page is not null;)
        {
            foreach (var item in page.Value ?? [])
            {
                if (ToEligibility(item) is { } eligibility && eligibility.IsInForceAt(now) && query!.Matches(eligibility.GroupId, eligibility.PrincipalId))
                {
                    yield return eligibility;
                }
            }

            var next = page.OdataNextLink;
            page = string.IsNullOrEmpty(next) ? null : await CallAsync(HttpMethod.Get, "listing eligibility schedules",
                ct => builder.WithUrl(next).GetAsync(cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<GroupAssignment> ElevateAsync(ElevationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateElevation(request, Policy));
        if (request.OnBehalf && await FindEligibilityAsync(request.GroupId, request.PrincipalId, cancellationToken).ConfigureAwait(false) is null)
        {
            // PIM lets an administrator assign anyone; the partner's rule is that only eligible users are elevated.
            GdapRules.ThrowIfAny([GdapRules.NotEligible(request.GroupId, request.PrincipalId)]);
        }

        var before = Now;
        // A fresh body per attempt: Kiota's backing store sends only changed values the second time.
        PrivilegedAccessGroupAssignmentScheduleRequest Body() => new()
        {
            AccessId = PrivilegedAccessGroupRelationships.Member,
            Action = request.OnBehalf ? ScheduleRequestActions.AdminAssign : ScheduleRequestActions.SelfActivate,
            GroupId = request.GroupId,
            PrincipalId = request.PrincipalId,
            Justification = request.Justification,
            ScheduleInfo = new RequestSchedule
            {
                // No start: the service starts the window on its own clock, so client clock skew cannot delay it.
                Expiration = new ExpirationPattern { Type = ExpirationPatternType.AfterDuration, Duration = request.Duration.ToTimeSpan() },
            },
            TicketInfo = request.TicketNumber is null && request.TicketSystem is null
                ? null
                : new TicketInfo { TicketNumber = request.TicketNumber, TicketSystem = request.TicketSystem },
        };
        return await WriteOnceAsync(
            $"elevating user {request.PrincipalId} into group {request.GroupId}",
            async ct =>
            {
                var accepted = await Pim.AssignmentScheduleRequests.PostAsync(Body(), cancellationToken: ct).ConfigureAwait(false);
                if (await FindAssignmentAsync(request.GroupId, request.PrincipalId, ct).ConfigureAwait(false) is { } listed)
                {
                    return listed;
                }

                // PIM may still be provisioning the membership: describe it from the accepted request.
                var start = accepted?.ScheduleInfo?.StartDateTime is { } s ? Instant.FromDateTimeOffset(s) : Now;
                return new GroupAssignment(accepted?.TargetScheduleId ?? accepted?.Id ?? string.Empty, request.GroupId, request.PrincipalId,
                    request.OnBehalf ? GroupAssignmentType.Assigned : GroupAssignmentType.Activated, start, start + request.Duration);
            },
            async ct => await FindAssignmentAsync(request.GroupId, request.PrincipalId, ct).ConfigureAwait(false) is { EndsAt: not null } a && a.StartsAt >= before - Duration.FromMinutes(5) ? a : null,
            Context.Elevate, request.GroupId, request.PrincipalId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<GroupAssignment> ListActiveAssignmentsAsync(JustInTimeQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateJustInTimeQuery(query));
        var now = Now;
        var builder = Pim.AssignmentScheduleInstances;
        var first = await CallAsync(HttpMethod.Get, "listing active memberships",
            ct => builder.GetAsync(rc => rc.QueryParameters.Filter = Filter(query!), ct), cancellationToken).ConfigureAwait(false);
        for (var page = first; page is not null;)
        {
            foreach (var item in page.Value ?? [])
            {
                if (ToAssignment(item) is { } assignment && assignment.IsInForceAt(now) && query!.Matches(assignment.GroupId, assignment.PrincipalId))
                {
                    yield return assignment;
                }
            }

            var next = page.OdataNextLink;
            page = string.IsNullOrEmpty(next) ? null : await CallAsync(HttpMethod.Get, "listing active memberships",
                ct => builder.WithUrl(next).GetAsync(cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task RevokeAsync(string groupId, string principalId, string? justification = null, CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateJustInTimeTarget(groupId, principalId));
        // A fresh body per attempt: Kiota's backing store sends only changed values the second time.
        PrivilegedAccessGroupAssignmentScheduleRequest Body() => new()
        {
            AccessId = PrivilegedAccessGroupRelationships.Member,
            Action = ScheduleRequestActions.AdminRemove,
            GroupId = groupId,
            PrincipalId = principalId,
            Justification = justification,
        };
        await WriteOnceAsync<object>(
            $"revoking the membership of user {principalId} in group {groupId}",
            async ct => await Pim.AssignmentScheduleRequests.PostAsync(Body(), cancellationToken: ct).ConfigureAwait(false),
            async ct => await FindAssignmentAsync(groupId, principalId, ct).ConfigureAwait(false) is null ? new object() : null,
            Context.Revoke, groupId, principalId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<JustInTimeRequest> ListRequestsAsync(JustInTimeQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateJustInTimeQuery(query));
        var all = new List<JustInTimeRequest>();
        var eligibility = Pim.EligibilityScheduleRequests;
        var page = await CallAsync(HttpMethod.Get, "listing eligibility requests",
            ct => eligibility.GetAsync(rc => rc.QueryParameters.Filter = Filter(query!), ct), cancellationToken).ConfigureAwait(false);
        while (page is not null)
        {
            all.AddRange((page.Value ?? []).Select(r => ToRequest(r, JustInTimeRequestTarget.Eligibility, r.GroupId, r.PrincipalId)).OfType<JustInTimeRequest>());
            var next = page.OdataNextLink;
            page = string.IsNullOrEmpty(next) ? null : await CallAsync(HttpMethod.Get, "listing eligibility requests",
                ct => eligibility.WithUrl(next).GetAsync(cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        }

        var assignment = Pim.AssignmentScheduleRequests;
        var assignmentPage = await CallAsync(HttpMethod.Get, "listing membership requests",
            ct => assignment.GetAsync(rc => rc.QueryParameters.Filter = Filter(query!), ct), cancellationToken).ConfigureAwait(false);
        while (assignmentPage is not null)
        {
            all.AddRange((assignmentPage.Value ?? []).Select(r => ToRequest(r, JustInTimeRequestTarget.Assignment, r.GroupId, r.PrincipalId)).OfType<JustInTimeRequest>());
            var next = assignmentPage.OdataNextLink;
            assignmentPage = string.IsNullOrEmpty(next) ? null : await CallAsync(HttpMethod.Get, "listing membership requests",
                ct => assignment.WithUrl(next).GetAsync(cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        }

        foreach (var request in all.Where(r => query!.Matches(r.GroupId, r.PrincipalId)).OrderBy(r => r.CreatedAt))
        {
            yield return request;
        }
    }

    private enum Context
    {
        NewEligibility,
        ChangeEligibility,
        RemoveEligibility,
        Elevate,
        Revoke,
    }

    private static string Filter(JustInTimeQuery query)
    {
        var clauses = new List<string>();
        if (query.GroupId is not null)
        {
            clauses.Add($"groupId eq '{query.GroupId}'");
        }

        if (query.PrincipalId is not null)
        {
            clauses.Add($"principalId eq '{query.PrincipalId}'");
        }

        return string.Join(" and ", clauses);
    }

    private async Task<GroupEligibility?> FindEligibilityAsync(string groupId, string principalId, CancellationToken cancellationToken)
    {
        GroupEligibility? found = null;
        await foreach (var e in ListEligibilitiesAsync(new JustInTimeQuery { GroupId = groupId, PrincipalId = principalId }, cancellationToken).ConfigureAwait(false))
        {
            found = e;
        }

        return found;
    }

    private async Task<GroupAssignment?> FindAssignmentAsync(string groupId, string principalId, CancellationToken cancellationToken)
    {
        GroupAssignment? found = null;
        await foreach (var a in ListActiveAssignmentsAsync(new JustInTimeQuery { GroupId = groupId, PrincipalId = principalId }, cancellationToken).ConfigureAwait(false))
        {
            found = a;
        }

        return found;
    }

    /// <summary>
    /// Sends a write once. After an ambiguous failure it reads whether the write took effect, and sends again only when
    /// it did not, a bounded number of times.
    /// </summary>
    private async Task<T> WriteOnceAsync<T>(
        string what,
        Func<CancellationToken, Task<object?>> write,
        Func<CancellationToken, Task<T?>> readBack,
        Context context,
        string groupId,
        string principalId,
        CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var written = await write(cancellationToken).ConfigureAwait(false);
                return written as T
                       ?? await readBack(cancellationToken).ConfigureAwait(false)
                       ?? throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, $"Graph accepted the request but the result could not be read back while {what}.");
            }
            catch (Exception exception) when (ServiceErrors.IsAmbiguous(exception) && !cancellationToken.IsCancellationRequested)
            {
                if (await readBack(cancellationToken).ConfigureAwait(false) is { } done)
                {
                    return done;
                }

                if (attempt >= MaxAttempts)
                {
                    throw ServiceErrors.Translate(exception, HttpMethod.Post, what, TimeProvider.GetUtcNow());
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw Translate(exception, what, context, groupId, principalId);
            }
        }
    }

    private Task<T?> CallAsync<T>(HttpMethod method, string what, Func<CancellationToken, Task<T?>> call, CancellationToken cancellationToken) =>
        CallCoreAsync(method, what, call, cancellationToken);

    private async Task<T?> CallCoreAsync<T>(HttpMethod method, string what, Func<CancellationToken, Task<T?>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var translated = ServiceErrors.Translate(exception, method, what, TimeProvider.GetUtcNow());
            if (ReferenceEquals(translated, exception))
            {
                throw;
            }

            throw translated;
        }
    }

    /// <summary>Turns PIM's error codes into the <c>jit.*</c> rules they mean; anything else as every Graph failure.</summary>
    private Exception Translate(Exception exception, string what, Context context, string groupId, string principalId)
    {
        if (exception is not ApiException api)
        {
            return ServiceErrors.Translate(exception, HttpMethod.Post, what, TimeProvider.GetUtcNow());
        }

        var code = (api as ODataError)?.Error?.Code;
        var message = (api as ODataError)?.Error?.Message ?? api.Message;
        var elevation = context == Context.Elevate;
        var violations = new List<RuleViolation>();
        if (api.ResponseStatusCode == 404)
        {
            violations.Add(new RuleViolation(RuleCodes.JustInTimeUnknownGroup, "groupId",
                $"Group {groupId} does not exist or is not managed by PIM for Groups.", groupId));
        }
        else if (string.Equals(code, "AadPremiumLicenseRequired", StringComparison.OrdinalIgnoreCase))
        {
            violations.Add(new RuleViolation(RuleCodes.JustInTimeLicenceMissing, "principalId",
                $"PIM needs a Microsoft Entra ID P2 or ID Governance licence for user {principalId}: {message}", principalId));
        }
        else if (string.Equals(code, "RoleAssignmentDoesNotExist", StringComparison.OrdinalIgnoreCase))
        {
            violations.Add(context == Context.Revoke
                ? new RuleViolation(RuleCodes.JustInTimeNotActive, "principalId", $"User {principalId} holds no active membership of group {groupId}.", principalId)
                : GdapRules.NotEligible(groupId, principalId));
        }
        else if (string.Equals(code, "RoleAssignmentExists", StringComparison.OrdinalIgnoreCase))
        {
            violations.Add(elevation
                ? new RuleViolation(RuleCodes.JustInTimeAlreadyActive, "principalId", $"User {principalId} is already an active member of group {groupId}.", principalId)
                : new RuleViolation(RuleCodes.JustInTimeAlreadyEligible, "principalId", $"User {principalId} is already eligible for group {groupId}.", principalId));
        }
        else if (string.Equals(code, "RoleAssignmentRequestPolicyValidationFailed", StringComparison.OrdinalIgnoreCase))
        {
            if (message.Contains("ExpirationRule", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(elevation
                    ? new RuleViolation(RuleCodes.JustInTimeDurationAbovePolicy, "scheduleInfo.expiration", $"The group's PIM policy refused the window: {message}", null)
                    : new RuleViolation(RuleCodes.JustInTimeEligibilityWindowInvalid, "scheduleInfo.expiration", $"The group's PIM policy refused the window: {message}", null));
            }

            if (message.Contains("JustificationRule", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(new RuleViolation(RuleCodes.JustInTimeJustificationRequired, "justification", $"The group's PIM policy requires a justification: {message}", null));
            }
        }

        if (violations.Count == 0)
        {
            return ServiceErrors.Translate(exception, HttpMethod.Post, what, TimeProvider.GetUtcNow());
        }

        var text = violations.Count == 1 ? violations[0].ToString() : string.Join(Environment.NewLine, violations.Select(v => "  - " + v));
        return new PartnerAccessException(RuleCodes.ErrorCodeFor(violations), text, violations, exception)
        {
            Status = api.ResponseStatusCode,
            ServiceErrorCode = code,
        };
    }

    private static GroupEligibility? ToEligibility(PrivilegedAccessGroupEligibilitySchedule s) =>
        s.Id is null || s.GroupId is null || s.PrincipalId is null || s.AccessId is not PrivilegedAccessGroupRelationships.Member
            ? null
            : new GroupEligibility(s.Id, s.GroupId, s.PrincipalId, Start(s.ScheduleInfo, s.CreatedDateTime), End(s.ScheduleInfo));

    private static GroupAssignment? ToAssignment(PrivilegedAccessGroupAssignmentScheduleInstance i) =>
        i.Id is null || i.GroupId is null || i.PrincipalId is null || i.AccessId is not PrivilegedAccessGroupRelationships.Member
            ? null
            : new GroupAssignment(i.Id, i.GroupId, i.PrincipalId,
                i.AssignmentType switch
                {
                    PrivilegedAccessGroupAssignmentType.Activated => GroupAssignmentType.Activated,
                    PrivilegedAccessGroupAssignmentType.Assigned => GroupAssignmentType.Assigned,
                    _ => GroupAssignmentType.Unknown,
                },
                // Graph leaves the start of a permanent membership empty: it has always been in force.
                i.StartDateTime is { } start ? Instant.FromDateTimeOffset(start) : Instant.MinValue,
                i.EndDateTime is { } end ? Instant.FromDateTimeOffset(end) : null);

    private static JustInTimeRequest? ToRequest(PrivilegedAccessScheduleRequest r, JustInTimeRequestTarget target, string? groupId, string? principalId) =>
        r.Id is null || groupId is null || principalId is null
            ? null
            : new JustInTimeRequest
            {
                Id = r.Id,
                Target = target,
                Action = r.Action switch
                {
                    ScheduleRequestActions.AdminAssign => JustInTimeAction.AdminAssign,
                    ScheduleRequestActions.AdminUpdate => JustInTimeAction.AdminUpdate,
                    ScheduleRequestActions.AdminRemove => JustInTimeAction.AdminRemove,
                    ScheduleRequestActions.AdminExtend => JustInTimeAction.AdminExtend,
                    ScheduleRequestActions.AdminRenew => JustInTimeAction.AdminRenew,
                    ScheduleRequestActions.SelfActivate => JustInTimeAction.SelfActivate,
                    ScheduleRequestActions.SelfDeactivate => JustInTimeAction.SelfDeactivate,
                    _ => JustInTimeAction.Unknown,
                },
                GroupId = groupId,
                PrincipalId = principalId,
                CreatedAt = r.CreatedDateTime is { } created ? Instant.FromDateTimeOffset(created) : Instant.MinValue,
                StartsAt = r.ScheduleInfo?.StartDateTime is { } start ? Instant.FromDateTimeOffset(start) : null,
                EndsAt = End(r.ScheduleInfo),
                Justification = r.Justification,
                TicketNumber = r.TicketInfo?.TicketNumber,
                TicketSystem = r.TicketInfo?.TicketSystem,
                Status = r.Status,
                CreatedBy = r.CreatedBy?.User?.Id,
            };

    private static Instant Start(RequestSchedule? schedule, DateTimeOffset? fallback) =>
        schedule?.StartDateTime is { } start ? Instant.FromDateTimeOffset(start)
        : fallback is { } created ? Instant.FromDateTimeOffset(created)
        : Instant.MinValue;

    private static Instant? End(RequestSchedule? schedule)
    {
        var expiration = schedule?.Expiration;
        return expiration?.Type switch
        {
            ExpirationPatternType.AfterDateTime when expiration.EndDateTime is { } end => Instant.FromDateTimeOffset(end),
            ExpirationPatternType.AfterDuration when expiration.Duration is { } d && schedule!.StartDateTime is { } s => Instant.FromDateTimeOffset(s) + Duration.FromTimeSpan(d),
            _ => expiration?.EndDateTime is { } e ? Instant.FromDateTimeOffset(e) : null,
        };
    }
}
