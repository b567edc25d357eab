using System.Runtime.CompilerServices;
using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Testing;

/// <summary>
/// An <see cref="IJustInTimeAccess"/> over a <see cref="PimForGroupsSimulator"/>: PIM for Groups without a tenant, on
/// a clock you control. Give it the same fake <see cref="System.TimeProvider"/> as the <see cref="InMemoryPartnerAccessClient"/>
/// and move time forward to see elevations end by themselves.
/// </summary>
public sealed class InMemoryJustInTimeAccess : IJustInTimeAccess
{
    /// <summary>Creates an instance over a new simulator with no groups.</summary>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="policy">The partner's limits; <see cref="JustInTimePolicy.Default"/> when <see langword="null"/>.</param>
    public InMemoryJustInTimeAccess(TimeProvider? timeProvider = null, JustInTimePolicy? policy = null)
        : this(new PimForGroupsSimulator(timeProvider ?? TimeProvider.System), policy)
    {
    }

    /// <summary>Creates an instance over an existing simulator, for example one a test seeds.</summary>
    /// <param name="simulator">The simulated service.</param>
    /// <param name="policy">The partner's limits; <see cref="JustInTimePolicy.Default"/> when <see langword="null"/>.</param>
    public InMemoryJustInTimeAccess(PimForGroupsSimulator simulator, JustInTimePolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        Simulator = simulator;
        Policy = policy ?? JustInTimePolicy.Default;
    }

    /// <summary>The simulated service: seed groups, standing members and licences through it.</summary>
    public PimForGroupsSimulator Simulator { get; }

    /// <inheritdoc />
    public TimeProvider TimeProvider => Simulator.TimeProvider;

    /// <inheritdoc />
    public JustInTimePolicy Policy { get; }

    private Instant Now => TimeProvider.GetCurrentInstant();

    /// <inheritdoc />
    public Task<GroupEligibility> MakeEligibleAsync(EligibilityRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateEligibility(request, Policy, Now));
        var current = FindEligibility(request.GroupId, request.PrincipalId);
        if (current is not null && current.EndsAt == request.EndsAt)
        {
            return Task.FromResult(current);
        }

        Simulator.Submit(new PimRequestSubmission
        {
            Target = JustInTimeRequestTarget.Eligibility,
            Action = current is null ? JustInTimeAction.AdminAssign : JustInTimeAction.AdminUpdate,
            GroupId = request.GroupId,
            PrincipalId = request.PrincipalId,
            StartsAt = current?.StartsAt,
            EndsAt = request.EndsAt,
            Justification = request.Justification,
        });
        return Task.FromResult(FindEligibility(request.GroupId, request.PrincipalId)
            ?? throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, "The eligibility was not found after it was created."));
    }

    /// <inheritdoc />
    public Task RemoveEligibilityAsync(string groupId, string principalId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateJustInTimeTarget(groupId, principalId));
        Simulator.Submit(new PimRequestSubmission
        {
            Target = JustInTimeRequestTarget.Eligibility,
            Action = JustInTimeAction.AdminRemove,
            GroupId = groupId,
            PrincipalId = principalId,
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<GroupEligibility> ListEligibilitiesAsync(JustInTimeQuery? query = null, CancellationToken cancellationToken = default) =>
        Scoped<GroupEligibility>(query) ?? Stream(Simulator.ListInForce(JustInTimeRequestTarget.Eligibility)
            .Where(s => query is null || query.Matches(s.GroupId, s.PrincipalId))
            .Select(ToEligibility), cancellationToken);

    /// <inheritdoc />
    public Task<GroupAssignment> ElevateAsync(ElevationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateElevation(request, Policy));
        if (request.OnBehalf && FindEligibility(request.GroupId, request.PrincipalId) is null)
        {
            // An approver elevates only someone the partner made eligible; PIM itself would not ask.
            GdapRules.ThrowIfAny([GdapRules.NotEligible(request.GroupId, request.PrincipalId)]);
        }

        var now = Now;
        Simulator.Submit(new PimRequestSubmission
        {
            Target = JustInTimeRequestTarget.Assignment,
            Action = request.OnBehalf ? JustInTimeAction.AdminAssign : JustInTimeAction.SelfActivate,
            GroupId = request.GroupId,
            PrincipalId = request.PrincipalId,
            StartsAt = now,
            EndsAt = now + request.Duration,
            Justification = request.Justification,
            TicketNumber = request.TicketNumber,
            TicketSystem = request.TicketSystem,
        });
        return Task.FromResult(FindAssignment(request.GroupId, request.PrincipalId)
            ?? throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, "The membership was not found after it was granted."));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<GroupAssignment> ListActiveAssignmentsAsync(JustInTimeQuery? query = null, CancellationToken cancellationToken = default) =>
        Scoped<GroupAssignment>(query) ?? Stream(Simulator.ListInForce(JustInTimeRequestTarget.Assignment)
            .Where(s => query is null || query.Matches(s.GroupId, s.PrincipalId))
            .Select(ToAssignment), cancellationToken);

    /// <inheritdoc />
    public Task RevokeAsync(string groupId, string principalId, string? justification = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateJustInTimeTarget(groupId, principalId));
        Simulator.Submit(new PimRequestSubmission
        {
            Target = JustInTimeRequestTarget.Assignment,
            Action = JustInTimeAction.AdminRemove,
            GroupId = groupId,
            PrincipalId = principalId,
            Justification = justification,
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JustInTimeRequest> ListRequestsAsync(JustInTimeQuery? query = null, CancellationToken cancellationToken = default) =>
        Scoped<JustInTimeRequest>(query) ?? Stream(Simulator.ListRequests(JustInTimeRequestTarget.Eligibility)
            .Concat(Simulator.ListRequests(JustInTimeRequestTarget.Assignment))
            .Where(r => query is null || query.Matches(r.GroupId, r.PrincipalId))
            .OrderBy(r => r.CreatedAt), cancellationToken);

    /// <summary>Refuses an unscoped list as PIM for Groups does; returns null (go on) when the query is fine.</summary>
    private static IAsyncEnumerable<T>? Scoped<T>(JustInTimeQuery? query)
    {
        GdapRules.ThrowIfAny(GdapRules.Default.ValidateJustInTimeQuery(query));
        return null;
    }

    internal static GroupEligibility ToEligibility(PimSchedule s) => new(s.Id, s.GroupId, s.PrincipalId, s.StartsAt, s.EndsAt);

    internal static GroupAssignment ToAssignment(PimSchedule s) => new(s.Id, s.GroupId, s.PrincipalId, s.Type, s.StartsAt, s.EndsAt);

    private static async IAsyncEnumerable<T> Stream<T>(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var item in items.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }

    private GroupEligibility? FindEligibility(string groupId, string principalId) =>
        Simulator.ListInForce(JustInTimeRequestTarget.Eligibility)
            .Where(s => string.Equals(s.GroupId, groupId, StringComparison.OrdinalIgnoreCase) && string.Equals(s.PrincipalId, principalId, StringComparison.OrdinalIgnoreCase))
            .Select(ToEligibility)
            .LastOrDefault();

    private GroupAssignment? FindAssignment(string groupId, string principalId) =>
        Simulator.ListInForce(JustInTimeRequestTarget.Assignment)
            .Where(s => string.Equals(s.GroupId, groupId, StringComparison.OrdinalIgnoreCase) && string.Equals(s.PrincipalId, principalId, StringComparison.OrdinalIgnoreCase))
            .Select(ToAssignment)
            .LastOrDefault();
}
