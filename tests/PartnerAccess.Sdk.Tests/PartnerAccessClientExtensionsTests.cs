using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Tests;

public class PartnerAccessClientExtensionsTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static readonly WaitOptions EveryFiveSeconds = new()
    {
        PollInterval = Duration.FromSeconds(5),
        BackoffFactor = 1,
        Timeout = Duration.FromSeconds(30),
    };

    private static IEnumerable<double> SecondsBetweenPolls(PollingFakeClient client)
    {
        var times = client.PolledAt.ToList();
        return times.Zip(times.Skip(1), (a, b) => (b - a).TotalSeconds);
    }

    [Fact]
    public async Task WaitForRelationshipStatusAsync_AlreadyThere_ReturnsAfterOnePoll()
    {
        var time = new ObservableTimeProvider();
        var client = new PollingFakeClient(time) { RelationshipStatusAt = _ => RelationshipStatus.Active };
        var start = time.GetUtcNow();

        var relationship = await client.WaitUntilActiveAsync(Sample.RelationshipId, EveryFiveSeconds);

        relationship.Status.Should().Be(RelationshipStatus.Active);
        client.Polls.Should().Be(1);
        time.GetUtcNow().Should().Be(start);
    }

    [Fact]
    public async Task WaitUntilActiveAsync_ActiveAfterThreePolls_ReturnsOnTheFourthPoll()
    {
        var time = new ObservableTimeProvider();
        var client = new PollingFakeClient(time)
        {
            RelationshipStatusAt = PollingFakeClient.After(3, RelationshipStatus.Activating, RelationshipStatus.Active),
        };
        var start = time.GetUtcNow();

        var relationship = await time.DriveAsync(client.WaitUntilActiveAsync(Sample.RelationshipId, EveryFiveSeconds), Second);

        relationship.Status.Should().Be(RelationshipStatus.Active);
        relationship.Id.Should().Be(Sample.RelationshipId);
        client.Polls.Should().Be(4);
        SecondsBetweenPolls(client).Should().Equal(5, 5, 5);
        (time.GetUtcNow() - start).Should().Be(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task WaitForRelationshipStatusAsync_NeverReached_FailsWithTimeoutAtTheDeadline()
    {
        var time = new ObservableTimeProvider();
        var client = new PollingFakeClient(time) { RelationshipStatusAt = _ => RelationshipStatus.ApprovalPending };
        var start = time.GetUtcNow();

        var act = () => time.DriveAsync(client.WaitUntilActiveAsync(Sample.RelationshipId, EveryFiveSeconds), Second);

        var exception = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        exception.ErrorCode.Should().Be(PartnerAccessErrorCode.Timeout);
        exception.Message.Should().Contain(Sample.RelationshipId).And.Contain("active");
        client.Polls.Should().Be(7, "polls at 0, 5, ..., 30 seconds");
        (time.GetUtcNow() - start).Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task WaitForRelationshipStatusAsync_Backoff_DoublesUpToTheMaximumAndStopsAtTheDeadline()
    {
        var time = new ObservableTimeProvider();
        var client = new PollingFakeClient(time);
        var options = new WaitOptions
        {
            PollInterval = Duration.FromSeconds(5),
            BackoffFactor = 2,
            MaxPollInterval = Duration.FromSeconds(60),
            Timeout = Duration.FromSeconds(200),
        };

        var act = () => time.DriveAsync(client.WaitUntilActiveAsync(Sample.RelationshipId, options), Second);

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Timeout);
        SecondsBetweenPolls(client).Should().Equal(5, 10, 20, 40, 60, 60, 5);
    }

    [Theory]
    [InlineData(RelationshipStatus.Terminated)]
    [InlineData(RelationshipStatus.TerminationRequested)]
    [InlineData(RelationshipStatus.Expiring)]
    [InlineData(RelationshipStatus.Expired)]
    public async Task WaitUntilActiveAsync_RelationshipEnds_FailsWithInvalidStateWithoutWaitingForTheDeadline(RelationshipStatus ended)
    {
        var time = new ObservableTimeProvider();
        var client = new PollingFakeClient(time) { RelationshipStatusAt = PollingFakeClient.After(2, RelationshipStatus.ApprovalPending, ended) };

        var act = () => time.DriveAsync(client.WaitUntilActiveAsync(Sample.RelationshipId, EveryFiveSeconds), Second);

        var exception = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        exception.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        exception.Message.Should().Contain($"'{GraphNames.ToGraphName(ended)}'");
        client.Polls.Should().Be(3);
    }

    [Fact]
    public async Task WaitForRelationshipStatusAsync_WaitingForAnEndedStatus_KeepsPollingThroughOtherEndedStatuses()
    {
        var time = new ObservableTimeProvider();
        var client = new PollingFakeClient(time)
        {
            RelationshipStatusAt = poll => poll switch
            {
                1 => RelationshipStatus.TerminationRequested,
                2 => RelationshipStatus.Terminating,
                _ => RelationshipStatus.Terminated,
            },
        };

        var relationship = await time.DriveAsync(
            client.WaitForRelationshipStatusAsync(Sample.RelationshipId, RelationshipStatus.Terminated, EveryFiveSeconds), Second);

        relationship.Status.Should().Be(RelationshipStatus.Terminated);
        client.Polls.Should().Be(3);
    }

    [Theory]
    [InlineData(RelationshipStatus.Expired, RelationshipStatus.Terminated)]
    [InlineData(RelationshipStatus.Expiring, RelationshipStatus.Terminated)]
    [InlineData(RelationshipStatus.Terminated, RelationshipStatus.Expired)]
    [InlineData(RelationshipStatus.TerminationRequested, RelationshipStatus.Expired)]
    [InlineData(RelationshipStatus.Terminated, RelationshipStatus.Terminating)]
    public async Task WaitForRelationshipStatusAsync_EndedOnTheOtherPath_FailsWithInvalidState(RelationshipStatus reached, RelationshipStatus awaited)
    {
        var time = new ObservableTimeProvider();
        var client = new PollingFakeClient(time) { RelationshipStatusAt = PollingFakeClient.After(1, RelationshipStatus.Active, reached) };

        var act = () => time.DriveAsync(client.WaitForRelationshipStatusAsync(Sample.RelationshipId, awaited, EveryFiveSeconds), Second);

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        client.Polls.Should().Be(2);
    }

    [Fact]
    public async Task WaitUntilActiveAsync_Cancelled_StopsWaiting()
    {
        var time = new ObservableTimeProvider();
        var client = new PollingFakeClient(time);
        using var cancellation = new CancellationTokenSource();

        var wait = client.WaitUntilActiveAsync(Sample.RelationshipId, EveryFiveSeconds, cancellation.Token);
        await time.WaitForTimerAsync();
        await cancellation.CancelAsync();

        await FluentActions.Awaiting(() => wait).Should().ThrowAsync<OperationCanceledException>();
        client.Polls.Should().Be(1);
    }

    [Fact]
    public async Task WaitUntilActiveAsync_AlreadyCancelled_DoesNotPoll()
    {
        var client = new PollingFakeClient(new ObservableTimeProvider());

        var act = () => client.WaitUntilActiveAsync(Sample.RelationshipId, EveryFiveSeconds, new CancellationToken(canceled: true));

        await act.Should().ThrowAsync<OperationCanceledException>();
        client.Polls.Should().Be(0);
    }

    [Fact]
    public async Task WaitUntilAssignmentActiveAsync_ActiveAfterTwoPolls_Returns()
    {
        var time = new ObservableTimeProvider();
        var client = new PollingFakeClient(time)
        {
            AssignmentStatusAt = PollingFakeClient.After(2, AccessAssignmentStatus.Pending, AccessAssignmentStatus.Active),
        };

        var assignment = await time.DriveAsync(client.WaitUntilAssignmentActiveAsync(Sample.RelationshipId, "a-1", EveryFiveSeconds), Second);

        assignment.Status.Should().Be(AccessAssignmentStatus.Active);
        assignment.Id.Should().Be("a-1");
        client.Polls.Should().Be(3);
    }

    [Theory]
    [InlineData(AccessAssignmentStatus.Error)]
    [InlineData(AccessAssignmentStatus.Deleting)]
    [InlineData(AccessAssignmentStatus.Deleted)]
    public async Task WaitUntilAssignmentActiveAsync_AssignmentFailsOrGoes_FailsWithInvalidState(AccessAssignmentStatus status)
    {
        var time = new ObservableTimeProvider();
        var client = new PollingFakeClient(time) { AssignmentStatusAt = PollingFakeClient.After(1, AccessAssignmentStatus.Pending, status) };

        var act = () => time.DriveAsync(client.WaitUntilAssignmentActiveAsync(Sample.RelationshipId, "a-1", EveryFiveSeconds), Second);

        var exception = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        exception.ErrorCode.Should().Be(PartnerAccessErrorCode.InvalidState);
        exception.Message.Should().Contain("a-1").And.Contain($"'{GraphNames.ToGraphName(status)}'");
    }

    [Fact]
    public async Task WaitUntilAssignmentActiveAsync_StaysPending_TimesOut()
    {
        var time = new ObservableTimeProvider();
        var client = new PollingFakeClient(time);

        var act = () => time.DriveAsync(client.WaitUntilAssignmentActiveAsync(Sample.RelationshipId, "a-1", EveryFiveSeconds), Second);

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Timeout);
    }

    [Theory]
    [InlineData(OperationStatus.Succeeded)]
    [InlineData(OperationStatus.Failed)]
    public async Task WaitForOperationAsync_FinishesAfterPolls_ReturnsTheFinishedOperation(OperationStatus final)
    {
        var time = new ObservableTimeProvider();
        var client = new PollingFakeClient(time) { OperationStatusAt = PollingFakeClient.After(2, OperationStatus.Running, final) };
        var operation = new RelationshipOperation
        {
            Id = "op-1",
            RelationshipId = Sample.RelationshipId,
            OperationType = RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate,
            Status = OperationStatus.NotStarted,
        };

        var finished = await time.DriveAsync(client.WaitForOperationAsync(operation, EveryFiveSeconds), Second);

        finished.Status.Should().Be(final);
        finished.Id.Should().Be("op-1");
        client.Polls.Should().Be(3);
    }

    [Fact]
    public async Task WaitForOperationAsync_AlreadyFinished_ReturnsWithoutPolling()
    {
        var client = new PollingFakeClient(new ObservableTimeProvider());
        var operation = new RelationshipOperation
        {
            Id = "op-1",
            RelationshipId = Sample.RelationshipId,
            OperationType = RelationshipOperationType.DelegatedAdminRelationshipUpdate,
            Status = OperationStatus.Succeeded,
        };

        (await client.WaitForOperationAsync(operation)).Should().BeSameAs(operation);
        client.Polls.Should().Be(0);
    }

    [Fact]
    public async Task RemoveGlobalAdministratorAsync_SendsTheRolesWithoutGlobalAdministrator()
    {
        var client = new PollingFakeClient(new ObservableTimeProvider());
        var relationship = Sample.Relationship(RelationshipStatus.Active, roles: [WellKnownRoles.GlobalAdministrator, WellKnownRoles.ExchangeAdministrator, WellKnownRoles.GlobalReader]);

        await client.RemoveGlobalAdministratorAsync(relationship);

        var update = client.Updates.Should().ContainSingle().Subject;
        update.Roles.Should().Equal(WellKnownRoles.ExchangeAdministrator, WellKnownRoles.GlobalReader);
        update.AutoExtendDuration.Should().BeNull();
        update.DisplayName.Should().BeNull();
    }

    [Theory]
    [InlineData(true, 180)]
    [InlineData(false, 0)]
    public async Task SetAutoExtendAsync_SendsOnlyTheAutoExtension(bool enabled, int days)
    {
        var client = new PollingFakeClient(new ObservableTimeProvider())
        {
            OnUpdate = (r, u) => new UpdateOutcome<Relationship> { Value = r with { Window = r.Window with { AutoExtendDuration = u.AutoExtendDuration!.Value } } },
        };

        var changed = await client.SetAutoExtendAsync(Sample.Relationship(RelationshipStatus.Active), enabled);

        var update = client.Updates.Should().ContainSingle().Subject;
        update.AutoExtendDuration.Should().Be(Duration.FromDays(days));
        update.Roles.Should().BeNull();
        changed.Window.AutoExtends.Should().Be(enabled);
        client.Polls.Should().Be(0);
    }

    [Fact]
    public async Task SetAutoExtendAsync_NoValueInOutcome_ReadsTheRelationshipAgain()
    {
        var client = new PollingFakeClient(new ObservableTimeProvider())
        {
            OnUpdate = (_, _) => new UpdateOutcome<Relationship>(),
            RelationshipStatusAt = _ => RelationshipStatus.Active,
        };

        var relationship = await client.SetAutoExtendAsync(Sample.Relationship(RelationshipStatus.Active), enabled: true);

        client.Polls.Should().Be(1);
        relationship.Id.Should().Be(Sample.RelationshipId);
    }

    [Fact]
    public async Task ListExpiringAsync_AsksForActiveRelationshipsExpiringWithinTheSpan()
    {
        var relationships = new[] { Sample.Relationship(RelationshipStatus.Active), Sample.Relationship(RelationshipStatus.Active, displayName: "Other") };
        var client = new PollingFakeClient(new ObservableTimeProvider()) { Relationships = relationships };

        var listed = await client.ListExpiringAsync(Duration.FromDays(30)).ToListAsync();

        listed.Should().Equal(relationships);
        var query = client.Queries.Should().ContainSingle().Subject!;
        query.Statuses.Should().Equal(RelationshipStatus.Active);
        query.ExpiringWithin.Should().Be(Duration.FromDays(30));
    }

    [Fact]
    public void WaitOptions_Defaults()
    {
        WaitOptions.Default.PollInterval.Should().Be(Duration.FromSeconds(5));
        WaitOptions.Default.MaxPollInterval.Should().Be(Duration.FromSeconds(60));
        WaitOptions.Default.BackoffFactor.Should().Be(2);
        WaitOptions.Default.Timeout.Should().Be(Duration.FromMinutes(10));
    }
}
