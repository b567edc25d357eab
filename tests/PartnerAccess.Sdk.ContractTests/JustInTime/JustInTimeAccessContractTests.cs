using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.ContractTests.JustInTime;

/// <summary>
/// One behaviour suite for every IJustInTimeAccess: the in-memory one and the Graph one over the emulator. The whole
/// flow runs with time travel: eligible, elevate, active, expires by itself; revoke early; convert standing members.
/// </summary>
public abstract class JustInTimeAccessContractTests : IAsyncLifetime
{
    protected const string Group = "5c0a4a3e-8f7b-4e0e-9d55-0d3c4e3b2a11";
    protected const string UnknownGroup = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
    protected const string Alice = "a11ce000-0000-4000-8000-000000000001";
    protected const string Bob = "b0b00000-0000-4000-8000-000000000002";
    protected const string Carol = "ca201000-0000-4000-8000-000000000003";
    private IJustInTimeHarness? _harness;

    protected IJustInTimeHarness Harness => _harness ?? throw new InvalidOperationException("Not initialised.");

    protected IJustInTimeAccess Access => Harness.Access;

    public async Task InitializeAsync()
    {
        _harness = await CreateHarnessAsync();
        await _harness.AddGroupAsync(Group);
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    protected abstract Task<IJustInTimeHarness> CreateHarnessAsync();

    protected Instant Now => Access.TimeProvider.GetCurrentInstant();

    [Fact]
    public async Task Elevate_EligibleUser_IsActiveUntilTheWindowClosesThenEndsByItself()
    {
        await Access.MakeEligibleAsync(Eligible(Alice, Duration.FromDays(30)));

        var elevation = await Access.ElevateAsync(Elevation(Alice, Duration.FromHours(4), ticket: "INC-1042"));

        elevation.Type.Should().Be(GroupAssignmentType.Activated);
        (elevation.EndsAt - elevation.StartsAt).Should().Be(Duration.FromHours(4));
        (await Active()).Should().ContainSingle(a => a.PrincipalId == Alice && a.Type == GroupAssignmentType.Activated);

        await Harness.AdvanceAsync(Duration.FromHours(3) + Duration.FromMinutes(59));
        (await Active()).Should().ContainSingle();

        await Harness.AdvanceAsync(Duration.FromMinutes(1));
        (await Active()).Should().BeEmpty("the elevation ends by itself when its window closes");
        (await Eligibilities()).Should().ContainSingle(e => e.PrincipalId == Alice, "the eligibility outlives the elevation");

        var activation = (await Requests()).Should().ContainSingle(r => r.Action == JustInTimeAction.SelfActivate).Subject;
        activation.Justification.Should().Be("Mailbox restore for Contoso");
        activation.TicketNumber.Should().Be("INC-1042");
        activation.IsElevation.Should().BeTrue();
    }

    [Fact]
    public async Task Elevate_OnBehalf_AssignsAWindowForAnEligibleUser()
    {
        await Access.MakeEligibleAsync(Eligible(Bob, Duration.FromDays(30)));

        var elevation = await Access.ElevateAsync(Elevation(Bob, Duration.FromHours(1)) with { OnBehalf = true });

        elevation.Type.Should().Be(GroupAssignmentType.Assigned);
        elevation.IsStanding.Should().BeFalse();
        elevation.EndsAt.Should().Be(elevation.StartsAt + Duration.FromHours(1));
        (await Requests()).Should().Contain(r => r.Action == JustInTimeAction.AdminAssign && r.Target == JustInTimeRequestTarget.Assignment);
    }

    [Fact]
    public async Task Revoke_ActiveElevation_EndsItEarly()
    {
        await Access.MakeEligibleAsync(Eligible(Alice, Duration.FromDays(30)));
        await Access.ElevateAsync(Elevation(Alice, Duration.FromHours(8)));
        await Harness.AdvanceAsync(Duration.FromMinutes(30));

        await Access.RevokeAsync(Group, Alice, "Work done");

        (await Active()).Should().BeEmpty();
        (await Requests()).Should().Contain(r => r.IsRevocation && r.PrincipalId == Alice);
    }

    [Fact]
    public async Task Revoke_NothingActive_FailsWithNotActive()
    {
        var act = () => Access.RevokeAsync(Group, Alice);

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.Violations.Should().ContainSingle(v => v.Code == RuleCodes.JustInTimeNotActive);
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
    }

    [Fact]
    public async Task Elevate_DurationAbovePolicy_FailsAndChangesNothing()
    {
        await Access.MakeEligibleAsync(Eligible(Alice, Duration.FromDays(30)));
        var before = (await Requests()).Count;

        var act = () => Access.ElevateAsync(Elevation(Alice, Duration.FromHours(9)));

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.JustInTimeDurationAbovePolicy);
        (await Active()).Should().BeEmpty();
        (await Requests()).Should().HaveCount(before);
    }

