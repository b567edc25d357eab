using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Notifications;
using PartnerAccess.Sdk.Relationships;
using static PartnerAccess.Sdk.TestSupport.Fixtures;

namespace PartnerAccess.Sdk.Governance.Tests.Notifications;

public class NotificationPlannerTests
{
    private static readonly NotificationPlanner PartnerOnly = new(new NotificationPlannerOptions { NotifyCustomer = false });

    [Theory]
    [InlineData(31.0, null)]
    [InlineData(30.0, 30)]
    [InlineData(12.5, 30)]
    [InlineData(7.0, 7)]
    [InlineData(2.0, 7)]
    [InlineData(1.0, 1)]
    [InlineData(0.1, 1)]
    public void Plan_DaysLeft_NamesTheSmallestThresholdCrossed(double daysLeft, int? expected)
    {
        var relationship = Active(1, T0, 365);
        var now = relationship.EndsAt!.Value - Duration.FromHours(daysLeft * 24);

        var notices = PartnerOnly.Plan([relationship], now);

        if (expected is null)
        {
            notices.Should().BeEmpty();
            return;
        }

        var notice = notices.Should().ContainSingle().Subject;
        notice.Kind.Should().Be(NotificationKind.ExpiringSoon);
        notice.Threshold.Should().Be(Duration.FromDays(expected.Value));
        notice.WindowEnd.Should().Be(relationship.EndsAt);
        notice.DaysLeft.Should().Be((int)Math.Ceiling(daysLeft));
    }

    [Fact]
    public void Plan_AutoExtendingRelationship_GetsNoExpiryWarning()
    {
        var relationship = Active(1, T0, 365, autoExtend: true);

        var notices = PartnerOnly.Plan([relationship], relationship.EndsAt!.Value - Duration.FromDays(1));

        notices.Should().BeEmpty();
    }

    [Fact]
    public void Plan_ExpiringWithGlobalAdministrator_SaysWhyItCannotAutoExtend()
    {
        var withGa = Active(1, T0, 365, roles: [WellKnownRoles.GlobalAdministrator, WellKnownRoles.UserAdministrator]);
        var withoutGa = Active(2, T0, 365);
        var now = withGa.EndsAt!.Value - Duration.FromDays(6);

        var notices = PartnerOnly.Plan([withGa, withoutGa], now);

        notices.Should().HaveCount(2);
        notices.Single(n => n.Relationship.Id == withGa.Id).AutoExtendBlockedReason.Should().Contain("Global Administrator").And.Contain("auto-extend");
        notices.Single(n => n.Relationship.Id == withoutGa.Id).AutoExtendBlockedReason.Should().BeNull();
    }

    [Fact]
    public void Plan_ExpiredRecently_PlansExpired_ButNotLongAfter()
    {
        var relationship = Active(1, T0, 90) with { Status = RelationshipStatus.Expired };
        var end = relationship.EndsAt!.Value;

        PartnerOnly.Plan([relationship], end + Duration.FromDays(2)).Should().ContainSingle()
            .Which.Should().Match<Notice>(n => n.Kind == NotificationKind.Expired && n.WindowEnd == end);
        PartnerOnly.Plan([relationship], end + Duration.FromDays(8)).Should().BeEmpty();
    }

    [Fact]
    public void Plan_ActiveButPastItsEnd_PlansExpiredWithTheSameKeyAsTheExpiredStatus()
    {
        var active = Active(1, T0, 90);
        var now = active.EndsAt!.Value + Duration.FromMinutes(5);
        var expired = active with { Status = RelationshipStatus.Expired };

        var before = PartnerOnly.Plan([active], now).Single();
        var after = PartnerOnly.Plan([expired], now + Duration.FromHours(1)).Single();

        before.Kind.Should().Be(NotificationKind.Expired);
        after.DedupeKey.Should().Be(before.DedupeKey);
    }

