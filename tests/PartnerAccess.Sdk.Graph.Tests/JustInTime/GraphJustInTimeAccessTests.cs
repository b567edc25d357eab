using System.Net;
using System.Text.Json;
using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.JustInTime;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Graph.Tests.JustInTime;

/// <summary>What only the Graph implementation does: the wire shape, and resolving lost answers by reading.</summary>
public sealed class GraphJustInTimeAccessTests : IAsyncLifetime
{
    private const string Group = "5c0a4a3e-8f7b-4e0e-9d55-0d3c4e3b2a11";
    private const string Alice = "a11ce000-0000-4000-8000-000000000001";
    private readonly FaultyPimTransport _transport = new();
    private EmulatorHost? _host;
    private GraphPartnerAccessClient? _client;

    private EmulatorHost Host => _host!;

    private GraphJustInTimeAccess Access => new(_client!);

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync();
        _client = Host.CreateClient(o => o.Transport = _transport);
        Host.Emulator.JustInTime.AddGroup(Group, "GDAP - Exchange administrators");
        Host.Emulator.JustInTime.Submit(new Testing.PimRequestSubmission
        {
            Target = JustInTimeRequestTarget.Eligibility,
            Action = JustInTimeAction.AdminAssign,
            GroupId = Group,
            PrincipalId = Alice,
            EndsAt = Host.Emulator.Clock.GetCurrentInstant() + Duration.FromDays(30),
        });
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        _transport.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task ElevateAsync_SendsGraphsShape()
    {
        await Access.ElevateAsync(Elevation());

        var body = JsonDocument.Parse(_transport.PostedBodies.Single()).RootElement;
        body.GetProperty("accessId").GetString().Should().Be("member");
        body.GetProperty("action").GetString().Should().Be("selfActivate");
        body.GetProperty("groupId").GetString().Should().Be(Group);
        body.GetProperty("principalId").GetString().Should().Be(Alice);
        body.GetProperty("justification").GetString().Should().Be("Mailbox restore");
        var expiration = body.GetProperty("scheduleInfo").GetProperty("expiration");
        expiration.GetProperty("type").GetString().Should().Be("afterDuration");
        expiration.GetProperty("duration").GetString().Should().Be("PT4H");
        body.GetProperty("ticketInfo").GetProperty("ticketNumber").GetString().Should().Be("INC-7");
    }

    [Fact]
    public async Task ElevateAsync_AnswerLostAfterProcessing_ReadsTheElevationInsteadOfSendingAgain()
    {
        _transport.LoseNextPostAnswer = true;

        var elevation = await Access.ElevateAsync(Elevation());

        elevation.PrincipalId.Should().Be(Alice);
        _transport.PostedBodies.Should().ContainSingle("the lost answer is resolved by reading, not by a second activation");
        Host.Emulator.JustInTime.ListRequests(JustInTimeRequestTarget.Assignment).Should().ContainSingle();
    }

    [Fact]
    public async Task ElevateAsync_ServerErrorBeforeProcessing_SendsAgainAfterReadingNothingHappened()
    {
        _transport.FailNextPostWith500 = true;

        var elevation = await Access.ElevateAsync(Elevation());

        elevation.Type.Should().Be(GroupAssignmentType.Activated);
        _transport.PostedBodies.Should().HaveCount(2);
        Host.Emulator.JustInTime.ListRequests(JustInTimeRequestTarget.Assignment).Should().ContainSingle();
    }

    [Fact]
    public async Task RevokeAsync_AnswerLost_CompletesWhenTheMembershipIsGone()
    {
        await Access.ElevateAsync(Elevation());
        _transport.LoseNextPostAnswer = true;

        await Access.RevokeAsync(Group, Alice);

        (await Access.ListActiveAssignmentsAsync(new JustInTimeQuery { GroupId = Group }).ToListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task ElevateAsync_ServicePolicyShorterThanPartners_FailsWithDurationAbovePolicyFromGraphsErrorCode()
    {
        Host.Emulator.JustInTime.Configure(new Testing.PimForGroupsOptions { MaximumActivation = Duration.FromHours(2) });

        var act = () => Access.ElevateAsync(Elevation());

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.ServiceErrorCode.Should().Be("RoleAssignmentRequestPolicyValidationFailed");
        error.Violations.Should().ContainSingle().Which.Code.Should().Be(RuleCodes.JustInTimeDurationAbovePolicy);
    }

    [Fact]
    public async Task ListActiveAssignmentsAsync_NoGroupOrUser_FailsWithScopeRequiredWithoutSending()
    {
        var act = async () => await Access.ListActiveAssignmentsAsync().ToListAsync();

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.Violations.Should().ContainSingle(v => v.Code == RuleCodes.JustInTimeScopeRequired);
        _transport.Requests.Should().Be(0);
    }

    private static ElevationRequest Elevation() => new()
    {
        GroupId = Group,
        PrincipalId = Alice,
        Duration = Duration.FromHours(4),
        Justification = "Mailbox restore",
        TicketNumber = "INC-7",
        TicketSystem = "ServiceNow",
    };

    /// <summary>Forwards to the emulator; can lose the answer of the next PIM POST, or fail it with a 500 before it is processed.</summary>
    private sealed class FaultyPimTransport : DelegatingHandler
    {
        public FaultyPimTransport()
            : base(new SocketsHttpHandler())
        {
        }

        public bool LoseNextPostAnswer { get; set; }

        public bool FailNextPostWith500 { get; set; }

        public List<string> PostedBodies { get; } = [];

        public int Requests { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            var isPimPost = request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.Contains("privilegedAccess/group", StringComparison.Ordinal);
            if (isPimPost)
            {
                PostedBodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
                if (FailNextPostWith500)
                {
                    FailNextPostWith500 = false;
                    return new HttpResponseMessage(HttpStatusCode.InternalServerError)
                    {
                        Content = new StringContent("""{"error":{"code":"UnknownError","message":"Something went wrong."}}""", System.Text.Encoding.UTF8, "application/json"),
                    };
                }
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (isPimPost && LoseNextPostAnswer)
            {
                LoseNextPostAnswer = false;
                response.Dispose();
                throw new HttpRequestException("The connection was reset (the answer was lost).");
            }

            return response;
        }
    }
}