    [Fact]
    public async Task Elevate_SeveralBrokenRules_ReportsEveryOne()
    {
        var act = () => Access.ElevateAsync(new ElevationRequest { GroupId = "not-a-group", PrincipalId = Alice, Duration = Duration.FromMinutes(2) });

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.Violations.Select(v => v.Code).Should().BeEquivalentTo(
            [RuleCodes.JustInTimeGroupIdInvalid, RuleCodes.JustInTimeDurationBelowMinimum, RuleCodes.JustInTimeJustificationRequired]);
    }

    [Fact]
    public async Task Elevate_UserNotEligible_FailsWithNotEligibleAndChangesNothing()
    {
        var act = () => Access.ElevateAsync(Elevation(Carol, Duration.FromHours(1)));

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.Violations.Should().ContainSingle(v => v.Code == RuleCodes.JustInTimeNotEligible);
        (await Active()).Should().BeEmpty();
    }

    [Fact]
    public async Task Elevate_OnBehalfOfUserNotEligible_FailsWithNotEligible()
    {
        var act = () => Access.ElevateAsync(Elevation(Carol, Duration.FromHours(1)) with { OnBehalf = true });

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.Violations.Should().ContainSingle(v => v.Code == RuleCodes.JustInTimeNotEligible);
        (await Active()).Should().BeEmpty();
    }

    [Fact]
    public async Task Elevate_EligibilityExpired_FailsWithNotEligible()
    {
        await Access.MakeEligibleAsync(Eligible(Alice, Duration.FromDays(1)));
        await Harness.AdvanceAsync(Duration.FromDays(1));

        var act = () => Access.ElevateAsync(Elevation(Alice, Duration.FromHours(1)));

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.Violations.Should().ContainSingle(v => v.Code == RuleCodes.JustInTimeNotEligible);
    }

    [Fact]
    public async Task Elevate_WhileActive_FailsWithAlreadyActive()
    {
        await Access.MakeEligibleAsync(Eligible(Alice, Duration.FromDays(30)));
        await Access.ElevateAsync(Elevation(Alice, Duration.FromHours(1)));

        var act = () => Access.ElevateAsync(Elevation(Alice, Duration.FromHours(1)));

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
        error.Violations.Should().ContainSingle(v => v.Code == RuleCodes.JustInTimeAlreadyActive);
    }

    [Fact]
    public async Task MakeEligible_UnknownGroup_FailsWithUnknownGroupAndChangesNothing()
    {
        var act = () => Access.MakeEligibleAsync(Eligible(Alice, Duration.FromDays(30)) with { GroupId = UnknownGroup });

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.Violations.Should().ContainSingle(v => v.Code == RuleCodes.JustInTimeUnknownGroup);
        (await Eligibilities()).Should().BeEmpty();
    }