    [Fact]
    public void Plan_AfterAnAutoExtension_PlansAutoExtendedOncePerExtension()
    {
        var first = Active(1, T0, 90, autoExtend: true, endsAt: T0 + Duration.FromDays(270));
        var second = first with { Window = first.Window with { EndsAt = T0 + Duration.FromDays(450) } };

        var one = PartnerOnly.Plan([first], T0 + Duration.FromDays(91)).Should().ContainSingle().Subject;
        var two = PartnerOnly.Plan([second], T0 + Duration.FromDays(271)).Should().ContainSingle().Subject;

        one.Kind.Should().Be(NotificationKind.AutoExtended);
        one.WindowEnd.Should().Be(T0 + Duration.FromDays(270));
        two.DedupeKey.Should().NotBe(one.DedupeKey);
        PartnerOnly.Plan([first], T0 + Duration.FromDays(120)).Should().BeEmpty("the extension is no longer news");
        PartnerOnly.Plan([Active(3, T0, 90, autoExtend: true)], T0 + Duration.FromDays(3)).Should().BeEmpty("it never extended");
    }

    [Theory]
    [InlineData(70, null)]
    [InlineData(77, 14)]
    [InlineData(86, 14)]
    [InlineData(88, 3)]
    [InlineData(91, null)]
    public void Plan_ApprovalPending_WarnsBeforeTheNinetyDayCleanUp(int daysWaiting, int? expected)
    {
        var pending = Pending(1, T0);

        var notices = PartnerOnly.Plan([pending], T0 + Duration.FromDays(daysWaiting));

        if (expected is null)
        {
            notices.Should().BeEmpty();
            return;
        }

        var notice = notices.Should().ContainSingle().Subject;
        notice.Kind.Should().Be(NotificationKind.ApprovalPendingCleanupSoon);
        notice.Threshold.Should().Be(Duration.FromDays(expected.Value));
        notice.WindowEnd.Should().Be(T0 + Duration.FromDays(90));
    }

    [Fact]
    public void Plan_Terminated_PlansTerminatedWhileRecent()
    {
        var terminated = Active(1, T0, 365) with { Status = RelationshipStatus.Terminated, LastModifiedAt = T0 + Duration.FromDays(10) };

        PartnerOnly.Plan([terminated], T0 + Duration.FromDays(11)).Should().ContainSingle().Which.Kind.Should().Be(NotificationKind.Terminated);
        PartnerOnly.Plan([terminated], T0 + Duration.FromDays(30)).Should().BeEmpty();
    }

    [Fact]
    public void Plan_BothAudiences_CustomerNoticeOnlyWhenTheCustomerIsKnown()
    {
        var planner = new NotificationPlanner();
        var known = Active(1, T0, 365);
        var anonymous = Pending(2, T0);

        var notices = planner.Plan([known, anonymous], known.EndsAt!.Value - Duration.FromDays(5));

        notices.Where(n => n.Relationship.Id == known.Id).Select(n => n.Audience).Should().BeEquivalentTo([NotificationAudience.Partner, NotificationAudience.Customer]);
        notices.Select(n => n.DedupeKey).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void DedupeKey_SameEventPlannedTwice_IsStable_AndARenewalGetsANewKey()
    {
        var relationship = Active(1, T0, 365);
        var renewed = Active(2, T0 + Duration.FromDays(360), 365, name: "Contoso support 1 R2");

        var a = PartnerOnly.Plan([relationship], relationship.EndsAt!.Value - Duration.FromDays(6)).Single();
        var b = PartnerOnly.Plan([relationship], relationship.EndsAt!.Value - Duration.FromDays(2)).Single();
        var c = PartnerOnly.Plan([renewed], renewed.EndsAt!.Value - Duration.FromDays(6)).Single();

        b.DedupeKey.Should().Be(a.DedupeKey);
        a.DedupeKey.Should().Be($"gdap-notice/v1/{relationship.Id}/expiringSoon/partner/7d/2026-01-01T09:00:00Z");
        c.DedupeKey.Should().NotBe(a.DedupeKey);
    }

    [Fact]
    public void Plan_KindsOption_FiltersKinds()
    {
        var planner = new NotificationPlanner(new NotificationPlannerOptions { Kinds = [NotificationKind.Expired], NotifyCustomer = false });
        var expiring = Active(1, T0, 365);

        planner.Plan([expiring], expiring.EndsAt!.Value - Duration.FromDays(1)).Should().BeEmpty();
    }

    [Fact]
    public void Constructor_NonPositiveThreshold_Throws()
    {
        var act = () => new NotificationPlanner(new NotificationPlannerOptions { ExpiryThresholds = [Duration.Zero] });

        act.Should().Throw<ArgumentException>();
    }
}
