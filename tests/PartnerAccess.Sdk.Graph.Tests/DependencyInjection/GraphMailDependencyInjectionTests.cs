using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph.Notifications;
using PartnerAccess.Sdk.Notifications;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Graph.Tests.DependencyInjection;

public sealed class DependencyInjectionTests : EmulatorFixture
{
    [Fact]
    public async Task UseGraph_AddNotifications_AddGraphMailSender_MailsThroughTheEmulator()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Emulator.Clock);
        var gdap = services.AddPartnerAccess(o => o.PartnerTenantId = PartnerTenantId);
        gdap.UseGraph(o =>
        {
            o.BaseUrl = Emulator.GraphBaseUrl;
            o.StaticAccessToken = Token;
            o.Transport = new SocketsHttpHandler();
        });
        gdap.AddNotifications(o =>
        {
            o.Recipients.Partner.Add("agents@fabrikam.example");
            o.Planner = o.Planner with { NotifyCustomer = false };
        });
        gdap.AddGraphMailSender(o => o.Mailbox = "notices@fabrikam.example");
        await using var provider = services.BuildServiceProvider();
        provider.GetServices<INotificationSender>().Should().Contain(s => s is GraphMailNotificationSender);

        var client = provider.GetRequiredService<IPartnerAccessClient>();
        var created = await client.CreateRelationshipAsync(new CreateRelationshipRequest
        {
            DisplayName = "Via DI",
            Duration = Duration.FromDays(10),
            Roles = [WellKnownRoles.HelpdeskAdministrator],
            Customer = new CustomerParticipant(CustomerTenantId, "Contoso Ltd"),
        });
        await client.LockForApprovalAsync(created.Id);
        Emulator.Simulator.Approve(created.Id);
        Emulator.Clock.Advance(Duration.FromDays(4));

        var result = await provider.GetRequiredService<NotificationRunner>().RunOnceAsync();

        result.Sent.Should().ContainSingle().Which.Threshold.Should().Be(Duration.FromDays(7));
        Emulator.Mail.Should().ContainSingle().Which.Subject.Should().Be("GDAP access to Contoso Ltd ends in 6 days (2025-01-11)");
    }

    [Fact]
    public async Task AddGraphMailSender_WithoutMailbox_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddPartnerAccess().AddGraphMailSender(_ => { });
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphMailOptions>>().Value;

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*Mailbox*");
    }

    [Fact]
    public async Task AddGraphMailSender_TwoProblems_FailsOnStartWithBoth()
    {
        var services = new ServiceCollection();
        services.AddPartnerAccess().AddGraphMailSender(o => o.BodyFormat = (GraphMailBodyFormat)7);
        await using var provider = services.BuildServiceProvider();

        var validate = () => provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

        validate.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Failures.Should().SatisfyRespectively(
            mailbox => mailbox.Should().Contain("Mailbox"),
            format => format.Should().Contain("BodyFormat"));
    }

    [Fact]
    public async Task AddNotifications_IntervalAndPlannerThresholdInvalid_FailsOnStartWithBoth()
    {
        var services = new ServiceCollection();
        services.AddPartnerAccess().AddNotifications(o =>
        {
            o.Interval = TimeSpan.Zero;
            o.Planner = o.Planner with { ExpiryThresholds = [Duration.Zero] };
        });
        await using var provider = services.BuildServiceProvider();

        var validate = () => provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

        validate.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Failures.Should().SatisfyRespectively(
            interval => interval.Should().Contain("Interval"),
            threshold => threshold.Should().Contain("ExpiryThresholds"));
    }
}