    [Fact]
    public async Task MakeEligible_UserWithoutLicence_FailsWithLicenceMissing()
    {
        await Harness.SetLicensedAsync(Carol, licensed: false);

        var act = () => Access.MakeEligibleAsync(Eligible(Carol, Duration.FromDays(30)));

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Unauthorized);
        error.Violations.Should().ContainSingle(v => v.Code == RuleCodes.JustInTimeLicenceMissing);
        (await Eligibilities()).Should().BeEmpty();
    }

    [Fact]
    public async Task MakeEligible_EndInThePast_FailsAndChangesNothing()
    {
        var act = () => Access.MakeEligibleAsync(Eligible(Alice, -Duration.FromDays(1)));

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.Violations.Should().ContainSingle(v => v.Code == RuleCodes.JustInTimeEligibilityWindowInvalid);
        (await Requests()).Should().BeEmpty();
    }

    [Fact]
    public async Task MakeEligible_Twice_IsIdempotentAndANewEndUpdatesIt()
    {
        var first = await Access.MakeEligibleAsync(Eligible(Alice, Duration.FromDays(30)));
        var again = await Access.MakeEligibleAsync(Eligible(Alice, Duration.FromDays(30)) with { EndsAt = first.EndsAt!.Value });
        var longer = await Access.MakeEligibleAsync(Eligible(Alice, Duration.FromDays(60)));

        again.Should().Be(first);
        longer.Id.Should().Be(first.Id);
        (longer.EndsAt > first.EndsAt).Should().BeTrue();
        (await Eligibilities()).Should().ContainSingle();
    }

    [Fact]
    public async Task RemoveEligibility_ThenElevate_FailsWithNotEligible()
    {
        await Access.MakeEligibleAsync(Eligible(Alice, Duration.FromDays(30)));

        await Access.RemoveEligibilityAsync(Group, Alice);

        (await Eligibilities()).Should().BeEmpty();
        var act = () => Access.ElevateAsync(Elevation(Alice, Duration.FromHours(1)));
        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.Violations.Should().ContainSingle(v => v.Code == RuleCodes.JustInTimeNotEligible);
    }

    [Fact]
    public async Task ConvertStandingMembers_StandingMembers_BecomeEligibleAndLoseStandingAccess()
    {
        await Harness.AddStandingMemberAsync(Group, Alice);
        await Harness.AddStandingMemberAsync(Group, Bob);
        await Access.MakeEligibleAsync(Eligible(Bob, Duration.FromDays(10)));
        (await Active()).Should().OnlyContain(a => a.IsStanding).And.HaveCount(2);

        var result = await Access.ConvertStandingMembersAsync(Group, Now + Duration.FromDays(90), "Zero standing access");

        result.Members.Should().HaveCount(2);
        result.Members.Single(m => m.PrincipalId == Alice).Outcome.Should().Be(StandingMemberOutcome.Converted);
        result.Members.Single(m => m.PrincipalId == Bob).Outcome.Should().Be(StandingMemberOutcome.StandingRemoved);
        (await Active()).Should().BeEmpty();
        (await Eligibilities()).Select(e => e.PrincipalId).Should().BeEquivalentTo([Alice, Bob]);

        var again = await Access.ConvertStandingMembersAsync(Group, Now + Duration.FromDays(90));
        again.Members.Should().BeEmpty("a second run finds nothing left to do");
    }

    [Fact]
    public async Task ConvertStandingMembers_FailureMidway_NeverLeavesNeitherAndResumes()
    {
        await Harness.AddStandingMemberAsync(Group, Alice);
        await Harness.AddStandingMemberAsync(Group, Bob);
        var failing = new FailingRevoke(Access, failOnCall: 2);

        var act = () => failing.ConvertStandingMembersAsync(Group, Now + Duration.FromDays(90));
        await act.Should().ThrowAsync<PartnerAccessException>();

        // Whoever lost standing access is eligible; nobody holds neither.
        var active = (await Active()).Select(a => a.PrincipalId).ToHashSet();
        var eligible = (await Eligibilities()).Select(e => e.PrincipalId).ToHashSet();
        foreach (var member in new[] { Alice, Bob })
        {
            (active.Contains(member) || eligible.Contains(member)).Should().BeTrue(member + " must keep one of the two");
        }

        var resumed = await Access.ConvertStandingMembersAsync(Group, Now + Duration.FromDays(90));

        resumed.Members.Should().ContainSingle();
        (await Active()).Should().BeEmpty();
        (await Eligibilities()).Select(e => e.PrincipalId).Should().BeEquivalentTo([Alice, Bob]);
    }

    [Fact]
    public async Task ConvertStandingMembers_WindowTooLong_FailsBeforeChangingAnything()
    {
        await Harness.AddStandingMemberAsync(Group, Alice);

        var act = () => Access.ConvertStandingMembersAsync(Group, Now + Duration.FromDays(400));

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.Violations.Should().ContainSingle(v => v.Code == RuleCodes.JustInTimeEligibilityWindowInvalid);
        (await Active()).Should().ContainSingle(a => a.IsStanding);
        (await Eligibilities()).Should().BeEmpty();
    }

    protected EligibilityRequest Eligible(string principalId, Duration fromNow) => new()
    {
        GroupId = Group,
        PrincipalId = principalId,
        EndsAt = Now + fromNow,
        Justification = "On the Exchange rota",
    };

    protected static ElevationRequest Elevation(string principalId, Duration duration, string? ticket = null) => new()
    {
        GroupId = Group,
        PrincipalId = principalId,
        Duration = duration,
        Justification = "Mailbox restore for Contoso",
        TicketNumber = ticket,
        TicketSystem = ticket is null ? null : "ServiceNow",
    };

    private async Task<List<GroupAssignment>> Active() => await Access.ListActiveAssignmentsAsync(new JustInTimeQuery { GroupId = Group }).ToListAsync();

    private async Task<List<GroupEligibility>> Eligibilities() => await Access.ListEligibilitiesAsync(new JustInTimeQuery { GroupId = Group }).ToListAsync();

    private async Task<List<JustInTimeRequest>> Requests() => await Access.ListRequestsAsync(new JustInTimeQuery { GroupId = Group }).ToListAsync();

    /// <summary>Passes every call through, except that the n-th revoke fails as a dropped connection would.</summary>
    private sealed class FailingRevoke(IJustInTimeAccess inner, int failOnCall) : IJustInTimeAccess
    {
        private int _revokes;

        public TimeProvider TimeProvider => inner.TimeProvider;

        public JustInTimePolicy Policy => inner.Policy;

        public Task<GroupEligibility> MakeEligibleAsync(EligibilityRequest request, CancellationToken cancellationToken = default) => inner.MakeEligibleAsync(request, cancellationToken);

        public Task RemoveEligibilityAsync(string groupId, string principalId, CancellationToken cancellationToken = default) => inner.RemoveEligibilityAsync(groupId, principalId, cancellationToken);

        public IAsyncEnumerable<GroupEligibility> ListEligibilitiesAsync(JustInTimeQuery? query = null, CancellationToken cancellationToken = default) => inner.ListEligibilitiesAsync(query, cancellationToken);

        public Task<GroupAssignment> ElevateAsync(ElevationRequest request, CancellationToken cancellationToken = default) => inner.ElevateAsync(request, cancellationToken);

        public IAsyncEnumerable<GroupAssignment> ListActiveAssignmentsAsync(JustInTimeQuery? query = null, CancellationToken cancellationToken = default) => inner.ListActiveAssignmentsAsync(query, cancellationToken);

        public Task RevokeAsync(string groupId, string principalId, string? justification = null, CancellationToken cancellationToken = default) =>
            ++_revokes == failOnCall
                ? throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, "The connection dropped.")
                : inner.RevokeAsync(groupId, principalId, justification, cancellationToken);

        public IAsyncEnumerable<JustInTimeRequest> ListRequestsAsync(JustInTimeQuery? query = null, CancellationToken cancellationToken = default) => inner.ListRequestsAsync(query, cancellationToken);
    }
}
